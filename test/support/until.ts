// One way for a test to wait: poll a condition until it holds. The ceiling is generous on purpose —
// CI runs on two busy cores — and only decides how long a failing test takes to say so; a passing
// test goes on as soon as the condition holds.

export const CEILING_MS = 20_000;

/** Resolves when `check` holds, polling every 10 ms; rejects naming `what` after `ms`. */
export async function until(
  check: () => boolean | Promise<boolean>,
  what = 'condition',
  ms = CEILING_MS,
): Promise<void> {
  const end = performance.now() + ms;
  while (!(await check())) {
    if (performance.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
