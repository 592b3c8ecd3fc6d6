// The V8 flags `quantdeck` runs with (its shebang and `npm start` spell them out; `npm run soak`
// passes them to the process it measures; test/cli/node-flags.test.ts keeps the three equal).
// Measured with the soak at 1,000 fills/s (docs/memory.md): by default V8 keeps a 32 MB young
// generation (two 16 MB semi-spaces) and lets the old generation grow to a multiple of what lives
// in it before collecting, so a cockpit with ~35 MB of live heap held ~60-105 MB committed and
// 150-190 MB of RSS. A 4 MB semi-space (8 MB young generation) and an old generation allowed to
// grow 25 % past its live size before the next full collection keep it near 100-135 MB, for no
// CPU that the cockpit bench can tell from noise (9.5-9.8 against 8.7-9.6 ms per frame).
export const NODE_FLAGS = ['--max-semi-space-size=4', '--heap-growing-percent=25'];
