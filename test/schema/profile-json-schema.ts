/**
 * Generates schema/profile.schema.json from the profile's one definition (src/custody/profile-schema.ts).
 *   npm run schema          rewrites the file
 * test/schema/profile-schema.test.ts fails when the file is not what this generates.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { toJsonSchema } from '@valibot/to-json-schema';
import { PROFILE_SCHEMA } from '../../src/custody/profile-schema.js';

export const SCHEMA_FILE = resolve(import.meta.dirname, '../../schema/profile.schema.json');

/**
 * The published JSON Schema, as file text. `check` actions (rules JSON Schema cannot state, such as
 * a known venue in any case) are left out: an editor checks less than quantdeck does, never more.
 */
export function profileJsonSchemaText(): string {
  const schema = toJsonSchema(PROFILE_SCHEMA, { target: 'draft-07', ignoreActions: ['check', 'transform'] });
  return `${JSON.stringify(schema, null, 2)}\n`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  writeFileSync(SCHEMA_FILE, profileJsonSchemaText());
  process.stdout.write(`wrote ${SCHEMA_FILE}\n`);
}
