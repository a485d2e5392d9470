/**
 * Interop: Debian's ncclient (a NETCONF client no one here wrote) against the simulated OLT over a
 * real SSH socket — hello/capabilities, get-config (whole and filtered), lock + edit of candidate,
 * an rpc-error it must decode, validate, confirmed commit, get of the state (issue 4).
 */
import { describe, it, expect, afterAll, beforeAll } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { SIM_CREDENTIALS, sampleOltConfig, startNetconfSim, type NetconfSim } from '../helpers/netconf-sim.ts';

const run = promisify(execFile);
const PY = '/usr/bin/python3'; // Debian's python with python3-ncclient, not a pyenv python3 on PATH
const script = fileURLToPath(new URL('./py/ncclient_session.py', import.meta.url));

let sim: NetconfSim;
beforeAll(async () => { sim = await startNetconfSim({ pons: 2, ontsPerPon: 4, config: sampleOltConfig(2, 4) }); });
afterAll(async () => { await sim.close(); });

describe('ncclient → simulated OLT', () => {
  it('reads, edits the candidate, commits, and the change is in the OLT running configuration', async () => {
    const { stdout } = await run(PY, [script, String(sim.port), SIM_CREDENTIALS.username, SIM_CREDENTIALS.password, 'A-NCCLIENT-1'], { timeout: 60_000 });
    const out = JSON.parse(stdout.trim().split('\n').pop()!);
    expect(out.capabilities).toEqual(expect.arrayContaining([
      'urn:ietf:params:netconf:base:1.1', 'urn:ietf:params:netconf:capability:candidate:1.0',
      'urn:ietf:params:netconf:capability:confirmed-commit:1.1',
    ]));
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
});
