/**
 * `npm run mutate [file…]`: StrykerJS over each target file in turn (test/mutation/targets.ts),
 * each against its own tests, at low priority and one worker, then the score per file and every
 * mutant that survived (file:line, mutator, replacement) for docs/mutation.md.
 * A target may name a line range, `views/controller.ts:97-246`: only mutants there are made, and
 * TARGETS may list tests for that range alone (a slow file measured by parts).
 * Environment: QD_MUTATE_CONCURRENCY (default 1), QD_MUTATE_FRESH=1 (ignore earlier results).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { TARGETS } from './targets.js';

interface Mutant {
  status: string;
  mutatorName: string;
  replacement?: string;
  location: { start: { line: number; column: number } };
}
interface Report {
  files: Record<string, { mutants: Mutant[] }>;
}

const asked = process.argv.slice(2);
const fileOf = (target: string) => target.replace(/:\d+-\d+$/, '');
// A range may have a test list of its own (a faster subset for a slow file); else the file's.
const testsOf = (target: string) => TARGETS[target] ?? TARGETS[fileOf(target)];
const unknown = asked.filter((f) => testsOf(f) === undefined);
if (unknown.length > 0) {
  console.error(`not a mutation target: ${unknown.join(', ')}\ntargets: ${Object.keys(TARGETS).join(' ')}`);
  process.exit(2);
}
const files = asked.length > 0 ? asked : Object.keys(TARGETS).filter((t) => t === fileOf(t));

const rows: string[] = [];
let failed = false;
for (const target of files) {
  const file = fileOf(target);
  const tests = testsOf(target) as readonly string[];
  console.log(`\n== ${target} (tests: ${tests.join(' ')})`);
  const run = spawnSync('nice', ['-n', '15', 'npx', 'stryker', 'run'], {
    stdio: 'inherit',
    env: { ...process.env, QD_MUTATE_FILE: target, QD_MUTATE_TESTS: tests.join(',') },
  });
  const reportFile = `.stryker/reports/${target.replace(/[/.:-]/g, '_')}.json`;
  if (run.status !== 0 || !existsSync(reportFile)) {
    failed = true;
    rows.push(`| ${target} | stryker failed (exit ${run.status}) | | |`);
    continue;
  }
  const report = JSON.parse(readFileSync(reportFile, 'utf8')) as Report;
  const mutants = Object.values(report.files).flatMap((f) => f.mutants);
  const count = (...s: string[]) => mutants.filter((m) => s.includes(m.status)).length;
  const detected = count('Killed', 'Timeout');
  const undetected = count('Survived', 'NoCoverage');
  const score = detected + undetected === 0 ? 100 : (100 * detected) / (detected + undetected);
  rows.push(`| ${target} | ${score.toFixed(1)} % | ${detected} | ${undetected} |`);
  for (const m of mutants.filter((x) => x.status === 'Survived' || x.status === 'NoCoverage')) {
    const where = `${file}:${m.location.start.line}:${m.location.start.column}`;
    const replacement = (m.replacement ?? '').replace(/\s+/g, ' ').slice(0, 100);
    console.log(`  ${m.status.padEnd(10)} ${where} ${m.mutatorName}: ${replacement}`);
  }
}
console.log('\n| file | mutation score | killed | survived |\n| --- | --- | --- | --- |');
for (const r of rows) console.log(r);
process.exit(failed ? 1 : 0);
