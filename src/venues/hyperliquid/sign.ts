// secp256k1 from @noble/curves: the very implementation ethers' SigningKey wraps (same package
// in node_modules), called without ethers' per-call byte copying and Signature object checks.
import { secp256k1 } from '@noble/curves/secp256k1';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { revealSecret, type Secret } from '../../core/secret.js';
import { SigningError } from '../shared/signing-error.js';
import { type L1ActionHashInput, l1ActionHash } from './action-hash.js';
import { agentDigest, type Field, userSignedDigest } from './typed-data.js';

const VENUE = 'hyperliquid';
const N = secp256k1.CURVE.n;

/** `{r, s, v}` as the venue takes it: r and s as 0x-hex without leading-zero padding, v 27|28. */
export interface WireSignature {
  r: string;
  s: string;
  v: 27 | 28;
}

const scalars = new WeakMap<Secret, bigint>();

function privateScalar(privateKey: Secret): bigint {
  let d = scalars.get(privateKey);
  if (d === undefined) {
    const text = revealSecret(privateKey).trim();
    if (!/^(0x)?[0-9a-fA-F]{64}$/.test(text)) {
      throw new SigningError(VENUE, `${privateKey.label} must be 32 bytes of hex`);
    }
    d = BigInt(text.startsWith('0x') ? text : `0x${text}`);
    if (d === 0n || d >= N) throw new SigningError(VENUE, `${privateKey.label} is not a valid secp256k1 key`);
    scalars.set(privateKey, d);
  }
  return d;
}

/** Deterministic (RFC 6979), low-s ECDSA over a 32-byte digest. */
export function signDigest(privateKey: Secret, digest: Uint8Array): WireSignature {
  const sig = secp256k1.sign(digest, privateScalar(privateKey), { lowS: true });
  return { r: `0x${sig.r.toString(16)}`, s: `0x${sig.s.toString(16)}`, v: sig.recovery === 1 ? 28 : 27 };
}

/** The address (lower-case 0x-hex) a key signs as, e.g. to check an agent wallet. */
export function signerAddress(privateKey: Secret): string {
  const publicKey = secp256k1.getPublicKey(privateScalar(privateKey), false);
  return `0x${Buffer.from(keccak_256(publicKey.subarray(1)).subarray(12)).toString('hex')}`;
}

export interface L1SigningInput extends L1ActionHashInput {
  isMainnet: boolean;
}

/** Signs an L1 action (orders, cancels, leverage…) through its phantom agent. */
export function signL1Action(privateKey: Secret, input: L1SigningInput): WireSignature {
  return signDigest(privateKey, agentDigest(l1ActionHash(input), input.isMainnet));
}

/**
 * Signs a user-signed action (usdSend, withdraw3, approveAgent…). The message must already
 * carry `hyperliquidChain` and `signatureChainId`; `isMainnet` is checked against the former so
 * a testnet message can never be signed for mainnet by mistake.
 */
export function signUserAction(
  privateKey: Secret,
  input: {
    primaryType: string;
    message: Readonly<Record<string, unknown>>;
    isMainnet: boolean;
    fields?: readonly Field[];
  },
): WireSignature {
  const expected = input.isMainnet ? 'Mainnet' : 'Testnet';
  if (input.message.hyperliquidChain !== expected) {
    throw new SigningError(VENUE, `message.hyperliquidChain must be "${expected}"`);
  }
  return signDigest(privateKey, userSignedDigest(input.primaryType, input.message, input.fields));
}
