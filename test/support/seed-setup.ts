// Every test file: fast-check draws from the run's seed, and a failing test says how to replay it.
import fc from 'fast-check';
import { afterEach } from 'vitest';
import { RUN_SEED } from './seed.js';

fc.configureGlobal({ seed: RUN_SEED });

afterEach((ctx) => {
  if (ctx.task.result?.state !== 'fail') return;
  const file = ctx.task.file?.name ?? '';
  console.error(`property-test seed of this run: ${RUN_SEED} (replay: QD_SEED=${RUN_SEED} npx vitest run ${file})`);
});
