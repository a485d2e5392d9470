/**
 * Interop: Debian's ncclient (a NETCONF client no one here wrote) against the simulated OLT over a
 * real SSH socket — hello/capabilities, get-config (whole and filtered), lock + edit of candidate,
 * an rpc-error it must decode, validate, confirmed commit, get of the state (issue 4).
 */
import { describe, it, expect, afterAll, beforeAll } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  SIM_CREDENTIALS,
  sampleOltConfig,
  sampleOnu,
  startNetconfSim,
  type NetconfSim,
} from '../helpers/netconf-sim.ts';
import { editToXml } from '../../src/adapters/driven/olt/netconf/olt-config-xml.ts';

const run = promisify(execFile);
const PY = '/usr/bin/python3'; // Debian's python with python3-ncclient, not a pyenv python3 on PATH
const script = fileURLToPath(new URL('./py/ncclient_session.py', import.meta.url));
const pushScript = fileURLToPath(new URL('./py/ncclient_push.py', import.meta.url));

let sim: NetconfSim;
beforeAll(async () => {
  sim = await startNetconfSim({ pons: 2, ontsPerPon: 4, config: sampleOltConfig(2, 4) });
});
afterAll(async () => {
  await sim.close();
});

describe('ncclient → simulated OLT', () => {
  it('reads, edits the candidate, commits, and the change is in the OLT running configuration', async () => {
    const { stdout } = await run(
      PY,
      [script, String(sim.port), SIM_CREDENTIALS.username, SIM_CREDENTIALS.password, 'A-NCCLIENT-1'],
      { timeout: 60_000 },
    );
    const out = JSON.parse(stdout.trim().split('\n').pop()!);
    expect(out.capabilities).toEqual(
      expect.arrayContaining([
        'urn:ietf:params:netconf:base:1.1',
        'urn:ietf:params:netconf:capability:candidate:1.0',
        'urn:ietf:params:netconf:capability:confirmed-commit:1.1',
      ]),
    );
    expect(out.serials).toHaveLength(8);
    expect(out.serials).toContain('ZTEG00010001');
    expect(out.filtered_description).toEqual(['A-1-1']);
    expect(out.create_error).toMatchObject({ tag: 'data-exists', type: 'application' });
    expect(out.create_error.path).toContain("v-ani[polt:onu-id='1']");
    expect(out.phases).toHaveLength(8);
    expect(new Set(out.phases)).toEqual(new Set(['working']));
    expect(sim.olt.config.running.channelTerminations[0].onus[0].description).toBe('A-NCCLIENT-1');
    expect(sim.olt.config.lockHolder('candidate')).toBeUndefined();
  }, 90_000);

  it('pushes activations (create v-ANI + confirmed commit) with the benchmark reference script', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ncpush-'));
    try {
      // ONTs 5..12 of PON 1/1/2 are not yet configured: each line activates one subscriber
      const lines = Array.from({ length: 8 }, (_, i) =>
        JSON.stringify(
          editToXml([
            {
              op: 'create',
              kind: 'v-ani',
              ct: '1/1/2',
              value: sampleOnu(
                2,
                5 + i,
                'ZTEG' + ((2 << 16) | (5 + i)).toString(16).toUpperCase().padStart(8, '0'),
              ),
            },
          ]),
        ),
      );
      writeFileSync(join(dir, 'edits.jsonl'), lines.join('\n'));
      const { stdout } = await run(
        PY,
        [
          pushScript,
          String(sim.port),
          SIM_CREDENTIALS.username,
          SIM_CREDENTIALS.password,
          join(dir, 'edits.jsonl'),
          '--confirmed',
        ],
        { timeout: 60_000 },
      );
      const out = JSON.parse(stdout.trim());
      expect(out.edits).toBe(8);
      const ct = sim.olt.config.running.channelTerminations[1];
      expect(ct.onus.map((o) => o.onuId)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
      expect(ct.onus[11].vlans.find((v) => v.channel === 'iptv')?.multicast).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
