// `npm run bench [-- --json] [-- NAME...]`: runs every test/bench/*.bench.ts (or those whose file
// name contains one of the NAMEs) one after another and prints their tables, or one JSON object
// ending with `figures` (each held to its goal in figures.ts). A section that fails is named and
// the rest still run; the exit status is then 1.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type CommandSpec, CommandLineError, formatHelp, parseCommand, usageErrorText } from '../../src/core/command-line.js';
import { type FigureName, GOALS } from './figures.js';
import { type BenchReport, runSections } from './runner.js';
import type { Bench, BenchSection } from './section.js';

const BENCH: CommandSpec = {
  command: 'npm run bench --',
  summary: 'runs the benchmarks one after another and prints their tables (measured, not asserted)',
  positionals: [{ name: 'NAME', help: 'only the benchmark files whose name contains NAME', optional: true, rest: true }],
  options: [{ name: 'json', help: 'one JSON object on stdout instead of the tables' }],
};

let parsed: ReturnType<typeof parseCommand>;
try {
  parsed = parseCommand(BENCH, process.argv.slice(2));
} catch (error) {
  if (!(error instanceof CommandLineError)) throw error;
  process.stderr.write(usageErrorText(BENCH, error.message));
  process.exit(2);
}
if (parsed.help) {
  process.stdout.write(formatHelp(BENCH));
  process.exit(0);
}
const json = parsed.switches.has('json');
const names = parsed.positionals;
const here = dirname(fileURLToPath(import.meta.url));
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts') || f.endsWith('.bench.tsx'))
  .filter((f) => names.length === 0 || names.some((n) => f.includes(n)))
  .sort();

function printSection(section: BenchSection): void {
  console.log(`\n== ${section.title}`);
  const columns = [...new Set(section.rows.flatMap((r) => Object.keys(r)))];
  const cell = (v: string | number | undefined) =>
    v === undefined ? '' : typeof v === 'number' ? v.toLocaleString('en-US', { maximumFractionDigits: 3 }) : v;
  const widths = columns.map((c) => Math.max(c.length, ...section.rows.map((r) => cell(r[c]).length)));
  console.log(columns.map((c, i) => c.padEnd(widths[i]!)).join('  '));
  for (const row of section.rows) {
    console.log(columns.map((c, i) => (typeof row[c] === 'number' ? cell(row[c]).padStart(widths[i]!) : cell(row[c]).padEnd(widths[i]!))).join('  '));
  }
  for (const note of section.notes ?? []) console.log(`  ${note}`);
}

function printFigures(report: BenchReport): void {
  const names = Object.keys(GOALS) as FigureName[];
  console.log(`\n== figures against their goals (load average ${report.loadBefore.join(' ')} before, ${report.loadAfter.join(' ')} after; ${report.cores} cores)`);
  const lines = names.map((name) => {
    const f = report.figures[name];
    const value = f ? String(f.value) : 'not measured';
    return [name, value, GOALS[name].unit, GOALS[name].goal, f ? (f.met ? 'met' : 'NOT MET') : ''];
  });
  for (const [name, f] of Object.entries(report.figures)) if (!(name in GOALS)) lines.push([name, String(f.value), f.unit, f.goal, f.met ? 'met' : 'NOT MET']);
  const widths = [0, 1, 2, 3].map((i) => Math.max(...lines.map((l) => l[i]!.length)));
  for (const l of lines) console.log(`${l[0]!.padEnd(widths[0]!)}  ${l[1]!.padStart(widths[1]!)}  ${l[2]!.padEnd(widths[2]!)}  goal ${l[3]!.padEnd(widths[3]!)}  ${l[4]}`);
  for (const f of report.failures) console.log(`FAILED ${f.section}: ${f.error}`);
}

const report = await runSections(
  files.map((file) => ({
    name: file,
    load: async () => ((await import(pathToFileURL(join(here, file)).href)) as { default: Bench }).default,
  })),
  (section) => {
    if (!json) printSection(section);
  },
);
if (json) console.log(JSON.stringify(report, null, 2));
else printFigures(report);
for (const f of report.failures) process.stderr.write(`bench section ${f.section} failed: ${f.error}\n`);
process.exitCode = report.failures.length > 0 ? 1 : 0;
