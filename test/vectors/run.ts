// `npm run vectors -- FILE...`: checks every signing vector in the given files (format in
// test/vectors/README.md), prints one line per record and `N passed, N failed` last, and exits
// non-zero if any record fails or has a kind this runner does not know.
import { errorMessage, namedErrorMessage } from '../../src/core/error-message.js';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CHECKS, type VectorRecord } from './checks.js';

export interface VectorReport {
  lines: string[];
  passed: number;
  failed: number;
}

function checkRecord(record: unknown): string | null {
  if (typeof record !== 'object' || record === null || Array.isArray(record))
    return 'record is not an object';
  const r = record as VectorRecord;
  if (typeof r.kind !== 'string') return 'record has no kind';
  const check = CHECKS[r.kind];
  if (check === undefined) return `unknown kind ${r.kind}`;
  if (!('expected' in r)) return 'record has no expected value';
  try {
    return check(r);
  } catch (error) {
    return `error: ${namedErrorMessage(error)}`;
  }
}

/** Checks the records of one parsed file; `label` names the file in each line. */
export function checkRecords(label: string, records: unknown, report: VectorReport): void {
  if (!Array.isArray(records)) {
    report.failed++;
    report.lines.push(`FAIL ${label}: not an array of records`);
    return;
  }
  records.forEach((record, i) => {
    const failure = checkRecord(record);
    const r = (typeof record === 'object' && record !== null ? record : {}) as Partial<VectorRecord>;
    const where = `${label}#${i} ${String(r.kind ?? '?')}`;
    const source = typeof r.source === 'string' ? ` (${r.source})` : '';
    if (failure === null) {
      report.passed++;
      report.lines.push(`pass ${where}${source}`);
    } else {
      report.failed++;
      report.lines.push(`FAIL ${where}: ${failure}${source}`);
    }
  });
}

/** Reads and checks every file; a file that cannot be read or parsed counts as one failure. */
export function runVectorFiles(files: readonly string[]): VectorReport {
  const report: VectorReport = { lines: [], passed: 0, failed: 0 };
  for (const file of files) {
    let records: unknown;
    try {
      records = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      report.failed++;
      report.lines.push(`FAIL ${file}: ${errorMessage(error)}`);
      continue;
    }
    checkRecords(basename(file), records, report);
  }
  return report;
}

function main(): void {
  const files = process.argv.slice(2).filter((a) => a !== '--');
  if (files.length === 0) {
    console.error('usage: npm run vectors -- FILE...');
    process.exitCode = 2;
    return;
  }
  const report = runVectorFiles(files);
  for (const line of report.lines) console.log(line);
  console.log(`${report.passed} passed, ${report.failed} failed`);
  process.exitCode = report.failed > 0 ? 1 : 0;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) main();
