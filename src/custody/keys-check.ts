// `quantdeck keys check NAME`: load the key, ask the venue what it may do, judge it.

import { processLog } from '../log/logger.js';
import type { Env as ProcessEnv } from '../log/xdg.js';
import { type ParsedArgs, parseArgs } from './args.js';
import { binancePermissionsBaseUrl, fetchBinancePermissions } from './binance-preflight-call.js';
import type { CustodyCredentials } from './credentials.js';
import { CustodyError } from './errors.js';
import { loadCredentials } from './load-credentials.js';
import { parseFd } from './passphrase.js';
import { evaluatePermissions } from './preflight.js';
import { loadProfile } from './profile.js';
import { envLabel, permissionQuery } from './venues.js';

/** Sends the venue's permission request for these credentials and returns the parsed JSON body. */
export type FetchPermissions = (
  credentials: CustodyCredentials,
  options: { baseUrl?: string },
) => Promise<unknown>;

export interface CheckDeps {
  env: ProcessEnv;
  stdout: { write(text: string): unknown };
  /** Injected by the engine once it exists; until then Binance has a temporary call of its own. */
  fetchPermissions?: FetchPermissions;
}

const defaultFetch: FetchPermissions = (credentials, options) => {
  if (credentials.family === 'binance') {
    return fetchBinancePermissions(credentials, binancePermissionsBaseUrl(credentials.env, options.baseUrl));
  }
  throw new CustodyError(
    `the ${credentials.family} preflight needs the engine's HTTP layer, which is not wired in yet`,
  );
};

const MARK = { refuse: '✗', warn: '!', info: '·' } as const;

export async function checkKey(name: string, argv: string[], deps: CheckDeps): Promise<number> {
  const args: ParsedArgs = parseArgs(argv, { values: ['base-url', 'passphrase-fd'] });
  const profile = loadProfile(deps.env);
  // A stored key, or an account (which may point at env:PREFIX).
  const target = profile.keys[name] ?? profile.accounts[name];
  if (target === undefined)
    throw new CustodyError(`no key or account '${name}' (quantdeck keys list shows them)`);
  const ref = 'ref' in target ? target.ref : target.key;
  const fdText = args.values.get('passphrase-fd');
  const credentials = await loadCredentials(ref, {
    venue: target.venue,
    env: target.env,
    processEnv: deps.env,
    ...(fdText !== undefined ? { passphraseFd: parseFd(fdText, '--passphrase-fd') } : {}),
  });
  const fetch = deps.fetchPermissions ?? defaultFetch;
  const baseUrl = args.values.get('base-url');
  const body = await fetch(credentials, baseUrl !== undefined ? { baseUrl } : {});
  const query = permissionQuery(credentials.family);
  const permissions = query.parse(
    body,
    credentials.walletAddress !== undefined ? { walletAddress: credentials.walletAddress } : undefined,
  );
  const result = evaluatePermissions(permissions, credentials.env);
  const headline = { refuse: 'REFUSED', warn: 'usable, with warnings', ok: 'ok' }[result.verdict];
  deps.stdout.write(
    `${name}: ${credentials.family} ${envLabel(credentials.env)} key ${credentials.keyId} from ${credentials.source}: ${headline}\n`,
  );
  for (const message of result.messages) deps.stdout.write(`  ${MARK[message.level]} ${message.text}\n`);
  deps.stdout.write(`  rights: ${result.summary}\n`);
  processLog().logger.info({ key: name, verdict: result.verdict, summary: result.summary }, 'key preflight');
  return result.verdict === 'refuse' ? 1 : 0;
}
