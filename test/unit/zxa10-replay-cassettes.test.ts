/**
 * The recorded sessions the driver contract replays (test/fixtures/zxa10-replay/) say only what public
 * sources say: each reply is a run of lines of the fixture it names, the bare success echo, or — where
 * no capture shows a state — recorded lines and the lines typed earlier in the same session.
 */
import { describe, expect, it } from 'vitest';
import { cassetteNames, cassetteProblems, loadCassette } from '../helpers/zxa10-replay.ts';
import { fixtureBody } from '../helpers/zxa10-fixtures.ts';

describe.each(cassetteNames())('replay cassette %s', (name) => {
  it('holds only recorded replies, success echoes, or recorded and typed lines', () => {
    const c = loadCassette(name);
    expect(c.exchanges.length).toBeGreaterThan(5);
    expect(cassetteProblems(c)).toEqual([]);
    const banner = fixtureBody(c.banner.from).split('\n');
    for (const l of c.banner.lines) expect(banner).toContain(l);
  });
});
