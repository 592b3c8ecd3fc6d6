import { maskKeyId } from '../core/redact.js';
import { revealSecret, Secret } from '../core/secret.js';
import { registerSecret } from '../log/secret-registry.js';
import type { Credentials, Env } from '../venues/venue.js';
import { CustodyError } from './errors.js';
import { type KeyMaterial, PART_NAMES } from './material.js';
import type { KeyPart } from '../venues/descriptor.js';
import { keyFacts } from './key-family.js';

/**
 * What custody hands the engine: the adapter's `Credentials` (every secret a `Secret`), plus a
 * display id and where the key came from. `apiKey` is a Secret too; show `keyId` instead.
 */
export interface CustodyCredentials extends Credentials {
  /** The venue family the key belongs to (a product id's family: binance for binance-usdm). */
  family: string;
  /** The API key (Hyperliquid: the wallet) masked to first4…last4, for lists and the auth pane. */
  keyId: string;
  /** `keyring:bn-test`, `env:BN_TESTNET`, `file:/home/u/.config/quantdeck/keys/bn.qdkey`. */
  source: string;
}

export interface BuildOptions {
  venue: string;
  env: Env;
  source: string;
  /** How to name a missing part for this store: `BN_API_SECRET`, `field api-secret in keyring item …`. */
  partLabel?: (part: KeyPart) => string;
}

const HEX_ADDRESS = /^0x[0-9a-fA-F]{40}$/;

/** Checks the material against the venue's key shape, registers every secret with the log scrubber. */
export function buildCredentials(material: KeyMaterial, options: BuildOptions): CustodyCredentials {
  const facts = keyFacts(options.venue);
  const { family } = facts;
  const label = options.partLabel ?? ((part: KeyPart) => PART_NAMES[part]);
  // Registered first: even a refusal below must not let these reach a log.
  for (const part of ['apiKey', 'apiSecret', 'passphrase', 'privateKey'] as const)
    registerSecret(material[part]);
  const shape = facts.keyShape;
  const has = (part: KeyPart) => material[part] !== undefined;
  const missing = shape.required.filter((p) => !has(p));
  if (missing.length > 0) {
    throw new CustodyError(
      `${options.source}: the ${family} key needs ${missing.map(label).join(' and ')}, which is missing`,
    );
  }
  if (shape.oneOf.length > 0 && !shape.oneOf.some(has)) {
    throw new CustodyError(`${options.source}: the ${family} key needs ${shape.oneOf.map(label).join(' or ')}`);
  }
  let apiKey = material.apiKey;
  if (facts.walletAccount) {
    const wallet = material.walletAddress ?? '';
    if (!HEX_ADDRESS.test(wallet)) {
      throw new CustodyError(
        `${options.source}: ${label('walletAddress')} must be a 0x-prefixed 40-hex-digit address`,
      );
    }
    apiKey ??= new Secret(wallet, `${family} wallet`);
  }
  if (apiKey === undefined) throw new CustodyError(`${options.source}: ${label('apiKey')} is missing`);
  const credentials: CustodyCredentials = {
    venue: options.venue,
    env: options.env,
    family,
    apiKey,
    keyId: maskKeyId(revealSecret(apiKey)),
    source: options.source,
  };
  if (material.apiSecret !== undefined) credentials.apiSecret = material.apiSecret;
  if (material.passphrase !== undefined) credentials.passphrase = material.passphrase;
  if (material.privateKey !== undefined) credentials.privateKey = material.privateKey;
  if (material.walletAddress !== undefined) credentials.walletAddress = material.walletAddress;
  return credentials;
}
