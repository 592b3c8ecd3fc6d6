// @ts-check
// Mutation testing, one source file per run (`npm run mutate [file…]`, test/mutation/run.ts sets
// QD_MUTATE_FILE and QD_MUTATE_TESTS): a run over everything at once would hold both cores of a
// shared machine for hours, and a file's score should say what its own tests pin.
const file = process.env.QD_MUTATE_FILE;
const tests = (process.env.QD_MUTATE_TESTS ?? '').split(',').filter((t) => t !== '');
if (file === undefined || tests.length === 0) {
  throw new Error('run mutation tests through `npm run mutate [file…]` (test/mutation/run.ts)');
}
const slug = file.replace(/[/.:-]/g, '_');

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
const config = {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.config.ts', related: false },
  testFiles: tests,
  coverageAnalysis: 'perTest',
  mutate: [file],
  concurrency: Number(process.env.QD_MUTATE_CONCURRENCY ?? 1),
  // A static mutant (evaluated once at import) forces a reload and the whole test set per mutant.
  ignoreStatic: true,
  incremental: process.env.QD_MUTATE_FRESH !== '1',
  incrementalFile: `.stryker/incremental/${slug}.json`,
  // One sandbox folder per target: two targets may run at once, and each run deletes its own.
  tempDirName: `.stryker/tmp-${slug}`,
  cleanTempDir: 'always',
  // Other targets' sandboxes (a run in progress) are not part of the project to copy.
  ignorePatterns: ['/.stryker', '/coverage', '/dist'],
  reporters: ['json', 'clear-text', 'progress'],
  jsonReporter: { fileName: `.stryker/reports/${slug}.json` },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true },
  timeoutMS: 20_000,
  timeoutFactor: 2,
  thresholds: { high: 90, low: 80, break: null },
};
export default config;
