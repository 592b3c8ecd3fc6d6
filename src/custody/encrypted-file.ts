/**
 * `file:PATH` — a key encrypted under a passphrase. scrypt derives 64 bytes from the passphrase
 * and a random salt (its parameters are recorded in the file, so they can be raised later without
 * breaking old files); the first 32 key AES-256-GCM, the last 32 key an HMAC "check" value that
 * tells a wrong passphrase apart from a modified file. The header (format, KDF, metadata) is the
 * GCM additional data: editing venue or env in the file breaks the tag just like editing the
 * ciphertext. Files are written 0600 through a temp file and a rename.
 */
import {
  type BinaryLike,
  createCipheriv,
  createDecipheriv,
  createHmac,
  randomBytes,
  type ScryptOptions,
  scrypt,
  timingSafeEqual,
} from 'node:crypto';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { revealSecret, type Secret } from '../core/secret.js';
import { CustodyError, shellQuote } from './errors.js';
import { writeFileAtomic } from './safe-file.js';
import { deserializeMaterial, type KeyMaterial, serializeMaterial } from './material.js';

export const KEY_FILE_FORMAT = 'quantdeck-key';
export const KEY_FILE_VERSION = 1;

export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

/** 2^17 × 8 × 128 bytes = 128 MiB and about half a second: the cost an attacker pays per guess. */
export const DEFAULT_SCRYPT: ScryptParams = { N: 2 ** 17, r: 8, p: 1 };

/**
 * The band of scrypt parameters a key file may ask for. The file is read before anything in it is
 * verified, so a hostile or corrupted file must not choose the work: N = 2^22, r = 32, p = 16
 * would take 16 GiB and hours. The band sits around the default: N 2^17 (128 MiB) to 2^20
 * (1 GiB, the memory cap), r fixed at 8 (the value every scrypt deployment uses), p 1 or 2.
 */
export const SCRYPT_BAND = { minLog2N: 17, maxLog2N: 20, r: 8, maxP: 2 } as const;

/** scrypt needs 128·N·r bytes; nothing in the band needs more than this. */
export const SCRYPT_MAX_MEMORY = 128 * 2 ** SCRYPT_BAND.maxLog2N * SCRYPT_BAND.r;

/** A key file whose scrypt parameters lie outside SCRYPT_BAND: refused before any derivation. */
export class KdfParamsError extends CustodyError {
  override readonly name: string = 'KdfParamsError';
}

/** Throws KdfParamsError naming the first parameter outside the band (and the band). */
export function assertScryptParams(params: { N: unknown; r: unknown; p: unknown }, where: string): void {
  const band = `quantdeck accepts N 2^${SCRYPT_BAND.minLog2N}–2^${SCRYPT_BAND.maxLog2N}, r ${SCRYPT_BAND.r}, p 1–${SCRYPT_BAND.maxP}`;
  const refuse = (what: string): never => {
    throw new KdfParamsError(
      `${where}: scrypt ${what} is outside the accepted band (${band}); nothing was derived`,
    );
  };
  const { N, r, p } = params;
  const log2N = typeof N === 'number' && Number.isInteger(N) && N > 0 ? Math.log2(N) : Number.NaN;
  if (!Number.isInteger(log2N) || log2N < SCRYPT_BAND.minLog2N || log2N > SCRYPT_BAND.maxLog2N) {
    refuse(`N=${describeNumber(N)}`);
  }
  if (r !== SCRYPT_BAND.r) refuse(`r=${describeNumber(r)}`);
  if (typeof p !== 'number' || !Number.isInteger(p) || p < 1 || p > SCRYPT_BAND.maxP)
    refuse(`p=${describeNumber(p)}`);
  if (128 * (N as number) * (r as number) > SCRYPT_MAX_MEMORY) refuse('memory');
}

// The parameter as a short printable token: a file's value is untrusted text.
function describeNumber(value: unknown): string {
  if (typeof value !== 'number') return `(${typeof value})`;
  const log2 = Math.log2(value);
  return Number.isInteger(log2) && log2 >= 10 ? `${value} (2^${log2})` : String(value).slice(0, 24);
}

/** Non-secret facts stored in the clear (and authenticated), so `keys list` needs no passphrase. */
export interface KeyFileMeta {
  venue: string;
  env: string;
  keyId: string;
  createdAt: string;
}

interface Container {
  format: typeof KEY_FILE_FORMAT;
  version: typeof KEY_FILE_VERSION;
  meta: KeyFileMeta;
  kdf: { name: 'scrypt'; N: number; r: number; p: number; salt: string };
  cipher: { name: 'aes-256-gcm'; iv: string; tag: string };
  check: string;
  ciphertext: string;
}

const CHECK_LABEL = 'quantdeck passphrase check v1';

function deriveKeys(
  passphrase: Secret,
  salt: Buffer,
  params: ScryptParams,
  where: string,
): Promise<{ aes: Buffer; mac: Buffer }> {
  assertScryptParams(params, where);
  // OpenSSL counts the 128·r·p block buffer and two spare rows on top of 128·N·r.
  const options: ScryptOptions = {
    N: params.N,
    r: params.r,
    p: params.p,
    maxmem: SCRYPT_MAX_MEMORY + 1024 * 1024,
  };
  const password: BinaryLike = Buffer.from(revealSecret(passphrase), 'utf8');
  return new Promise((resolve, reject) => {
    scrypt(password, salt, 64, options, (error, derived) => {
      if (error !== null) reject(new CustodyError(`scrypt failed: ${error.message}`));
      else resolve({ aes: derived.subarray(0, 32), mac: derived.subarray(32) });
    });
  });
}

// A fixed serialization of everything outside the ciphertext that must not change.
function additionalData(c: Pick<Container, 'format' | 'version' | 'meta' | 'kdf'>): Buffer {
  const { meta, kdf } = c;
  return Buffer.from(
    JSON.stringify([
      c.format,
      c.version,
      kdf.name,
      kdf.N,
      kdf.r,
      kdf.p,
      kdf.salt,
      meta.venue,
      meta.env,
      meta.keyId,
      meta.createdAt,
    ]),
    'utf8',
  );
}

/** Encrypts key material into the JSON text of a key file. */
export async function sealKey(
  material: KeyMaterial,
  passphrase: Secret,
  meta: KeyFileMeta,
  params: ScryptParams = DEFAULT_SCRYPT,
): Promise<string> {
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const { aes, mac } = await deriveKeys(passphrase, salt, params, 'key file parameters');
  const header: Pick<Container, 'format' | 'version' | 'meta' | 'kdf'> = {
    format: KEY_FILE_FORMAT,
    version: KEY_FILE_VERSION,
    meta,
    kdf: { name: 'scrypt' as const, ...params, salt: salt.toString('base64') },
  };
  const cipher = createCipheriv('aes-256-gcm', aes, iv);
  cipher.setAAD(additionalData(header));
  const plaintext = Buffer.from(serializeMaterial(material), 'utf8');
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  plaintext.fill(0);
  const container: Container = {
    ...header,
    cipher: { name: 'aes-256-gcm', iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64') },
    check: createHmac('sha256', mac).update(CHECK_LABEL).digest('base64'),
    ciphertext: ciphertext.toString('base64'),
  };
  aes.fill(0);
  mac.fill(0);
  return `${JSON.stringify(container, null, 2)}\n`;
}

/** Decrypts the JSON text of a key file; `where` names the file in every message. */
export async function unsealKey(text: string, passphrase: Secret, where: string): Promise<KeyMaterial> {
  const container = parseContainer(text, where);
  const { aes, mac } = await deriveKeys(
    passphrase,
    Buffer.from(container.kdf.salt, 'base64'),
    container.kdf,
    where,
  );
  const expected = createHmac('sha256', mac).update(CHECK_LABEL).digest();
  const stored = Buffer.from(container.check, 'base64');
  mac.fill(0);
  if (stored.length !== expected.length || !timingSafeEqual(stored, expected)) {
    aes.fill(0);
    throw new CustodyError(`wrong passphrase for ${where}`);
  }
  const decipher = createDecipheriv('aes-256-gcm', aes, Buffer.from(container.cipher.iv, 'base64'));
  decipher.setAAD(additionalData(container));
  decipher.setAuthTag(Buffer.from(container.cipher.tag, 'base64'));
  let plaintext: Buffer;
  try {
    plaintext = Buffer.concat([
      decipher.update(Buffer.from(container.ciphertext, 'base64')),
      decipher.final(),
    ]);
  } catch {
    throw new CustodyError(
      `${where} failed the AES-256-GCM integrity check: the file was modified or corrupted (tampered). Refusing to use it; restore it from a backup or add the key again`,
    );
  } finally {
    aes.fill(0);
  }
  try {
    return deserializeMaterial(plaintext.toString('utf8'), where);
  } finally {
    plaintext.fill(0);
  }
}

/** The clear part of a key file, for listings; throws a named error on a malformed file. */
export function readKeyFileMeta(path: string): KeyFileMeta {
  return parseContainer(readFileSync(path, 'utf8'), path).meta;
}

function parseContainer(text: string, where: string): Container {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new CustodyError(`${where} is not a quantdeck key file (not JSON)`);
  }
  const fail = (field: string): never => {
    throw new CustodyError(`${where} is not a valid quantdeck key file: field ${field} is missing or wrong`);
  };
  const c = parsed as Partial<Container> | null;
  if (c === null || typeof c !== 'object') return fail('(root)');
  if (c.format !== KEY_FILE_FORMAT) fail('format');
  if (c.version !== KEY_FILE_VERSION) {
    throw new CustodyError(
      `${where}: key file version ${String(c.version)} is not supported (this quantdeck reads version ${KEY_FILE_VERSION})`,
    );
  }
  const kdf = c.kdf;
  if (kdf?.name !== 'scrypt') return fail('kdf.name');
  assertScryptParams(kdf, where);
  for (const [field, value] of [
    ['kdf.salt', kdf.salt],
    ['cipher.iv', c.cipher?.iv],
    ['cipher.tag', c.cipher?.tag],
    ['check', c.check],
    ['ciphertext', c.ciphertext],
  ] as const) {
    if (typeof value !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(value)) fail(field);
  }
  if (c.cipher?.name !== 'aes-256-gcm') fail('cipher.name');
  const meta = c.meta;
  for (const field of ['venue', 'env', 'keyId', 'createdAt'] as const) {
    if (typeof meta?.[field] !== 'string') fail(`meta.${field}`);
  }
  return c as Container;
}

/** Refuses a key file that group or others can read or write, with the command that fixes it. */
export function assertPrivateFile(path: string): void {
  let mode: number;
  try {
    mode = statSync(path).mode;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CustodyError(
      code === 'ENOENT' ? `key file ${path} does not exist` : `cannot read key file ${path} (${code})`,
    );
  }
  if ((mode & 0o077) !== 0) {
    const octal = (mode & 0o777).toString(8).padStart(4, '0');
    throw new CustodyError(
      `${path} is readable by group or others (mode ${octal}); refusing to use it. Fix it with: chmod 600 ${shellQuote(path)}`,
    );
  }
}

export async function readKeyFile(path: string, passphrase: Secret): Promise<KeyMaterial> {
  assertPrivateFile(path);
  return unsealKey(readFileSync(path, 'utf8'), passphrase, path);
}

/** Writes (or replaces, for rotation) a key file, 0600, atomically. */
export async function writeKeyFile(
  path: string,
  material: KeyMaterial,
  passphrase: Secret,
  meta: KeyFileMeta,
  params: ScryptParams = DEFAULT_SCRYPT,
): Promise<void> {
  const text = await sealKey(material, passphrase, meta, params);
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  writeFileAtomic(path, text, 'key file');
}
