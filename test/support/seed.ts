/**
 * The property tests' seed for this run. vitest.config.ts draws one per run (or takes QD_SEED to
 * replay one) and hands it to every test process in QD_SEED, so each run explores new cases and
 * a failure names the run that found it. fast-check takes it globally (seed-setup.ts); tests that
 * sample by hand derive theirs from it.
 */
export const RUN_SEED: number = (() => {
  const given = process.env['QD_SEED'];
  if (given !== undefined && given !== '') {
    const n = Number(given);
    if (!Number.isSafeInteger(n)) throw new Error(`QD_SEED must be an integer, got ${JSON.stringify(given)}`);
    return n;
  }
  return Math.floor(Math.random() * 2 ** 31);
})();

/** Another seed from the run's, for the n-th sample of a file: independent streams, same replay. */
export const seedFor = (n: number): number => (RUN_SEED + Math.imul(n, 0x9e3779b1)) | 0;
