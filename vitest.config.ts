import { randomInt } from 'node:crypto';
import { defineConfig } from 'vitest/config';

// One seed per run for every property test (test/support/seed.ts): each run explores new cases;
// QD_SEED=N replays run N.
const seed = process.env['QD_SEED'] || String(randomInt(2 ** 31 - 1));
if (process.env['VITEST_WORKER_ID'] === undefined) console.log(`property-test seed ${seed} (replay: QD_SEED=${seed})`);

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    env: { FORCE_COLOR: '0', QD_SEED: seed },
    setupFiles: ['test/support/seed-setup.ts'],
    // Tests end when their condition holds; the limit only bounds a hung one. Spawn-heavy tests (shells,
    // the CLI, scrypt, tmux) reached 30 s on two cores at load 20.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Vitest's default is one worker on a two-core machine. Two thirds of the suite's wall time is
    // waiting (sockets, child processes, tmux), so two files at a time keep both cores busy without
    // crowding them; every test waits for conditions, never for a time, so sharing the CPU only slows it.
    maxWorkers: 2,
  },
});
