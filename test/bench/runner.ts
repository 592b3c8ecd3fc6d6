// Runs benchmark sections one after another so that every one runs to the end: a section that
// throws, or leaves an error behind (a child's pipe closing under a late write, a socket reset
// after it returned), is recorded with its name and the next section still runs. The figures of
// every section are gathered into one object, checked against their goals.
import { namedErrorMessage } from '../../src/core/error-message.js';
import { availableParallelism, loadavg } from 'node:os';
import { type Figure, toFigures } from './figures.js';
import type { Bench, BenchSection } from './section.js';

export interface SectionLoader {
  /** The file name, how a failure is named. */
  name: string;
  load: () => Promise<Bench>;
}

export interface BenchFailure {
  section: string;
  error: string;
}

export interface BenchReport {
  node: string;
  /** 1/5/15-minute load averages before the first and after the last section (figures on a loaded box read differently). */
  loadBefore: number[];
  loadAfter: number[];
  cores: number;
  sections: BenchSection[];
  failures: BenchFailure[];
  /** Every figure measured in this run, last so a reader finds it at the end of the output. */
  figures: Record<string, Figure>;
}

const describe = namedErrorMessage;
const round2 = (n: number) => Math.round(n * 100) / 100;

export async function runSections(
  loaders: SectionLoader[],
  onSection: (section: BenchSection) => void = () => undefined,
): Promise<BenchReport> {
  const sections: BenchSection[] = [];
  const failures: BenchFailure[] = [];
  const figures: Record<string, Figure> = {};
  let current = '(between sections)';
  // An error nothing awaited (an 'error' event with no listener, a rejected promise nobody holds)
  // would end the process and every section after it; it is charged to the section running.
  const stray = (error: unknown) => failures.push({ section: current, error: `uncaught: ${describe(error)}` });
  process.on('uncaughtException', stray);
  process.on('unhandledRejection', stray);
  const loadBefore = loadavg().map(round2);
  try {
    for (const loader of loaders) {
      current = loader.name;
      try {
        const bench = await loader.load();
        const section = await bench();
        Object.assign(figures, toFigures(section.figures ?? {}));
        sections.push(section);
        onSection(section);
      } catch (error) {
        failures.push({ section: loader.name, error: describe(error) });
      }
      // A late error from the section's sockets or children surfaces on the next turns.
      await new Promise((r) => setImmediate(r));
      current = '(between sections)';
    }
  } finally {
    process.off('uncaughtException', stray);
    process.off('unhandledRejection', stray);
  }
  return {
    node: process.version,
    loadBefore,
    loadAfter: loadavg().map(round2),
    cores: availableParallelism(),
    sections,
    failures,
    figures,
  };
}
