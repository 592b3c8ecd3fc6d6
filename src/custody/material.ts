import { revealSecret, Secret } from '../core/secret.js';
import { CustodyError } from './errors.js';
import type { KeyPart } from '../venues/descriptor.js';

/** The parts of a key as loaded from a store, before they are checked against a venue. */
export interface KeyMaterial {
  apiKey?: Secret;
  apiSecret?: Secret;
  passphrase?: Secret;
  privateKey?: Secret;
  walletAddress?: string;
}

/** The names used on stdin, in key files and keyring items, and in messages. */
export const PART_NAMES: Record<KeyPart, string> = {
  apiKey: 'api-key',
  apiSecret: 'api-secret',
  passphrase: 'passphrase',
  privateKey: 'private-key',
  walletAddress: 'wallet-address',
};

const PARTS = Object.keys(PART_NAMES) as KeyPart[];

export function partByName(name: string): KeyPart | undefined {
  return PARTS.find((p) => PART_NAMES[p] === name);
}

/** The stored form (keyring item value, key file plaintext). The only place custody reveals. */
export function serializeMaterial(material: KeyMaterial): string {
  const out: Record<string, string> = {};
  for (const part of PARTS) {
    const value = material[part];
    if (value !== undefined) out[PART_NAMES[part]] = value instanceof Secret ? revealSecret(value) : value;
  }
  return JSON.stringify({ v: 1, ...out });
}

export function deserializeMaterial(text: string, where: string): KeyMaterial {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new CustodyError(`${where}: the stored key is not valid JSON`);
  }
  if (parsed === null || typeof parsed !== 'object' || (parsed as Record<string, unknown>)['v'] !== 1) {
    throw new CustodyError(`${where}: the stored key has an unknown format (expected v: 1)`);
  }
  const record = parsed as Record<string, unknown>;
  const material: KeyMaterial = {};
  for (const part of PARTS) {
    const value = record[PART_NAMES[part]];
    if (value === undefined) continue;
    if (typeof value !== 'string')
      throw new CustodyError(`${where}: field ${PART_NAMES[part]} is not a string`);
    if (part === 'walletAddress') material.walletAddress = value;
    else material[part] = new Secret(value, PART_NAMES[part]);
  }
  return material;
}
