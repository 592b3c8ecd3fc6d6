/**
 * Extra trust for TLS: a CA file (PEM) the engine is told about — the local venue's own CA
 * (`quantdeck sim --tls` prints its path), or a private CA in front of a venue. The CA is added
 * to Node's built-in roots, never in place of verification: a certificate it did not sign is
 * still refused. One secure context serves every connection (REST pool and WebSockets), so a
 * reconnect does not parse the roots again and can resume its TLS session.
 */
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createSecureContext, rootCertificates, type SecureContext } from 'node:tls';
import { errorMessage } from '../core/error-message.js';

/** The environment variable naming a CA file to trust (`quantdeck sim --tls` prints the path). */
export const CA_FILE_ENV = 'QUANTDECK_CA_FILE';

/** The CA file the environment names, if any. */
export function caFileFromEnv(env: Readonly<Record<string, string | undefined>>): string | undefined {
  const file = env[CA_FILE_ENV];
  return file === undefined || file === '' ? undefined : file;
}

/** The CA file cannot be read or holds no certificate. */
export class CaFileError extends Error {
  override readonly name = 'CaFileError';
}

const PEM_CERT = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** A secure context trusting Node's roots and every certificate in `caFile`. */
export function trustWithCaFile(caFile: string): SecureContext {
  let text: string;
  try {
    text = readFileSync(caFile, 'utf8');
  } catch (err) {
    throw new CaFileError(`CA file ${caFile}: cannot read it (${errorMessage(err)})`);
  }
  const certificates = text.match(PEM_CERT) ?? [];
  if (certificates.length === 0) throw new CaFileError(`CA file ${caFile}: no PEM certificate in it`);
  for (const [i, pem] of certificates.entries()) {
    try {
      new X509Certificate(pem);
    } catch {
      throw new CaFileError(`CA file ${caFile}: certificate ${i + 1} is not a valid X.509 certificate`);
    }
  }
  return createSecureContext({ ca: [...rootCertificates, ...certificates] });
}
