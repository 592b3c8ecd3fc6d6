// `quantdeck keys …`: custody's key commands, handed the engine's venue call for `keys check`
// (loaded only when a check runs, so the other commands start without the engine).
import { type KeysDeps, main as keysMain } from '../custody/keys-command.js';

export async function main(argv: string[], overrides: Partial<KeysDeps> = {}): Promise<number> {
  return keysMain(argv, {
    fetchPermissions: async (credentials, options) => {
      const { fetchThroughEngine } = await import('./key-permissions.js');
      return fetchThroughEngine(credentials, options);
    },
    whyUnaskable: async (credentials) => (await import('./key-permissions.js')).whyUnaskable(credentials),
    probeKey: async (credentials, options) => (await import('./key-permissions.js')).probeThroughEngine(credentials, options),
    ...overrides,
  });
}
