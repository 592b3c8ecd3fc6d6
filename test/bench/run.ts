// `npm run bench [-- --json] [-- NAME...]`: runs every test/bench/*.bench.ts (or those whose file
// name contains one of the NAMEs) one after another and prints their tables, or one JSON object.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Bench, BenchSection } from './section.js';

const args = process.argv.slice(2);
const json = args.includes('--json');
const names = args.filter((a) => !a.startsWith('--'));
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
