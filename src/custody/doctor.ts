/**
 * `quantdeck doctor`: where keys can be kept on this machine and where the log goes. Says which
 * key stores are reachable and, when one is not, why and what fixes it. Prints no secret: env
 * keys are reported as set/empty/unset by variable name only.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CommandLineError, formatHelp, parseCommand, usageErrorText } from '../core/command-line.js';
import { safeMessage } from '../log/secret-registry.js';
import { logFilePath, type Env as ProcessEnv, quantdeckConfigDir } from '../log/xdg.js';
import { DOCTOR } from './command-lines.js';
import { envVarName } from './env-store.js';
import { formatKeyRef } from './key-ref.js';
import { probeKeyring } from './keyring-store.js';
import { profilePath, validateProfile } from './profile.js';
import { keyFacts } from './key-family.js';

const MIN_NODE = [20, 19] as const;

interface Line {
  topic: string;
  ok: boolean;
  text: string;
}

function nodeLine(): Line {
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  const ok = major > MIN_NODE[0] || (major === MIN_NODE[0] && minor >= MIN_NODE[1]);
  return { topic: 'node', ok, text: `${process.version} (needs >= ${MIN_NODE.join('.')})` };
}

function dirLine(dir: string): Line {
  if (!existsSync(dir))
    return { topic: 'key files', ok: true, text: `${dir} (created by keys add --store file)` };
  const mode = statSync(dir).mode & 0o777;
  const ok = (mode & 0o077) === 0;
  return {
    topic: 'key files',
    ok,
    text: `${dir} (mode ${mode.toString(8).padStart(4, '0')}${ok ? '' : `: others can list it; chmod 700 ${dir}`})`,
  };
}

function profileLines(env: ProcessEnv): Line[] {
  const path = profilePath(env);
  if (!existsSync(path)) {
    return [{ topic: 'profile', ok: true, text: `${path} (not created yet: quantdeck keys add creates it)` }];
  }
  try {
    const profile = validateProfile(JSON.parse(readFileSync(path, 'utf8')), path);
    const lines: Line[] = [
      {
        topic: 'profile',
        ok: true,
        text: `${path}: ${Object.keys(profile.keys).length} key(s), ${Object.keys(profile.accounts).length} account(s)`,
      },
    ];
    for (const [name, account] of Object.entries(profile.accounts)) {
      if (account.key.kind !== 'env') continue;
      const prefix = account.key.prefix;
      const shape = keyFacts(account.venue).keyShape;
      const vars = [...shape.required, ...shape.oneOf].map((part) => {
        const variable = envVarName(prefix, part);
        const value = env[variable];
        return `${variable} ${value === undefined ? 'unset' : value.trim() === '' ? 'EMPTY' : 'set'}`;
      });
      const ok =
        !vars.some((v) => v.endsWith('EMPTY')) &&
        !shape.required.some((p) => env[envVarName(prefix, p)] === undefined);
      lines.push({
        topic: 'env keys',
        ok,
        text: `account ${name} → ${formatKeyRef(account.key)}: ${vars.join(', ')}`,
      });
    }
    return lines;
  } catch (error) {
    return [{ topic: 'profile', ok: false, text: safeMessage(error) }];
  }
}

export async function main(argv: string[]): Promise<number> {
  try {
    if (parseCommand(DOCTOR, argv).help) {
      process.stdout.write(formatHelp(DOCTOR));
      return 0;
    }
  } catch (error) {
    if (!(error instanceof CommandLineError)) throw error;
    process.stderr.write(usageErrorText(DOCTOR, error.message));
    return 2;
  }
  const env = process.env;
  const keyring = await probeKeyring();
  const lines: Line[] = [
    nodeLine(),
    {
      topic: 'keyring',
      ok: keyring.reachable,
      text: keyring.reachable ? `reachable: ${keyring.detail}` : `NOT reachable: ${keyring.detail}`,
    },
    dirLine(join(quantdeckConfigDir(env), 'keys')),
    {
      topic: 'env keys',
      ok: true,
      text: 'env:PREFIX reads PREFIX_API_KEY, PREFIX_API_SECRET, PREFIX_PASSPHRASE, PREFIX_PRIVATE_KEY',
    },
    ...profileLines(env),
    { topic: 'log file', ok: true, text: logFilePath(env) },
  ];
  process.stdout.write('quantdeck doctor\n');
  for (const line of lines)
    process.stdout.write(`  ${line.ok ? 'ok ' : 'NO '} ${line.topic.padEnd(9)} ${line.text}\n`);
  // An unreachable keyring is not a failure: encrypted files always work.
  return lines.some((l) => !l.ok && (l.topic === 'node' || l.topic === 'profile')) ? 1 : 0;
}
