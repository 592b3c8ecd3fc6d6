// The local venue's TLS identity, made fresh at each start: a throwaway CA (EC P-256) and a
// server certificate it signs for 127.0.0.1 and localhost. A client trusts the venue by being
// given the CA's PEM (a file), exactly as it would trust a private CA in front of a real venue;
// nothing turns verification off. The CA's private key never leaves this function.
import { createHash, generateKeyPairSync, type KeyObject, randomBytes, sign } from 'node:crypto';
import {
  bitString,
  boolean,
  explicit,
  implicitPrimitive,
  objectIdentifier,
  octetString,
  sequence,
  set,
  time,
  unsignedInteger,
  utf8String,
} from './der.js';

export interface LocalTlsIdentity {
  /** The CA certificate (PEM): what a client is told to trust. */
  caPem: string;
  /** The server's certificate (PEM) and its private key (PKCS#8 PEM). */
  certPem: string;
  keyPem: string;
}

const ECDSA_SHA256 = sequence(objectIdentifier('1.2.840.10045.4.3.2'));
const HOUR = 3_600_000;

const name = (commonName: string) => sequence(set(sequence(objectIdentifier('2.5.4.3'), utf8String(commonName))));

function extension(oid: string, critical: boolean, value: Buffer): Buffer {
  return sequence(objectIdentifier(oid), ...(critical ? [boolean(true)] : []), octetString(value));
}

const keyId = (spki: Buffer) => createHash('sha1').update(spki).digest();

function pem(label: string, der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

interface Draft {
  subject: string;
  issuer: string;
  publicKey: KeyObject;
  signingKey: KeyObject;
  extensions: Buffer[];
  now: number;
  validForMs: number;
}

function certificate(d: Draft): Buffer {
  const serial = randomBytes(16);
  serial[0]! &= 0x7f;
  const tbs = sequence(
    explicit(0, unsignedInteger(Buffer.from([2]))),
    unsignedInteger(serial),
    ECDSA_SHA256,
    name(d.issuer),
    sequence(time(new Date(d.now - HOUR)), time(new Date(d.now + d.validForMs))),
    name(d.subject),
    d.publicKey.export({ type: 'spki', format: 'der' }),
    explicit(3, sequence(...d.extensions)),
  );
  return sequence(tbs, ECDSA_SHA256, bitString(sign('sha256', tbs, d.signingKey)));
}

/** A CA and a server certificate for 127.0.0.1 / localhost, valid from an hour ago for `validForMs`. */
export function localTlsIdentity(validForMs = 7 * 24 * HOUR, now = Date.now()): LocalTlsIdentity {
  const ca = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const server = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const caId = keyId(ca.publicKey.export({ type: 'spki', format: 'der' }));
  const serverId = keyId(server.publicKey.export({ type: 'spki', format: 'der' }));
  const caName = `quantdeck local venue CA ${randomBytes(4).toString('hex')}`;
  const caDer = certificate({
    subject: caName,
    issuer: caName,
    publicKey: ca.publicKey,
    signingKey: ca.privateKey,
    now,
    validForMs,
    extensions: [
      // cA, and it signs no other CA.
      extension('2.5.29.19', true, sequence(boolean(true), unsignedInteger(Buffer.from([0])))),
      // keyCertSign | cRLSign.
      extension('2.5.29.15', true, bitString(Buffer.from([0x06]), 1)),
      extension('2.5.29.14', false, octetString(caId)),
    ],
  });
  const serverDer = certificate({
    subject: '127.0.0.1',
    issuer: caName,
    publicKey: server.publicKey,
    signingKey: ca.privateKey,
    now,
    validForMs,
    extensions: [
      extension('2.5.29.19', true, sequence()),
      // digitalSignature.
      extension('2.5.29.15', true, bitString(Buffer.from([0x80]), 7)),
      // serverAuth.
      extension('2.5.29.37', false, sequence(objectIdentifier('1.3.6.1.5.5.7.3.1'))),
      // iPAddress 127.0.0.1, dNSName localhost.
      extension(
        '2.5.29.17',
        false,
        sequence(implicitPrimitive(7, Buffer.from([127, 0, 0, 1])), implicitPrimitive(2, Buffer.from('localhost', 'ascii'))),
      ),
      extension('2.5.29.14', false, octetString(serverId)),
      extension('2.5.29.35', false, sequence(implicitPrimitive(0, caId))),
    ],
  });
  return {
    caPem: pem('CERTIFICATE', caDer),
    certPem: pem('CERTIFICATE', serverDer),
    keyPem: server.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
  };
}

