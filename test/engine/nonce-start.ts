// One "start" of a signer, as a process of its own: opens the key's nonce file, issues `count`
// nonces with the venue clock frozen at `at` (every request in the same millisecond) and prints
// them, one a line. nonce-file.test.ts runs it twice in a row.
import { NonceFile } from '../../src/custody/nonce-file.js';
import { Nonces } from '../../src/engine/nonces.js';

const [file, at, count] = process.argv.slice(2);
if (file === undefined || at === undefined || count === undefined) throw new Error('usage: nonce-start FILE AT_MS COUNT');
const nonces = new Nonces(undefined, () => Number(at), new NonceFile(file));
const out: number[] = [];
for (let i = 0; i < Number(count); i++) out.push(nonces.next());
process.stdout.write(`${out.join('\n')}\n`);
