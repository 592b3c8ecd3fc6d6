import { randomBytes } from 'node:crypto';
import { getAddress, recoverAddress, TypedDataEncoder, Wallet } from 'ethers';
import { describe, expect, it } from 'vitest';
import { Secret } from '../../../src/core/secret.js';
import { l1ActionHash } from '../../../src/venues/hyperliquid/action-hash.js';
import { floatToWire } from '../../../src/venues/hyperliquid/float-to-wire.js';
import {
  signDigest,
  signerAddress,
  signL1Action,
  signUserAction,
} from '../../../src/venues/hyperliquid/sign.js';
import { agentDigest, checkedAddress, userSignedDigest } from '../../../src/venues/hyperliquid/typed-data.js';
import { SigningError } from '../../../src/venues/shared/signing-error.js';

const PK = '0x0123456789012345678901234567890123456789012345678901234567890123';
const key = new Secret(PK, 'hyperliquid agent key');
const ZERO = '0x0000000000000000000000000000000000000000';
const hex = (b: Uint8Array) => `0x${Buffer.from(b).toString('hex')}`;

describe('floatToWire', () => {
  it.each([
    ['1670.1', '1670.1'],
    ['100', '100'],
    ['1.00000000', '1'],
    ['0.000000010', '0.00000001'],
    ['1.0000000000', '1'],
    ['007.50', '7.5'],
    ['-0', '0'],
    ['-0.000', '0'],
    ['-2.5', '-2.5'],
    [0.0147, '0.0147'],
    [100, '100'],
    [-0, '0'],
    [123456789.12345678, '123456789.12345678'],
  ] as const)('%s → %s', (input, wire) => {
    expect(floatToWire(input)).toBe(wire);
  });

  it.each(['0.000000001', '1.123456789', '1e5', '', '.5', 'NaN'])('refuses %s', (input) => {
    expect(() => floatToWire(input)).toThrow(SigningError);
  });

  it('refuses numbers that rounding to 8 decimals would change', () => {
    expect(() => floatToWire(0.123456789)).toThrow(/more than 8 decimals/);
    expect(() => floatToWire(Number.POSITIVE_INFINITY)).toThrow(SigningError);
  });
});

describe('l1ActionHash', () => {
  const base = {
    action: { type: 'scheduleCancel' },
    nonce: 1700000000000,
    vaultAddress: null,
    expiresAfter: null,
  };

  it('changes with nonce, vault and expiresAfter, and is stable otherwise', () => {
    const h = hex(l1ActionHash(base));
    expect(hex(l1ActionHash({ ...base }))).toBe(h);
    const variants = [
      { ...base, nonce: base.nonce + 1 },
      { ...base, vaultAddress: '0x1719884eb866cb12b2287399b15f7db5e7d775ea' },
      { ...base, expiresAfter: 1700000060000 },
      { ...base, action: { type: 'scheduleCancel', time: 1 } },
    ].map((v) => hex(l1ActionHash(v)));
    expect(new Set([h, ...variants]).size).toBe(5);
  });

  it('keeps key insertion order and drops undefined fields', () => {
    const a = hex(l1ActionHash({ ...base, action: { type: 'x', a: 1, b: 2 } }));
    expect(hex(l1ActionHash({ ...base, action: { type: 'x', b: 2, a: 1 } }))).not.toBe(a);
    expect(hex(l1ActionHash({ ...base, action: { type: 'x', a: 1, b: 2, c: undefined } }))).toBe(a);
  });

  it('names a malformed vault address or nonce', () => {
    expect(() => l1ActionHash({ ...base, vaultAddress: '0x1234' })).toThrow(/20-byte address/);
    expect(() => l1ActionHash({ ...base, nonce: -1 })).toThrow(/nonce/);
    expect(() => l1ActionHash({ ...base, expiresAfter: 2 ** 60 })).toThrow(/expiresAfter/);
  });
});

describe('hyperliquid signatures', () => {
  const wallet = new Wallet(PK);

  it('derives the signer address of the official test key', () => {
    expect(signerAddress(key)).toBe('0x14791697260e4c9a71f18484c9f997b308e59325');
  });

  it('puts r and s on the wire without leading-zero padding', () => {
    const sig = signL1Action(key, {
      action: { type: 'dummy', num: 100000000000 },
      nonce: 0,
      vaultAddress: null,
      expiresAfter: null,
      isMainnet: true,
    });
    expect(sig.r).toBe('0x53749d5b30552aeb2fca34b530185976545bb22d0b3ce6f62e31be961a59298');
    expect(sig.r).toHaveLength(65);
  });

  it('matches ethers TypedDataEncoder + signing for random phantom agents', () => {
    const domain = { name: 'Exchange', version: '1', chainId: 1337, verifyingContract: ZERO };
    const types = {
      Agent: [
        { name: 'source', type: 'string' },
        { name: 'connectionId', type: 'bytes32' },
      ],
    };
    for (let i = 0; i < 25; i++) {
      const connectionId = randomBytes(32);
      const isMainnet = i % 2 === 0;
      const digest = agentDigest(connectionId, isMainnet);
      const message = { source: isMainnet ? 'a' : 'b', connectionId: hex(connectionId) };
      expect(hex(digest)).toBe(TypedDataEncoder.hash(domain, types, message));
      const ours = signDigest(key, digest);
      const theirs = wallet.signingKey.sign(digest);
      expect(BigInt(ours.r)).toBe(BigInt(theirs.r));
      expect(BigInt(ours.s)).toBe(BigInt(theirs.s));
      expect(ours.v).toBe(theirs.v);
      expect(recoverAddress(digest, { r: theirs.r, s: theirs.s, v: ours.v })).toBe(wallet.address);
    }
  });

  it('builds user-signed digests like ethers for every declared type field kind', () => {
    const message = {
      hyperliquidChain: 'Mainnet',
      signatureChainId: '0xa4b1',
      validator: '0x5e9ee1089755c3435139848e47e6635505d5a13a',
      wei: 12345678901,
      isUndelegate: true,
      nonce: 1700000000000,
    };
    const types = {
      'HyperliquidTransaction:TokenDelegate': [
        { name: 'hyperliquidChain', type: 'string' },
        { name: 'validator', type: 'address' },
        { name: 'wei', type: 'uint64' },
        { name: 'isUndelegate', type: 'bool' },
        { name: 'nonce', type: 'uint64' },
      ],
    };
    const domain = {
      name: 'HyperliquidSignTransaction',
      version: '1',
      chainId: 0xa4b1,
      verifyingContract: ZERO,
    };
    expect(hex(userSignedDigest('HyperliquidTransaction:TokenDelegate', message))).toBe(
      TypedDataEncoder.hash(domain, types, message),
    );
  });

  it('refuses a chain mismatch, an unknown type and a bad checksum', () => {
    const message = {
      hyperliquidChain: 'Testnet',
      signatureChainId: '0x66eee',
      destination: '0x1',
      amount: '1',
      time: 1,
    };
    expect(() =>
      signUserAction(key, { primaryType: 'HyperliquidTransaction:UsdSend', message, isMainnet: true }),
    ).toThrow(/must be "Mainnet"/);
    expect(() =>
      signUserAction(key, { primaryType: 'HyperliquidTransaction:Nope', message, isMainnet: false }),
    ).toThrow(/unknown user-signed action type/);
    const agent = {
      hyperliquidChain: 'Testnet',
      signatureChainId: '0x66eee',
      agentAddress: '0x5E9ee1089755c3435139848e47e6635505d5a13a',
      agentName: '',
      nonce: 1,
    };
    expect(() =>
      signUserAction(key, {
        primaryType: 'HyperliquidTransaction:ApproveAgent',
        message: agent,
        isMainnet: false,
      }),
    ).toThrow(/agentAddress: not a valid address/);
  });

  it('names a malformed private key', () => {
    const input = { action: {}, nonce: 1, vaultAddress: null, expiresAfter: null, isMainnet: true };
    expect(() => signL1Action(new Secret('0x1234', 'short'), input)).toThrow(/short must be 32 bytes of hex/);
    expect(() => signL1Action(new Secret(`0x${'0'.repeat(64)}`, 'zero'), input)).toThrow(
      /not a valid secp256k1 key/,
    );
  });
});

describe('checkedAddress (EIP-55, without ethers)', () => {
  // The mixed-case examples of EIP-55 itself, and two of its one-case examples.
  const EIP55 = [
    '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed',
    '0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359',
    '0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB',
    '0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb',
    '0x52908400098527886E0F7030069857D2E4169EE7',
    '0xde709f2102306220921060314715629080e2fb77',
  ];

  it("accepts EIP-55's examples and refuses each with one letter's case flipped, as ethers' getAddress does", () => {
    for (const address of EIP55) {
      expect(checkedAddress(address)).toBe(address.slice(2).toLowerCase());
      expect(checkedAddress(address.slice(2))).toBe(address.slice(2).toLowerCase());
      const letters = [...address].flatMap((c, i) => (i > 1 && /[a-f]/i.test(c) ? [i] : []));
      for (const i of letters) {
        const c = address[i] as string;
        const flipped = `${address.slice(0, i)}${c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase()}${address.slice(i + 1)}`;
        const oneCase = flipped.slice(2) === flipped.slice(2).toLowerCase() || flipped.slice(2) === flipped.slice(2).toUpperCase();
        if (oneCase) continue; // a one-letter address flipped is one case again: valid
        expect(checkedAddress(flipped), flipped).toBeUndefined();
        expect(() => getAddress(flipped)).toThrow();
      }
    }
  });

  it('agrees with ethers on random addresses in every case form', () => {
    for (let n = 0; n < 200; n++) {
      const lower = randomBytes(20).toString('hex');
      const checksummed = getAddress(`0x${lower}`);
      expect(checkedAddress(checksummed)).toBe(lower);
      expect(checkedAddress(`0x${lower.toUpperCase()}`)).toBe(lower);
    }
    for (const bad of ['0x1234', `0x${'g'.repeat(40)}`, `0x${'a'.repeat(41)}`, '', `0X${'a'.repeat(40)}`]) {
      expect(checkedAddress(bad), bad).toBeUndefined();
    }
  });
});
