/**
 * simulators/yang/bbf-schema.generated.json is a build artefact of libyang (yanglint -f info/tree)
 * over the modules the lab OLT announces, read from ../shared/standards: regenerating it must give
 * the checked-in file byte for byte, so it can neither drift from the modules nor be edited by hand
 * (`npm run gen:bbf-schema` rewrites it after a deliberate change of the module set).
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { formatSchema, generateBbfSchema, SCHEMA_FILE } from '../../scripts/gen-bbf-schema.ts';
import { sharedDir } from '../helpers/shared-dir.ts';

describe('generated BBF schema', () => {
  it('is what libyang compiles from ../shared/standards today (npm run gen:bbf-schema)', () => {
    const shared = sharedDir();
    expect(shared, 'no ../shared (PONCTL_SHARED_DIR, <repo>/../shared, /work/shared)').toBeDefined();
    const fresh = formatSchema(generateBbfSchema(shared!));
    const checkedIn = readFileSync(SCHEMA_FILE, 'utf8');
    expect(
      fresh === checkedIn,
      'bbf-schema.generated.json differs: run npm run gen:bbf-schema and review',
    ).toBe(true);
    // what it holds: no description text, the licences, the announced library
    const s = JSON.parse(checkedIn);
    expect(checkedIn).not.toMatch(/"description"/);
    expect(s.about.licences.map((l: { text: string }) => l.text).join('\n')).toMatch(
      /Broadband Forum[\s\S]*IETF Trust/,
    );
    expect(s.library.modules).toHaveLength(33);
    expect(s.library.importOnly).toHaveLength(19);
  }, 60_000);
});
