import { keccak_256 } from '@noble/hashes/sha3.js';
import { SigningError } from '../shared/signing-error.js';

const VENUE = 'hyperliquid';
const utf8 = new TextEncoder();

// EIP-712 digests built by hand: the type hashes and domain separators are constants computed
// once, so signing an L1 action costs two keccaks here instead of a generic typed-data walk.

export type FieldType = 'string' | 'address' | 'uint64' | 'bool' | 'bytes32';
export interface Field {
  name: string;
  type: FieldType;
}

const keccakText = (text: string): Uint8Array => keccak_256(utf8.encode(text));

function word(value: bigint): Uint8Array {
  const out = new Uint8Array(32);
  let v = value;
  for (let i = 31; i >= 0 && v > 0n; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

/**
 * The 20 bytes of an address written in one case, or in mixed case matching its EIP-55 checksum
 * (a letter is upper case where the keccak of the lower-case hex has a nibble ≥ 8); undefined
 * otherwise. The check ethers' getAddress makes, without loading ethers into every session.
 */
export function checkedAddress(value: string): string | undefined {
  const match = /^(?:0x)?([0-9a-fA-F]{40})$/.exec(value);
  if (match === null) return undefined;
  const hex = match[1] as string;
  const lower = hex.toLowerCase();
  if (hex === lower || hex === hex.toUpperCase()) return lower;
  const hash = keccak_256(utf8.encode(lower));
  for (let i = 0; i < 40; i++) {
    const nibble = ((hash[i >> 1] as number) >> (i % 2 === 0 ? 4 : 0)) & 0xf;
    const c = hex[i] as string;
    if (c !== (nibble >= 8 ? c.toUpperCase() : c.toLowerCase())) return undefined;
  }
  return lower;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

const DOMAIN_TYPE_HASH = keccakText(
  'EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)',
);
const VERSION_HASH = keccakText('1');
const ZERO_WORD = new Uint8Array(32);

function domainSeparator(name: string, chainId: bigint): Uint8Array {
  // verifyingContract is the zero address in both Hyperliquid domains.
  return keccak_256(concat([DOMAIN_TYPE_HASH, keccakText(name), VERSION_HASH, word(chainId), ZERO_WORD]));
}

function digest(separator: Uint8Array, structHash: Uint8Array): Uint8Array {
  const prefixed = new Uint8Array(66);
  prefixed[0] = 0x19;
  prefixed[1] = 0x01;
  prefixed.set(separator, 2);
  prefixed.set(structHash, 34);
  return keccak_256(prefixed);
}

const EXCHANGE_DOMAIN = domainSeparator('Exchange', 1337n);
const AGENT_TYPE_HASH = keccakText('Agent(string source,bytes32 connectionId)');
const SOURCE_MAINNET = keccakText('a');
const SOURCE_TESTNET = keccakText('b');

/** The digest an L1 action's phantom agent `{source, connectionId}` is signed over. */
export function agentDigest(connectionId: Uint8Array, isMainnet: boolean): Uint8Array {
  if (connectionId.length !== 32) throw new SigningError(VENUE, 'connectionId must be 32 bytes');
  const struct = new Uint8Array(96);
  struct.set(AGENT_TYPE_HASH, 0);
  struct.set(isMainnet ? SOURCE_MAINNET : SOURCE_TESTNET, 32);
  struct.set(connectionId, 64);
  return digest(EXCHANGE_DOMAIN, keccak_256(struct));
}

const S = (name: string): Field => ({ name, type: 'string' });
const A = (name: string): Field => ({ name, type: 'address' });
const U = (name: string): Field => ({ name, type: 'uint64' });
const B = (name: string): Field => ({ name, type: 'bool' });
const CHAIN = S('hyperliquidChain');

/** Field lists of the user-signed actions, as the official SDK declares them. */
export const USER_SIGNED_TYPES: Readonly<Record<string, readonly Field[]>> = {
  'HyperliquidTransaction:UsdSend': [CHAIN, S('destination'), S('amount'), U('time')],
  'HyperliquidTransaction:Withdraw': [CHAIN, S('destination'), S('amount'), U('time')],
  'HyperliquidTransaction:SpotSend': [CHAIN, S('destination'), S('token'), S('amount'), U('time')],
  'HyperliquidTransaction:UsdClassTransfer': [CHAIN, S('amount'), B('toPerp'), U('nonce')],
  'HyperliquidTransaction:SendAsset': [
    CHAIN,
    S('destination'),
    S('sourceDex'),
    S('destinationDex'),
    S('token'),
    S('amount'),
    S('fromSubAccount'),
    U('nonce'),
  ],
  'HyperliquidTransaction:ApproveAgent': [CHAIN, A('agentAddress'), S('agentName'), U('nonce')],
  'HyperliquidTransaction:ApproveBuilderFee': [CHAIN, S('maxFeeRate'), A('builder'), U('nonce')],
  'HyperliquidTransaction:TokenDelegate': [CHAIN, A('validator'), U('wei'), B('isUndelegate'), U('nonce')],
  'HyperliquidTransaction:UserDexAbstraction': [CHAIN, A('user'), B('enabled'), U('nonce')],
  'HyperliquidTransaction:ConvertToMultiSigUser': [CHAIN, S('signers'), U('nonce')],
  'HyperliquidTransaction:SendMultiSig': [CHAIN, { name: 'multiSigActionHash', type: 'bytes32' }, U('nonce')],
};

const U64_MAX = (1n << 64n) - 1n;

function encodeField(field: Field, value: unknown): Uint8Array {
  const fail = (why: string) => new SigningError(VENUE, `field ${field.name}: ${why}`);
  switch (field.type) {
    case 'string':
      if (typeof value !== 'string') throw fail('expected a string');
      return keccakText(value);
    case 'bool':
      if (typeof value !== 'boolean') throw fail('expected a boolean');
      return word(value ? 1n : 0n);
    case 'uint64': {
      const ok = (typeof value === 'number' && Number.isSafeInteger(value)) || typeof value === 'bigint';
      const text = typeof value === 'string' && /^\d+$/.test(value);
      if (!ok && !text) throw fail('expected a whole number');
      const n = BigInt(value as number | bigint | string);
      if (n < 0n || n > U64_MAX) throw fail('out of uint64 range');
      return word(n);
    }
    case 'address': {
      if (typeof value !== 'string') throw fail('expected an address');
      const checked = checkedAddress(value); // also rejects a mixed-case address with a bad checksum
      if (checked === undefined) throw fail('not a valid address');
      return word(BigInt(`0x${checked}`));
    }
    case 'bytes32':
      if (typeof value !== 'string' || !/^0x[0-9a-fA-F]{64}$/.test(value))
        throw fail('expected 32 bytes of hex');
      return Uint8Array.from(Buffer.from(value.slice(2), 'hex'));
  }
}

const typeHashes = new Map<string, Uint8Array>();
const userDomains = new Map<bigint, Uint8Array>();

/**
 * The digest of a user-signed action: domain `HyperliquidSignTransaction`/1/chainId from
 * `signatureChainId`/zero address; struct `primaryType(fields…)` over the message's fields.
 */
export function userSignedDigest(
  primaryType: string,
  message: Readonly<Record<string, unknown>>,
  fields: readonly Field[] | undefined = USER_SIGNED_TYPES[primaryType],
): Uint8Array {
  if (fields === undefined) throw new SigningError(VENUE, `unknown user-signed action type ${primaryType}`);
  const chainIdText = message.signatureChainId;
  if (typeof chainIdText !== 'string' || !/^0x[0-9a-fA-F]+$/.test(chainIdText)) {
    throw new SigningError(VENUE, 'signatureChainId must be a 0x-prefixed hex chain id');
  }
  const chainId = BigInt(chainIdText);
  let separator = userDomains.get(chainId);
  if (separator === undefined) {
    separator = domainSeparator('HyperliquidSignTransaction', chainId);
    userDomains.set(chainId, separator);
  }
  const typeString = `${primaryType}(${fields.map((f) => `${f.type} ${f.name}`).join(',')})`;
  let typeHash = typeHashes.get(typeString);
  if (typeHash === undefined) {
    typeHash = keccakText(typeString);
    typeHashes.set(typeString, typeHash);
  }
  const parts = [typeHash];
  for (const field of fields) {
    if (!(field.name in message)) throw new SigningError(VENUE, `message lacks field ${field.name}`);
    parts.push(encodeField(field, message[field.name]));
  }
  return digest(separator, keccak_256(concat(parts)));
}
