/**
 * The field readers moved to ../shared/fields.ts (one implementation for every venue); this name
 * stays for importers that still use it.
 */
export * from '../shared/fields.js';
