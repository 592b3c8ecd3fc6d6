// Hyperliquid signature verification, written from the venue's docs and its official SDK's
// published algorithm, and nothing else: this file must never import src/venues (a bug in our
// signer must not be mirrored by the peer that checks it). It uses ethers' generic EIP-712 encoder
// and recovery where the client hand-builds its digests on @noble/curves; both are held to the
// official vectors (test/sim/hyperliquid-verify.test.ts).
//
// L1 action: connectionId = keccak256(msgpack(action) ‖ nonce u64 BE ‖ 0x00 | 0x01 ‖ vault(20) ‖
// [0x00 ‖ expiresAfter u64 BE]); the phantom agent {source: "a" mainnet | "b" testnet,
// connectionId} is signed as EIP-712 `Agent(string source,bytes32 connectionId)` in the domain
// {name "Exchange", version "1", chainId 1337, verifyingContract 0x0}. The venue does not check a
// signature against a claimed signer: it RECOVERS an address and looks that address up.
import { Encoder } from '@msgpack/msgpack';
import { type BytesLike, concat, keccak256, recoverAddress, Signature, TypedDataEncoder, ZeroAddress, zeroPadValue } from 'ethers';

const encoder = new Encoder({ ignoreUndefined: true });

const EXCHANGE_DOMAIN = { name: 'Exchange', version: '1', chainId: 1337, verifyingContract: ZeroAddress };
const AGENT_TYPES = {
  Agent: [
    { name: 'source', type: 'string' },
    { name: 'connectionId', type: 'bytes32' },
  ],
};

function u64(value: number): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, BigInt(value));
  return out;
}

/** The action's connectionId (0x-hex), hashing the action object in its own key order. */
export function actionHash(action: unknown, nonce: number, vault: string | null, expiresAfter: number | null): string {
  const parts: BytesLike[] = [encoder.encode(action), u64(nonce)];
  parts.push(vault === null ? Uint8Array.of(0) : concat([Uint8Array.of(1), vault]));
  if (expiresAfter !== null) parts.push(Uint8Array.of(0), u64(expiresAfter));
  return keccak256(concat(parts));
}

// ethers' generic encoder, set up once: the domain separator and the Agent struct encoder do not
// change between requests (TypedDataEncoder.hash would rebuild both every call).
const EXCHANGE_SEPARATOR = TypedDataEncoder.hashDomain(EXCHANGE_DOMAIN);
const AGENT_ENCODER = TypedDataEncoder.from(AGENT_TYPES);

/** EIP-712 digest of the phantom agent: keccak256(0x1901 ‖ domain separator ‖ hashStruct(agent)). */
export function agentDigest(connectionId: string, source: 'a' | 'b'): string {
  return keccak256(concat(['0x1901', EXCHANGE_SEPARATOR, AGENT_ENCODER.hash({ source, connectionId })]));
}

/** Field lists of the user-signed actions the sim can check (for approveAgent and the vectors). */
export const USER_TYPES: Readonly<Record<string, ReadonlyArray<{ name: string; type: string }>>> = {
  'HyperliquidTransaction:UsdSend': [
    { name: 'hyperliquidChain', type: 'string' },
    { name: 'destination', type: 'string' },
    { name: 'amount', type: 'string' },
    { name: 'time', type: 'uint64' },
  ],
  'HyperliquidTransaction:Withdraw': [
    { name: 'hyperliquidChain', type: 'string' },
    { name: 'destination', type: 'string' },
    { name: 'amount', type: 'string' },
    { name: 'time', type: 'uint64' },
  ],
  'HyperliquidTransaction:ApproveAgent': [
    { name: 'hyperliquidChain', type: 'string' },
    { name: 'agentAddress', type: 'address' },
    { name: 'agentName', type: 'string' },
    { name: 'nonce', type: 'uint64' },
  ],
  'HyperliquidTransaction:ApproveBuilderFee': [
    { name: 'hyperliquidChain', type: 'string' },
    { name: 'maxFeeRate', type: 'string' },
    { name: 'builder', type: 'address' },
    { name: 'nonce', type: 'uint64' },
  ],
};

/** EIP-712 digest of a user-signed action (domain HyperliquidSignTransaction, chain = signatureChainId). */
export function userDigest(primaryType: string, message: Record<string, unknown>): string | undefined {
  const fields = USER_TYPES[primaryType];
  const chain = message['signatureChainId'];
  if (fields === undefined || typeof chain !== 'string') return undefined;
  const domain = { name: 'HyperliquidSignTransaction', version: '1', chainId: BigInt(chain), verifyingContract: ZeroAddress };
  const value: Record<string, unknown> = {};
  for (const f of fields) value[f.name] = message[f.name];
  return TypedDataEncoder.hash(domain, { [primaryType]: [...fields] }, value);
}

export interface WireSignature {
  r: unknown;
  s: unknown;
  v: unknown;
}

/**
 * The address (lower-case) that signed `digest`, or undefined when the signature cannot be
 * recovered at all. r and s may come without leading zeros (the SDK's to_hex does that).
 */
export function recoverSigner(digest: string, sig: WireSignature): string | undefined {
  const { r, s, v } = sig;
  if (typeof r !== 'string' || typeof s !== 'string' || (v !== 27 && v !== 28)) return undefined;
  if (!/^0x[0-9a-fA-F]{1,64}$/.test(r) || !/^0x[0-9a-fA-F]{1,64}$/.test(s)) return undefined;
  const pad = (h: string) => zeroPadValue(h.length % 2 === 1 ? `0x0${h.slice(2)}` : h, 32);
  try {
    return recoverAddress(digest, Signature.from({ r: pad(r), s: pad(s), v })).toLowerCase();
  } catch {
    return undefined;
  }
}
