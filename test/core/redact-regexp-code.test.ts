// The scrubber's patterns are compiled to machine code for both kinds of subject string at the
// first scrub, so a two-byte line later (a '…' or a '—' in a message) adds no code to a running
// cockpit: before, the first such line compiled ~80 KB of regexp code at whatever hour it came,
// a step in the soak's code space (docs/memory.md, "What the soak's code space was").
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const REDACT = join(import.meta.dirname, '..', '..', 'src', 'core', 'redact.ts');
// In a process of its own, JIT off: the code space then holds only what the regexps compile.
const PROBE = `
const { getHeapSpaceStatistics } = await import('node:v8');
const { scrubSensitivePatterns } = await import(process.argv[1]);
const code = () => getHeapSpaceStatistics().filter((s) => s.space_name.startsWith('code')).reduce((a, s) => a + s.space_used_size, 0);
scrubSensitivePatterns('{"level":30,"msg":"fill buy 0.001 ETHUSDT @ 3000.1"}');
gc();
const before = code();
scrubSensitivePatterns('{"level":40,"msg":"order 1234\u20265678 rejected \u2014 x"}');
scrubSensitivePatterns('{"level":40,"msg":"order 1234\u20265678 rejected \u2014 y"}');
gc();
process.stdout.write(String(code() - before));
`;

describe('the scrubber compiles its patterns once', () => {
  it('a two-byte line after the first scrub adds no regexp code', () => {
    const r = spawnSync(
      process.execPath,
      ['--expose-gc', '--no-opt', '--no-sparkplug', '--import', import.meta.resolve('tsx'), '--input-type=module', '-e', PROBE, REDACT],
      { encoding: 'utf8' },
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    // 0 here; ~78,000 bytes when the two-byte code waited for the first two-byte line.
    expect(Number(r.stdout)).toBeLessThan(4096);
  });
});
