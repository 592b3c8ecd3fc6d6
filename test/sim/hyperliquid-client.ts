// A Hyperliquid client written for these tests from the venue's docs and ethers, NOT our signer
// (src/venues/hyperliquid): msgpack of the action, nonce and vault/expiry bytes, keccak, the phantom
// agent signed as EIP-712 through ethers' own TypedDataEncoder and SigningKey.
import { Encoder } from '@msgpack/msgpack';
import { concat, keccak256, TypedDataEncoder, Wallet, ZeroAddress } from 'ethers';
import { revealSecret } from '../../src/core/secret.js';
import type { SimHandle } from '../../src/sim/index.js';

const encoder = new Encoder({ ignoreUndefined: true });

function u64(n: number): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, BigInt(n));
  return out;
}

export interface Sig {
  r: string;
  s: string;
  v: number;
}

/** The L1 signature of `action` (testnet source "b" unless `mainnet`). */
export function signAction(wallet: Wallet, action: unknown, nonce: number, expiresAfter: number | null = null, mainnet = false): Sig {
  const parts = [encoder.encode(action), u64(nonce), Uint8Array.of(0)];
  if (expiresAfter !== null) parts.push(Uint8Array.of(0), u64(expiresAfter));
  const connectionId = keccak256(concat(parts));
  const digest = TypedDataEncoder.hash(
    { name: 'Exchange', version: '1', chainId: 1337, verifyingContract: ZeroAddress },
    { Agent: [{ name: 'source', type: 'string' }, { name: 'connectionId', type: 'bytes32' }] },
    { source: mainnet ? 'a' : 'b', connectionId },
  );
  const sig = wallet.signingKey.sign(digest);
  return { r: sig.r, s: sig.s, v: sig.v };
}

export interface Reply {
  status: number;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: venue JSON, shape asserted by each test
  json: any;
}

export class HlClient {
  readonly wallet: Wallet;
  readonly master: string;
  #nonce = 0;

  constructor(
    readonly sim: SimHandle,
    account = 0,
    wallet?: Wallet,
  ) {
    const a = sim.accounts[account]!;
    this.wallet = wallet ?? new Wallet(revealSecret(a.evm!.secret!));
    this.master = a.walletAddress!;
  }

  /** Strictly increasing, near the sim's clock. */
  nonce(): number {
    this.#nonce = Math.max(this.#nonce + 1, Date.now());
    return this.#nonce;
  }

  async post(path: '/info' | '/exchange', body: unknown, raw?: string): Promise<Reply> {
    const r = await fetch(`${this.sim.restUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: raw ?? JSON.stringify(body),
    });
    const text = await r.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: r.status, text, json };
  }

  info(body: Record<string, unknown>): Promise<Reply> {
    return this.post('/info', body);
  }

  /** Signs and sends an action; `over` replaces parts of the body after signing. */
  act(action: Record<string, unknown>, opts: { nonce?: number; expiresAfter?: number | null; mainnet?: boolean; over?: Record<string, unknown> } = {}): Promise<Reply> {
    const nonce = opts.nonce ?? this.nonce();
    const expiresAfter = opts.expiresAfter ?? null;
    const signature = signAction(this.wallet, action, nonce, expiresAfter, opts.mainnet === true);
    return this.post('/exchange', { action, nonce, signature, vaultAddress: null, expiresAfter, ...opts.over });
  }

  static order(o: { a: number; b: boolean; p: string; s: string; r?: boolean; tif?: string; c?: string }): Record<string, unknown> {
    const wire: Record<string, unknown> = { a: o.a, b: o.b, p: o.p, s: o.s, r: o.r ?? false, t: { limit: { tif: o.tif ?? 'Gtc' } } };
    if (o.c !== undefined) wire.c = o.c;
    return { type: 'order', orders: [wire], grouping: 'na' };
  }
}

/** A fresh 16-byte cloid. */
export function cloid(n: number): string {
  return `0x${n.toString(16).padStart(32, '0')}`;
}
