/**
 * `--env sim`: the local venue in a worker thread (its matching, streams and JSON never share
 * the cockpit's event loop), speaking the dialect of the venue asked for, and the credentials of
 * its demo account. Nothing here names a venue: the dialect is the venue id, and the demo key is
 * the first of the account's keys whose parts fit the venue's key shape (custody checks it).
 */
import { errorMessage } from '../core/error-message.js';
import { readFileSync } from 'node:fs';
import { buildCredentials, type CustodyCredentials } from '../custody/credentials.js';
import { Secret } from '../core/secret.js';
import type { KeyMaterial } from '../custody/material.js';
import { isSimDialect, SIM_DIALECT_IDS } from '../sim/dialects/ids.js';
import type { SimAccount, SimAccountSpec, SimDialect, SimHandle, SimKey } from '../sim/index.js';
import type { VenueUrls } from '../venues/venue.js';

/** The local venue cannot play this venue, or did not start. */
export class LocalVenueError extends Error {
  override readonly name = 'LocalVenueError';
}

export interface LocalVenue {
  handle: SimHandle;
  credentials: CustodyCredentials;
  account: SimAccount;
  urls: VenueUrls;
}

export function simDialect(venue: string): SimDialect {
  if (!isSimDialect(venue)) {
    throw new LocalVenueError(`the local venue does not speak ${venue} (it speaks ${SIM_DIALECT_IDS.join(', ')})`);
  }
  return venue;
}

function material(key: SimKey, account: SimAccount): KeyMaterial {
  switch (key.type) {
    case 'hmac':
      return {
        apiKey: new Secret(key.apiKey, `sim ${account.name} api key`),
        ...(key.secret === undefined ? {} : { apiSecret: key.secret }),
        ...(key.passphrase === undefined ? {} : { passphrase: key.passphrase }),
      };
    case 'ed25519':
    case 'rsa':
    case 'ec':
      return {
        apiKey: new Secret(key.apiKey, `sim ${account.name} api key`),
        ...(key.secret === undefined ? {} : { privateKey: key.secret }),
      };
    case 'evm': {
      const wallet = key.walletAddress ?? account.walletAddress;
      return {
        ...(key.secret === undefined ? {} : { privateKey: key.secret }),
        ...(wallet === undefined ? {} : { walletAddress: wallet }),
      };
    }
  }
}

/** The demo account's first key that makes valid credentials for `venue`. */
export function simCredentials(venue: string, account: SimAccount): CustodyCredentials {
  const problems: string[] = [];
  for (const key of account.keys) {
    try {
      return buildCredentials(material(key, account), {
        venue,
        env: 'sim',
        source: `sim ${account.name} ${key.type}`,
      });
    } catch (err) {
      problems.push(errorMessage(err));
    }
  }
  throw new LocalVenueError(
    `the local venue's account '${account.name}' has no key usable on ${venue}${problems.length > 0 ? `: ${problems.join('; ')}` : ''}`,
  );
}

/** `--sim-keys FILE`: the accounts of a `quantdeck sim --keys` file, or a LocalVenueError naming it. */
async function readSimKeys(file: string): Promise<SimAccountSpec[]> {
  // Loaded only when asked for: the parser's module brings the venue's key generation along.
  const { parseKeysFile } = await import('../sim/accounts.js');
  try {
    return parseKeysFile(readFileSync(file, 'utf8'));
  } catch (err) {
    // JSON.parse quotes the text around a syntax error, and this file holds secrets.
    const text = errorMessage(err);
    const why = text.startsWith('keys file is not JSON') ? 'not valid JSON' : text;
    throw new LocalVenueError(`--sim-keys ${file}: ${why}`);
  }
}

export async function startLocalVenue(
  venue: string,
  seed: string | undefined,
  simKeys?: string,
  trendBp?: number,
): Promise<LocalVenue> {
  const dialect = simDialect(venue);
  const accounts = simKeys === undefined ? undefined : await readSimKeys(simKeys);
  // The worker's starter alone: the sim itself (matching, dialects, ethers) loads in the worker,
  // not on the cockpit's thread as well.
  const { startSimWorker } = await import('../sim/worker.js');
  let handle: SimHandle;
  try {
    handle = await startSimWorker({
      dialect,
      seed: seed ?? 'quantdeck',
      ...(accounts === undefined ? {} : { accounts }),
      ...(trendBp === undefined ? {} : { trendBp }),
    });
  } catch (err) {
    throw new LocalVenueError(
      `the local venue did not start: ${errorMessage(err)}`,
    );
  }
  try {
    const account = handle.accounts[0];
    if (account === undefined) throw new LocalVenueError('the local venue started without a demo account');
    return {
      handle,
      account,
      credentials: simCredentials(venue, account),
      urls: { rest: handle.restUrl, wsPublic: handle.wsUrl, wsPrivate: handle.wsUrl },
    };
  } catch (err) {
    await handle.close();
    throw err;
  }
}
