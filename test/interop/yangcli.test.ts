/**
 * Interop: yuma123's yangcli (a NETCONF client no one here wrote) connects to the simulated OLT,
 * loads ponctl-olt from yang/ (--modpath) for the module the server announces, and reads the
 * configuration (get-config, an XPath-selected sget-config it turns into a subtree filter) and the
 * state (get) — issue 4, "yangcli connects and reads".
 */
import { describe, it, expect, afterAll, beforeAll } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  SIM_CREDENTIALS,
  sampleOltConfig,
  startNetconfSim,
  type NetconfSim,
} from '../helpers/netconf-sim.ts';

const YANG_DIR = fileURLToPath(new URL('../../yang', import.meta.url));
let sim: NetconfSim;
let home: string;

beforeAll(async () => {
  sim = await startNetconfSim({ pons: 2, ontsPerPon: 3, config: sampleOltConfig(2, 3) });
  home = mkdtempSync(join(tmpdir(), 'yangcli-home-'));
});
afterAll(async () => {
  await sim.close();
  rmSync(home, { recursive: true, force: true });
});

/** One yangcli command in batch mode; stdout with the session banner. */
function yangcli(command: string, script?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      'yangcli',
      [
        '--server=127.0.0.1',
        `--ncport=${sim.port}`,
        `--user=${SIM_CREDENTIALS.username}`,
        `--password=${SIM_CREDENTIALS.password}`,
        `--modpath=${YANG_DIR}:/usr/share/yuma/modules`,
        '--batch-mode',
        '--display-mode=xml',
        script ? `--run-script=${script}` : `--run-command=${command}`,
      ],
      { env: { ...process.env, HOME: home }, timeout: 60_000, maxBuffer: 16 << 20 },
      (err, stdout, stderr) => {
        if (err && !stdout) reject(new Error(`${err.message}\n${stderr}`));
        else resolve(stdout + stderr);
      },
    );
    child.stdin?.end();
  });
}

describe('yangcli → simulated OLT', () => {
  it('establishes a base:1.1 session and sees the ponctl-olt module', async () => {
    const out = await yangcli('get-config source=running');
    expect(out).toContain('NETCONF session established');
    expect(out).toMatch(/Protocol version set to: RFC 6241 \(base:1\.1\)/);
    expect(out).toContain('ponctl-olt@2026-11-23');
    expect(out).toContain('<expected-serial>ZTEG00020003</expected-serial>');
    expect(out.match(/<v-ani>/g)).toHaveLength(6);
  }, 90_000);

  it('reads a selected subtree and the operational state', async () => {
    const sel = await yangcli(
      "sget-config /olt/channel-terminations/channel-termination[name='1/1/2'] source=running",
    );
    expect(sel).toContain('<name>1/1/2</name>');
    expect(sel).not.toContain('<name>1/1/1</name>');
    const state = await yangcli('sget /olt-state');
    expect(state.match(/<phase>working<\/phase>/g)).toHaveLength(6);
  }, 90_000);

  it('merges a leaf into the candidate and commits it; the OLT running configuration has it', async () => {
    const script = join(home, 'edit.ycli');
    writeFileSync(
      script,
      [
        "merge /olt/channel-terminations/channel-termination[name='1/1/1']/v-ani[onu-id='2']/description value=from-yangcli",
        'commit',
      ].join('\n') + '\n',
    );
    const out = await yangcli('', script);
    expect(out.match(/RPC OK Reply/g)).toHaveLength(2);
    expect(sim.olt.config.running.channelTerminations[0].onus[1].description).toBe('from-yangcli');
  }, 90_000);
});
