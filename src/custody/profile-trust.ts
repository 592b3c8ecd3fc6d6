/**
 * A profile that names a `cmd:` key runs that command with the trader's rights on every start, so
 * it is trusted as ssh trusts its config: the file and its folder must belong to this user (or
 * root) and be writable by no one else. Anyone who could edit it could otherwise make quantdeck run
 * their program and read the keys it prints.
 */
import { statSync } from 'node:fs';
import { dirname } from 'node:path';
import { CustodyError } from './errors.js';
import type { Profile } from './profile.js';

const WRITABLE_BY_OTHERS = 0o022;

/** The `cmd:` references a profile holds, by where they are written. */
export function commandRefs(profile: Profile): string[] {
  const where: string[] = [];
  for (const [name, k] of Object.entries(profile.keys)) if (k.ref.kind === 'cmd') where.push(`keys.${name}`);
  for (const [name, a] of Object.entries(profile.accounts)) if (a.key.kind === 'cmd') where.push(`accounts.${name}.key`);
  if (profile.signals?.llm?.key.kind === 'cmd') where.push('signals.llm.key');
  return where;
}

/** Refuses a profile with `cmd:` keys that another user could have written. */
export function assertCommandsTrusted(profile: Profile, path: string, uid = process.getuid?.()): void {
  const refs = commandRefs(profile);
  if (refs.length === 0 || uid === undefined) return;
  for (const [file, what] of [
    [path, 'file'],
    [dirname(path), 'folder'],
  ] as const) {
    const st = statSync(file);
    const owner = st.uid === uid || st.uid === 0;
    const mode = st.mode & 0o777;
    if (owner && (mode & WRITABLE_BY_OTHERS) === 0) continue;
    const why = owner ? `writable by others (mode ${mode.toString(8).padStart(4, '0')})` : `owned by user ${st.uid}, not you`;
    throw new CustodyError(
      `${path}: ${refs.join(', ')} run a command (cmd:), but the profile's ${what} ${file} is ${why}; ` +
        `quantdeck runs only commands from a profile only you can change (chmod go-w ${file})`,
    );
  }
}
