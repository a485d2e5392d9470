/**
 * The simulated ZXA10 CLI over a real SSH connection (ssh2 client with a pty, 127.0.0.1): prompts,
 * configuration of a subscriber's ONU with its four VLANs in both dialects, the running-config
 * listing, error lines, paging, show commands fed by the physical model, locks and faults.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { CliClient, startCliSim, type CliSim } from '../helpers/cli-sim.ts';
import { diffOltConfig } from '../../src/domain/olt-config/diff.ts';
import { cliScript, planCliSteps } from '../../src/adapters/driven/olt/zxa10-cli/running-config-plan.ts';
import {
  canonicalOltConfig,
  parseRunningConfig,
} from '../../src/adapters/driven/olt/zxa10-cli/running-config.ts';
import type { Channel, OltConfig, VAni } from '../../src/domain/olt-config/model.ts';

let sim: CliSim | undefined;
const clients: CliClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await sim?.close();
  sim = undefined;
});

async function open(
  profile = 'zxa10-c300',
  pty: { rows: number; cols: number } | false = { rows: 200, cols: 120 },
) {
  sim = await startCliSim({ profile });
  const c = new CliClient();
  clients.push(c);
  const banner = await c.connect(sim.port, pty);
  return { c, banner, sim };
}

const DOT1P: Record<Channel, number> = { internet: 0, management: 0, voip: 5, iptv: 2 };

/** A subscriber of spec §2 on the ONT physically at `serial`: four VLANs with their dot1p. */
function subscriber(serial: string): OltConfig {
  const channels: Channel[] = ['internet', 'management', 'voip', 'iptv'];
  const onu: VAni = {
    onuId: 1,
    onuType: 'ZXHN-F601',
    expectedSerial: serial,
    description: 'A-000042 Ilica 12',
    tconts: [
      { id: 1, trafficProfile: 'up-150M' },
      { id: 2, trafficProfile: 'up-10M' },
    ],
    gemports: channels.map((_, i) => ({ id: i + 1, tcont: i === 0 ? 1 : 2 })),
    vlans: channels.map((ch, i) => ({
      channel: ch,
      gemport: i + 1,
      servicePort: i + 1,
      userVlan: 10 * (i + 1),
      vlan: 1000 + 10 * (i + 1),
      dot1p: DOT1P[ch],
      downstreamProfile: ch === 'internet' ? 'down-300M' : 'down-10M',
      upstreamProfile: ch === 'internet' ? 'up-150M' : 'up-10M',
      macLimit: ch === 'iptv' ? 4 : 8,
      dhcpSnooping: ch !== 'internet',
      antiSpoofing: true,
      pppoeFilter: ch === 'internet',
      macForcedForwarding: ch === 'internet',
      multicast: ch === 'iptv',
      adminState: 'enabled',
    })),
  };
  return {
    trafficProfiles: [
      { name: 'down-10M', cirKbps: 1000, pirKbps: 10_000 },
      { name: 'down-300M', cirKbps: 0, pirKbps: 300_000 },
      { name: 'up-10M', cirKbps: 1000, pirKbps: 10_000 },
      { name: 'up-150M', cirKbps: 0, pirKbps: 150_000 },
    ],
    channelTerminations: [{ name: '1/1/1', onus: [onu] }],
  };
}

async function typeAll(c: CliClient, lines: string[]): Promise<string> {
  let all = '';
  for (const l of lines) all += await c.cmd(l);
  return all;
}

describe('simulated ZXA10 CLI over SSH', () => {
  it('C300: banner, mode prompts, exit/end', async () => {
    const { c, banner } = await open('zxa10-c300');
    expect(banner).toContain('ZXA10 C300');
    expect(banner.endsWith('OLT1#')).toBe(true);
    expect(await c.cmd('configure terminal')).toMatch(/OLT1\(config\)#$/);
    expect(await c.cmd('interface gpon-olt_1/1/1')).toMatch(/OLT1\(config-if\)#$/);
    expect(await c.cmd('exit')).toMatch(/OLT1\(config\)#$/);
    expect(await c.cmd('end')).toMatch(/\nOLT1#$/);
    expect(await c.cmd('conf t')).toMatch(/OLT1\(config\)#$/);
  });

  it('C600: interface names and prompts of the C600 naming', async () => {
    const { c } = await open('zxa10-c600');
    await c.cmd('configure terminal');
    expect(await c.cmd('interface gpon_olt-1/1/2')).toMatch(/OLT1\(config-if-gpon_olt-1\/1\/2\)#$/);
    expect(await c.cmd('interface gpon-olt_1/1/2')).toContain(
      "%Error 20203: Invalid input detected at '^' marker.",
    );
  });

  for (const profile of ['zxa10-c300', 'zxa10-c600']) {
    it(`${profile}: an ONU with its four VLANs configured by CLI is in running-config and in the one config state`, async () => {
      const { c, sim: s } = await open(profile, { rows: 200, cols: 120 });
      const desired = subscriber(s.olt.pons[0].onts[0].serial);
      const script = cliScript(planCliSteps(s.dialect, diffOltConfig(s.olt.config.running, desired)));
      const out = await typeAll(c, ['configure terminal', ...script, 'end']);
      expect(out).not.toContain('%Error');
      expect(canonicalOltConfig(s.olt.config.running)).toStrictEqual(canonicalOltConfig(desired));
      await c.cmd('terminal length 0');
      const listing = await c.cmd('show running-config');
      const onuIf = profile === 'zxa10-c300' ? 'interface gpon-onu_1/1/1:1' : 'interface gpon_onu-1/1/1:1';
      expect(listing).toContain(onuIf);
      expect(listing).toContain('service voip gemport 3 vlan 30');
      expect(listing).toContain(
        profile === 'zxa10-c300'
          ? 'service-port 1 vport 1 user-vlan 10 user-etype PPPOE vlan 1010'
          : 'service-port 1 user-vlan 10 user-etype PPPOE vlan 1010',
      );
      expect(listing).toContain('service-port 3 cos 5');
      const parsed = parseRunningConfig(CliClient.body(listing).join('\n'), s.dialect);
      expect(parsed.config).toStrictEqual(canonicalOltConfig(desired));
      const one = CliClient.body(await c.cmd(`show running-config ${onuIf}`));
      expect(one[1]).toBe(onuIf);
      expect(one.join('\n')).not.toMatch(/gpon.olt/);
    });
  }

  it('wrong commands and bad values give %Error lines and change nothing', async () => {
    const { c, sim: s } = await open();
    const v0 = s.olt.config.version;
    const bad = await c.cmd('shoe running-config');
    expect(bad.split('\n')).toEqual([
      'shoe running-config',
      '     ^',
      "%Error 20203: Invalid input detected at '^' marker.",
      'OLT1#',
    ]);
    await c.cmd('configure terminal');
    await c.cmd('interface gpon-olt_1/1/1');
    expect(await c.cmd('onu 1 type ZXHN-F601')).toContain('%Error 20204: Incomplete command.');
    expect(await c.cmd('onu 999 type ZXHN-F601 sn ZTEG00000001')).toContain(
      '%Error 20205: Invalid parameter value: onuId 999 (1-128).',
    );
    expect(await c.cmd('onu 1 type ZXHN-F601 sn NOT-A-SERIAL')).toContain(
      '%Error 20205: Invalid parameter value: serial number NOT-A-SERIAL.',
    );
    const caret = (await c.cmd('onu one type ZXHN-F601 sn ZTEG00000001')).split('\n');
    expect(caret[1]).toBe(' '.repeat('OLT1(config-if)#onu '.length) + '^');
    expect(await c.cmd('interface gpon-olt_9/9/9')).toContain(
      '%Error 32311: Interface gpon-olt_9/9/9 does not exist.',
    );
    expect(await c.cmd('interface gpon-onu_1/1/1:5')).toContain(
      '%Error 32311: ONU gpon-onu_1/1/1:5 does not exist.',
    );
    expect(s.olt.config.version).toBe(v0);
    expect(await c.cmd('onu 1 type ZXHN-F601 sn ZTEG00000001')).not.toContain('%Error');
    expect(await c.cmd('onu 2 type ZXHN-F601 sn ZTEG00000001')).toContain(
      '%Error 32310: Serial number ZTEG00000001 already exists.',
    );
    await c.cmd('interface gpon-onu_1/1/1:1');
    expect(await c.cmd('tcont 1 profile nosuch')).toContain(
      '%Error 32311: Traffic profile nosuch does not exist.',
    );
    expect(await c.cmd('tcont 9 profile nosuch')).toContain(
      '%Error 20205: Invalid parameter value: tcont 9 (1-8).',
    );
    expect(await c.cmd('service-port 1 vport 1 user-vlan 10 vlan 5000')).toContain('%Error 20205');
    expect(await c.cmd('service-port 1 vport 1 user-vlan 10 vlan 100')).toContain(
      '%Error 32311: Vport 1 does not exist.',
    );
    expect(await c.cmd('no gemport 3')).toContain('%Error 32311: GEM port 3 does not exist.');
    expect(s.olt.config.running.channelTerminations[0].onus[0]).toMatchObject({
      tconts: [],
      gemports: [],
      vlans: [],
    });
  });

  it('pages long output with --More--: space continues, q stops; terminal length 0 turns it off', async () => {
    const { c, sim: s } = await open('zxa10-c300', { rows: 10, cols: 80 });
    await typeAll(c, [
      'configure terminal',
      ...cliScript(
        planCliSteps(
          s.dialect,
          diffOltConfig(s.olt.config.running, subscriber(s.olt.pons[0].onts[0].serial)),
        ),
      ),
      'end',
    ]);
    c.write('show running-config\r');
    const first = await c.until(/ --More-- $/);
    // the echoed command, then a screen of 10 rows: 9 lines and the marker
    expect(first.replace(/\r/g, '').split('\n').length).toBe(11);
    c.write(' ');
    const second = await c.until(/ --More-- $/);
    expect(second).toContain('\r          \r'); // the marker is erased before the next page
    c.write('q');
    const rest = await c.until(/OLT1#$/);
    expect(rest).not.toContain('end\r\n');
    const full = (await c.cmd('terminal length 0')) && (await c.cmd('show running-config'));
    expect(full).not.toContain('--More--');
    expect(full).toMatch(/\nend\nOLT1#$/);
  });

  it('show gpon onu uncfg / state and show pon power attenuation follow the physical ONTs', async () => {
    const { c, sim: s } = await open();
    const ont = s.olt.pons[0].onts[0];
    let uncfg = await c.cmd('show gpon onu uncfg gpon-olt_1/1/1');
    expect(uncfg).toContain(ont.serial);
    expect(uncfg.match(/gpon-onu_1\/1\/1:\d+ +ZTEG/g)).toHaveLength(s.olt.pons[0].onts.length);
    await typeAll(c, [
      'configure terminal',
      'interface gpon-olt_1/1/1',
      `onu 1 type ZXHN-F601 sn ${ont.serial}`,
      'onu 2 type ZXHN-F601 sn ZTEGFFFFFFFF',
      'end',
    ]);
    uncfg = await c.cmd('show gpon onu uncfg');
    expect(uncfg).not.toContain(ont.serial);
    expect(uncfg).toContain(s.olt.pons[0].onts[1].serial);
    let state = CliClient.body(await c.cmd('show gpon onu state gpon-olt_1/1/1'));
    expect(state[2]).toMatch(/^1\/1\/1:1 +enable +enable +working +1\(GPON\)$/);
    expect(state[3]).toMatch(/^1\/1\/1:2 +enable +disable +OffLine/);
    expect(state[4]).toBe('ONU Number: 1/2');
    const power = await c.cmd('show pon power attenuation gpon-onu_1/1/1:1');
    expect(power).toContain(`Rx:${s.olt.rxPowerDbm(ont)!.toFixed(3)}(dbm)`);
    s.olt.pon('1/1/1')!.fibreOk = false;
    state = CliClient.body(await c.cmd('show gpon onu state gpon-olt_1/1/1'));
    expect(state[2]).toMatch(/^1\/1\/1:1 +enable +disable +LOS/);
    expect(await c.cmd('show pon power attenuation gpon-onu_1/1/1:1')).toContain('Rx:N/A');
    expect(await c.cmd('write')).toContain('[OK]');
  });

  it('refuses changes while NETCONF holds the running lock; faults fail, drop and delay commands', async () => {
    const { c, sim: s } = await open();
    await typeAll(c, ['configure terminal', 'interface gpon-olt_1/1/1']);
    s.olt.config.locks.set('running', '7');
    expect(await c.cmd('onu 1 type ZXHN-F601 sn ZTEG00000001')).toContain(
      '%Error 70001: The running configuration is locked by NETCONF session 7.',
    );
    s.olt.config.locks.delete('running');
    s.olt.faults.failOnOp = 1;
    expect(await c.cmd('onu 1 type ZXHN-F601 sn ZTEG00000001')).toContain(
      '%Error 70002: Command execution failed, the configuration was not changed.',
    );
    expect(s.olt.config.running.channelTerminations).toEqual([]);
    s.olt.faults.latencyMs = 300;
    const t0 = Date.now();
    expect(await c.cmd('onu 1 type ZXHN-F601 sn ZTEG00000001')).not.toContain('%Error');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
    s.olt.faults.latencyMs = 0;
    s.olt.faults.dropAfterOps = 0;
    c.write('onu 2 type ZXHN-F601 sn ZTEG00000002\r');
    await c.until(/$^/, 3000).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 200));
    expect(c.closed).toBe(true);
    expect(s.olt.config.running.channelTerminations[0].onus.map((o) => o.onuId)).toEqual([1]);
  });

  it('echoes typed characters on a pty, not without one', async () => {
    const { c } = await open();
    c.write('sh');
    expect(await c.until(/sh$/)).toBe('sh');
    c.write('\x7f');
    // eslint-disable-next-line no-control-regex -- the backspace erase sequence is what is tested
    expect(await c.until(/\x08 \x08$/)).toBe('\b \b');
    c.write('ow gpon onu state\r');
    await c.until(/OLT1#$/);
    const raw = new CliClient();
    clients.push(raw);
    await raw.connect(sim!.port, false);
    raw.write('show gpon onu state\n');
    const out = await raw.until(/OLT1#$/);
    expect(out.startsWith('show')).toBe(false);
  });
});
