/**
 * `keyring:NAME` — the OS keyring through @napi-rs/keyring: one item per key, service
 * "quantdeck", account NAME, value = the key parts as JSON. On Linux the entry is pinned to the
 * Secret Service (gnome-keyring over D-Bus): the library's fallback, the kernel keyring, loses
 * everything at reboot, and a key that silently vanishes is worse than a clear error.
 */
import { errorMessage } from '../core/error-message.js';
import { AsyncEntry, type EntryOptions } from '@napi-rs/keyring';
import { CustodyError } from './errors.js';
import { deserializeMaterial, type KeyMaterial, serializeMaterial } from './material.js';

export const KEYRING_SERVICE = 'quantdeck';
const PROBE_ACCOUNT = '__quantdeck_probe__';
const TIMEOUT_MS = 10_000;

function entry(name: string): AsyncEntry {
  const options: EntryOptions | undefined =
    process.platform === 'linux' ? { linux: { store: 'secret-service' } } : undefined;
  return new AsyncEntry(KEYRING_SERVICE, name, options);
}

/** Turns the library's errors into what a person can do about them. */
export function explainKeyringError(error: unknown): string {
  const text = errorMessage(error);
  if (
    /DBUS_SESSION_BUS_ADDRESS|autolaunch|Failed to connect to socket|No such file or directory/i.test(text)
  ) {
    return 'no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is unset or dead): start one with dbus-run-session, or use --store file';
  }
  if (/ServiceUnknown|not provided by any \.service|org\.freedesktop\.secrets/i.test(text)) {
    return 'no Secret Service on the D-Bus session: install and start gnome-keyring (Debian packages gnome-keyring, dbus), or use --store file';
  }
  if (/prompt was dismissed|locked|IsLocked/i.test(text)) {
    return 'the keyring is locked and no unlock prompt could be shown (no desktop): start gnome-keyring-daemon with --unlock (see src/custody/README.md), or use --store file';
  }
  if (/timed out|aborted|AbortError/i.test(text)) {
    return 'the keyring did not answer within 10 s (an unlock prompt waiting on another screen?)';
  }
  return `keyring error: ${text}`;
}

async function call<T>(what: string, name: string, run: (signal: AbortSignal) => Promise<T>): Promise<T> {
  try {
    return await run(AbortSignal.timeout(TIMEOUT_MS));
  } catch (error) {
    throw new CustodyError(`${what} keyring item ${KEYRING_SERVICE}/${name}: ${explainKeyringError(error)}`);
  }
}

export async function keyringSave(name: string, material: KeyMaterial): Promise<void> {
  const value = serializeMaterial(material);
  await call('cannot store', name, (signal) => entry(name).setPassword(value, signal));
}

export async function keyringLoad(name: string): Promise<KeyMaterial> {
  const value = await call('cannot read', name, (signal) => entry(name).getPassword(signal));
  if (value === null || value === undefined) {
    throw new CustodyError(
      `no keyring item ${KEYRING_SERVICE}/${name}: add it with quantdeck keys add ${name} --venue V --env E`,
    );
  }
  return deserializeMaterial(value, `keyring item ${KEYRING_SERVICE}/${name}`);
}

export async function keyringExists(name: string): Promise<boolean> {
  const value = await call('cannot read', name, (signal) => entry(name).getPassword(signal));
  return value !== null && value !== undefined;
}

/** True when an item was deleted, false when there was none. */
export async function keyringDelete(name: string): Promise<boolean> {
  return call('cannot delete', name, (signal) => entry(name).deleteCredential(signal));
}

export interface KeyringProbe {
  reachable: boolean;
  /** Which store and how it was reached, or why not. */
  detail: string;
}

/**
 * Writes, reads back and deletes a throwaway item. Reading alone proves little: a locked
 * gnome-keyring answers "no such item" to a read and only fails on a write.
 */
export async function probeKeyring(): Promise<KeyringProbe> {
  const marker = `probe-${process.pid}-${Date.now()}`;
  try {
    const e = entry(PROBE_ACCOUNT);
    await e.setPassword(marker, AbortSignal.timeout(TIMEOUT_MS));
    const back = await e.getPassword(AbortSignal.timeout(TIMEOUT_MS));
    await e.deleteCredential(AbortSignal.timeout(TIMEOUT_MS));
    if (back !== marker)
      return { reachable: false, detail: 'the keyring accepted a write but returned something else' };
  } catch (error) {
    return { reachable: false, detail: explainKeyringError(error) };
  }
  if (process.platform !== 'linux')
    return { reachable: true, detail: `the ${process.platform} system keychain` };
  const bus = process.env['DBUS_SESSION_BUS_ADDRESS'] ?? '(default bus)';
  return { reachable: true, detail: `Secret Service over D-Bus (${bus})` };
}
