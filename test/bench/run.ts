// `npm run bench [-- --json] [-- NAME...]`: runs every test/bench/*.bench.ts (or those whose file
// name contains one of the NAMEs) one after another and prints their tables, or one JSON object.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type CommandSpec, CommandLineError, formatHelp, parseCommand, usageErrorText } from '../../src/core/command-line.js';
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

const sections: BenchSection[] = [];
for (const file of files) {
  const mod = (await import(pathToFileURL(join(here, file)).href)) as { default: Bench };
  const section = await mod.default();
  sections.push(section);
  if (!json) printSection(section);
}
if (json) console.log(JSON.stringify({ node: process.version, sections }, null, 2));
