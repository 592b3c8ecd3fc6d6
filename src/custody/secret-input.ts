/**
 * Reading a new key for `keys add` / `keys rotate`: typed at hidden prompts on a terminal, or
 * piped on stdin in this format (documented in src/custody/README.md):
 *
 *   api-key: <the API key>
 *   api-secret: <the secret>             (HMAC venues)
 *   passphrase: <the key's passphrase>   (OKX)
 *   private-key: <one-line key>          (hex 0x…, base64) — or, for a PEM:
 *   private-key:
 *   -----BEGIN PRIVATE KEY-----
 *   …
 *   -----END PRIVATE KEY-----
 *   wallet-address: 0x…                  (Hyperliquid: the master account the agent key trades for)
 *
 * One field per line, `name: value`; blank lines and lines starting with # are ignored. Errors
 * name the line number, never its content (it may be a secret pasted without its label).
 */
import { Secret } from '../core/secret.js';
import { registerSecret } from '../log/secret-registry.js';
import { CustodyError } from './errors.js';
import { type KeyMaterial, PART_NAMES, partByName } from './material.js';
import { ask, type Terminal } from './tty-prompt.js';
import type { KeyFacts, KeyPart } from '../venues/descriptor.js';

const FIELD = /^([a-z-]+)[ \t]*:[ \t]?(.*)$/;

function setPart(material: KeyMaterial, part: KeyPart, value: string, where: string): void {
  if (value.trim() === '') throw new CustodyError(`${where}: ${PART_NAMES[part]} is empty`);
  if (material[part] !== undefined) throw new CustodyError(`${where}: ${PART_NAMES[part]} is given twice`);
  if (part === 'walletAddress') material.walletAddress = value.trim();
  else {
    const secret = new Secret(value.trim(), PART_NAMES[part]);
    registerSecret(secret);
    material[part] = secret;
  }
}

export function parseKeyInput(text: string, where = 'stdin'): KeyMaterial {
  const material: KeyMaterial = {};
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i] as string;
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const match = FIELD.exec(line);
    const part = match === null ? undefined : partByName(match[1] as string);
    if (match === null || part === undefined) {
      throw new CustodyError(
        `${where} line ${i + 1} is not 'field: value' with a known field (${Object.values(PART_NAMES).join(', ')}); its content is not shown`,
      );
    }
    let value = match[2] as string;
    if (part === 'privateKey' && (value.trim() === '' || value.startsWith('-----BEGIN'))) {
      const pem: string[] = value.trim() === '' ? [] : [value.trim()];
      while (!(pem[pem.length - 1] ?? '').startsWith('-----END')) {
        i += 1;
        if (i >= lines.length) throw new CustodyError(`${where}: private-key PEM has no -----END line`);
        const next = (lines[i] as string).trim();
        if (next !== '') pem.push(next);
      }
      value = pem.join('\n');
    }
    setPart(material, part, value, `${where} line ${i + 1}`);
  }
  return material;
}

const isPem = (first: string) => first.trim().startsWith('-----BEGIN');

/** Asks for each part the venue's key has, with echo off (the wallet address is public: echo on). */
export async function promptKeyInput(terminal: Terminal, facts: KeyFacts): Promise<KeyMaterial> {
  const shape = facts.keyShape;
  const material: KeyMaterial = {};
  for (const part of shape.required) await promptPart(terminal, material, part, false);
  if (shape.oneOf.length > 0) {
    for (const part of shape.oneOf) {
      const last = part === shape.oneOf[shape.oneOf.length - 1];
      await promptPart(terminal, material, part, !last);
      if (material[part] !== undefined) break;
    }
  }
  return material;
}

async function promptPart(
  terminal: Terminal,
  material: KeyMaterial,
  part: KeyPart,
  optional: boolean,
): Promise<void> {
  const name = PART_NAMES[part];
  const hint = optional ? ', empty to skip' : '';
  if (part === 'walletAddress') {
    setPart(material, part, await ask(terminal, `${name} (0x…${hint}): `, { echo: true }), 'terminal');
    return;
  }
  const question =
    part === 'privateKey'
      ? `${name} (input hidden; paste a PEM through its -----END line, or a one-line key${hint}): `
      : `${name} (input hidden${hint}): `;
  const value = await ask(terminal, question, {
    until:
      part === 'privateKey'
        ? (first, line) => !isPem(first) || line.trim().startsWith('-----END')
        : undefined,
  });
  if (optional && value.trim() === '') return;
  setPart(
    material,
    part,
    part === 'privateKey'
      ? value
          .split('\n')
          .map((l) => l.trim())
          .filter((l) => l !== '')
          .join('\n')
      : value,
    'terminal',
  );
}

/** Reads stdin to its end (it is a pipe or a file). */
export function readStdin(): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    process.stdin.on('data', (chunk: Buffer) => chunks.push(chunk));
    process.stdin.on('error', reject);
    process.stdin.on('end', () => {
      const all = Buffer.concat(chunks);
      resolve(all.toString('utf8'));
      all.fill(0);
    });
  });
}
