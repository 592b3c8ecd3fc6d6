/**
 * The leak scan: does any planted secret (or a signature) appear anywhere in what a run wrote —
 * log files, stdout, stderr, captured frames, error messages? Reusable by every layer's leak test.
 * Written independently of src/core/redact.ts on purpose: a scrubber bug must not be mirrored by
 * the scan that checks it.
 *
 *   const findings = scanForSecrets(
 *     [{ name: 'log file', text: readFileSync(logPath) }, { name: 'stderr', text: stderr }],
 *     [{ label: 'binance api-secret', value: SECRET }],
 *   );
 *   expect(findings).toEqual([]);   // each finding names where and which form, never the value
 */

export interface Planted {
  /** Names the secret in a finding ("env api-secret"); the value itself is never printed. */
  label: string;
  value: string;
}

export interface Haystack {
  /** Where the bytes came from: "log file", "stderr", "frame 12". */
  name: string;
  text: string | Buffer;
}

export interface Finding {
  where: string;
  secret: string;
  form: string;
  offset: number;
}

/** Below this a needle matches by chance (and no real key is this short). */
const MIN_NEEDLE = 6;

/** Every form a secret can take in output: raw, base64/base64url (padded or not), hex, escaped, encoded. */
export function needleForms(value: string): Array<{ form: string; needle: string }> {
  const bytes = Buffer.from(value, 'utf8');
  const b64 = bytes.toString('base64');
  const forms: Array<{ form: string; needle: string }> = [
    { form: 'raw', needle: value },
    { form: 'base64', needle: b64 },
    { form: 'base64 unpadded', needle: b64.replace(/=+$/, '') },
    { form: 'base64url', needle: bytes.toString('base64url') },
    { form: 'hex', needle: bytes.toString('hex') },
    { form: 'HEX', needle: bytes.toString('hex').toUpperCase() },
    { form: 'JSON-escaped', needle: JSON.stringify(value).slice(1, -1) },
    { form: 'percent-encoded', needle: encodeURIComponent(value) },
  ];
  // A long secret can leak in part (a truncated excerpt): look for its middle too.
  if (value.length >= 32) forms.push({ form: 'middle 16 chars', needle: value.slice(8, 24) });
  const seen = new Set<string>();
  const unique: Array<{ form: string; needle: string }> = [];
  for (const f of forms) {
    if (f.needle.length < MIN_NEEDLE || seen.has(f.needle)) continue;
    seen.add(f.needle);
    unique.push(f);
  }
  return unique;
}

/** Scans every byte of every haystack (as UTF-8 and as latin1, so no byte sequence escapes). */
export function scanForSecrets(haystacks: readonly Haystack[], secrets: readonly Planted[]): Finding[] {
  const findings: Finding[] = [];
  for (const hay of haystacks) {
    const texts =
      typeof hay.text === 'string' ? [hay.text] : [hay.text.toString('utf8'), hay.text.toString('latin1')];
    for (const secret of secrets) {
      for (const { form, needle } of needleForms(secret.value)) {
        for (const text of texts) {
          const offset = text.indexOf(needle);
          if (offset >= 0) {
            findings.push({ where: hay.name, secret: secret.label, form, offset });
            break;
          }
        }
      }
    }
  }
  return findings;
}

/** Throws with a readable list of findings (labels, forms, offsets — no values). */
export function assertNoSecrets(haystacks: readonly Haystack[], secrets: readonly Planted[]): void {
  const findings = scanForSecrets(haystacks, secrets);
  if (findings.length > 0) {
    const lines = findings.map((f) => `  ${f.secret} (${f.form}) in ${f.where} at offset ${f.offset}`);
    throw new Error(`secrets leaked:\n${lines.join('\n')}`);
  }
}
