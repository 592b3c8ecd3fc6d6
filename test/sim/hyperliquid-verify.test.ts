// The local venue's Hyperliquid verifier, held to the official vectors on its own: it never sees
// the client signer. Every L1 signature of the venue's SDK tests must recover to the address of
// its private key through the sim's hash and EIP-712 code, and the published connectionId must
// come out of the sim's msgpack hashing byte for byte.
import { readFileSync } from 'node:fs';
import { computeAddress } from 'ethers';
import { describe, expect, it } from 'vitest';
import { actionHash, agentDigest, recoverSigner, userDigest } from '../../src/sim/dialects/hyperliquid/verify.js';

interface VectorRecord {
  kind: string;
  [field: string]: unknown;
}

const load = (file: string): VectorRecord[] =>
  JSON.parse(readFileSync(new URL(`../vectors/${file}`, import.meta.url), 'utf8')) as VectorRecord[];
const records = [...load('official.json'), ...load('extra.json')].filter((r) => r.kind.startsWith('hyperliquid.'));

type Sig = { r: string; s: string; v: number };

describe('sim Hyperliquid verifier against the official vectors', () => {
  it('has vectors of every kind it checks', () => {
    const kinds = new Set(records.map((r) => r.kind));
    for (const k of ['hyperliquid.l1.hash', 'hyperliquid.l1.sign', 'hyperliquid.agent.sign', 'hyperliquid.user.sign']) expect(kinds).toContain(k);
  });

  for (const [i, r] of records.entries()) {
    const label = `${r.kind} #${i} ${String(r.source ?? '').split(' ').slice(1).join(' ')}`;
    if (r.kind === 'hyperliquid.l1.hash') {
      it(label, () => {
        expect(actionHash(r.action, r.nonce as number, r.vaultAddress as string | null, r.expiresAfter as number | null)).toBe(r.expected);
      });
    } else if (r.kind === 'hyperliquid.l1.sign') {
      it(label, () => {
        const id = actionHash(r.action, r.nonce as number, r.vaultAddress as string | null, r.expiresAfter as number | null);
        const who = recoverSigner(agentDigest(id, r.isMainnet ? 'a' : 'b'), r.expected as Sig);
        expect(who).toBe(computeAddress(r.privateKey as string).toLowerCase());
        // The other network's digest recovers somebody else: a testnet signature is no mainnet one.
        expect(recoverSigner(agentDigest(id, r.isMainnet ? 'b' : 'a'), r.expected as Sig)).not.toBe(who);
      });
    } else if (r.kind === 'hyperliquid.agent.sign') {
      it(label, () => {
        const who = recoverSigner(agentDigest(r.connectionId as string, r.isMainnet ? 'a' : 'b'), r.expected as Sig);
        expect(who).toBe(computeAddress(r.privateKey as string).toLowerCase());
      });
    } else if (r.kind === 'hyperliquid.user.sign') {
      it(label, () => {
        const digest = userDigest(r.primaryType as string, r.message as Record<string, unknown>);
        expect(digest).toBeDefined();
        expect(recoverSigner(digest!, r.expected as Sig)).toBe(computeAddress(r.privateKey as string).toLowerCase());
      });
    }
  }

  it('refuses signatures it cannot read instead of throwing', () => {
    const digest = agentDigest(`0x${'11'.repeat(32)}`, 'b');
    expect(recoverSigner(digest, { r: 'zz', s: '0x1', v: 27 })).toBeUndefined();
    expect(recoverSigner(digest, { r: '0x1', s: '0x1', v: 29 })).toBeUndefined();
    expect(recoverSigner(digest, { r: 1, s: '0x1', v: 27 })).toBeUndefined();
  });
});
