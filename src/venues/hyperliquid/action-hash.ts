import { Encoder } from '@msgpack/msgpack';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { SigningError } from '../shared/signing-error.js';

const VENUE = 'hyperliquid';
const ADDRESS = /^0x[0-9a-fA-F]{40}$/;

// One encoder reused for every hash: its buffer grows once and is read through a shared view
// that is hashed before the next call. Maps keep insertion order, as the venue's hasher expects;
// `undefined` fields are dropped the way the SDK leaves out absent optional keys.
const encoder = new Encoder({ ignoreUndefined: true });

export interface L1ActionHashInput {
  /** The action object, keys in wire order (e.g. order: type, orders, grouping[, builder]). */
  action: unknown;
  /** Milliseconds; unique per signer. */
  nonce: number;
  /** Vault or sub-account trading for, or null. */
  vaultAddress: string | null;
  /** Milliseconds after which the venue rejects the action, or null. */
  expiresAfter: number | null;
}

function u64(name: string, value: number): Uint8Array {
  if (!Number.isSafeInteger(value) || value < 0)
    throw new SigningError(VENUE, `${name} must be a non-negative safe integer`);
  const out = new Uint8Array(8);
  const view = new DataView(out.buffer);
  view.setUint32(0, Math.floor(value / 0x1_0000_0000));
  view.setUint32(4, value >>> 0);
  return out;
}

/** 20 address bytes from `0x…` hex. */
export function addressBytes(address: string): Uint8Array {
  if (!ADDRESS.test(address))
    throw new SigningError(VENUE, `"${address}" is not a 0x-prefixed 20-byte address`);
  return Uint8Array.from(Buffer.from(address.slice(2), 'hex'));
}

const NO_VAULT = Uint8Array.of(0);
const HAS_VAULT = Uint8Array.of(1);
const EXPIRES_TAG = Uint8Array.of(0);

/**
 * The `connectionId` of an L1 action: keccak256(msgpack(action) ‖ nonce u64 BE ‖ (0x00 |
 * 0x01 ‖ vault address) ‖ [0x00 ‖ expiresAfter u64 BE]).
 */
export function l1ActionHash(input: L1ActionHashInput): Uint8Array {
  const hash = keccak_256.create();
  hash.update(encoder.encodeSharedRef(input.action));
  hash.update(u64('nonce', input.nonce));
  if (input.vaultAddress === null) {
    hash.update(NO_VAULT);
  } else {
    hash.update(HAS_VAULT);
    hash.update(addressBytes(input.vaultAddress));
  }
  if (input.expiresAfter !== null) {
    hash.update(EXPIRES_TAG);
    hash.update(u64('expiresAfter', input.expiresAfter));
  }
  return hash.digest();
}
