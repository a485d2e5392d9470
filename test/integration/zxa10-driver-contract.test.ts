/**
 * The ZXA10 driver contract (test/contract/zxa10-driver-contract.ts) against every target there is:
 *
 *   (a) recorded real sessions (test/fixtures/zxa10-replay/*.json) through the replay transport —
 *       always;
 *   (b) the lab's independent ZXA10 simulator (simulators/zxa10), C300 and C600, over SSH on
 *       127.0.0.1 — always; seeded with one ONU typed in the recorded shapes of the public captures;
 *   (c) a real OLT, when one flag names it — it cannot run in CI:
 *         PONCTL_REAL_OLT=ssh://user@host:port  PONCTL_REAL_OLT_PROFILE=zxa10-c300|zxa10-c600
 *         PONCTL_REAL_OLT_PASSWORD=…             (never logged)
 *         PONCTL_REAL_OLT_FACTS='{"knownOnu":"1/1/1:1","statePon":"1/1/1","writable":"1/1/16:128:ZTEG00000001"}'
 *       `writable` is a FREE ONU id the suite may authorise and remove again; leave it out and the
 *       suite only reads (and types one refused command: `no onu` on the known-free id, or a
 *       C300-style read on C600, both rejected by the device without a change).
 *       Run: PONCTL_REAL_OLT=… npx vitest run test/integration/zxa10-driver-contract.test.ts
 */
import { readDeviceProfileFile } from '../../src/protocols/device-profile-files.ts';
import { Zxa10CliDriver } from '../../src/adapters/driven/olt/zxa10-cli/zxa10-driver.ts';
import { openSshCliChannel } from '../../src/adapters/driven/olt/zxa10-cli/cli-channel.ts';
import { zxa10DriverContract, type ContractTarget, type OnuRef } from '../contract/zxa10-driver-contract.ts';
import { ReplayChannel, loadCassette } from '../helpers/zxa10-replay.ts';
import { ZXA10_CREDENTIALS, startZxa10Sim, zxa10Client, type Zxa10Sim } from '../helpers/zxa10-sim.ts';

type Profile = 'zxa10-c300' | 'zxa10-c600';

function replayTarget(
  profile: Profile,
  facts: ContractTarget['facts'],
  cassettes: { reads: string; write?: string },
): ContractTarget {
  return {
    name: `replay ${profile}`,
    profile,
    facts,
    open(purpose) {
      const ch = new ReplayChannel(loadCassette(purpose === 'write' ? cassettes.write! : cassettes.reads));
      const driver = new Zxa10CliDriver({
        profile: readDeviceProfileFile(profile) as never,
        device: `replay-${profile}`,
        openChannel: async () => ch,
        commandTimeoutMs: 5000,
      });
      return {
        driver,
        finish() {
          if (ch.unexpected.length)
            throw new Error(`commands the recording does not hold: ${ch.unexpected.join(' | ')}`);
          if (ch.pending.length) throw new Error(`recorded commands never sent: ${ch.pending.join(' | ')}`);
        },
      };
    },
  };
}

const onuRef = (s: string): OnuRef => {
  const [pon, id] = s.split(':');
  return { pon, onuId: Number(id) };
};

function realTarget(url: string): ContractTarget {
  const u = new URL(url);
  const profile = (process.env.PONCTL_REAL_OLT_PROFILE ?? 'zxa10-c300') as Profile;
  const f = JSON.parse(process.env.PONCTL_REAL_OLT_FACTS ?? '{}') as {
    knownOnu: string;
    statePon: string;
    writable?: string;
  };
  const known = onuRef(f.knownOnu);
  const w = f.writable?.split(':');
  const writable = w ? { pon: w[0], onuId: Number(w[1]), serial: w[2] } : undefined;
  const p = readDeviceProfileFile(profile) as never;
  const refused =
    profile === 'zxa10-c600'
      ? {
          commands: [`show running-config interface gpon_onu-${known.pon}:${known.onuId}`],
          line: /^%Error \d+/,
        }
      : {
          commands: [
            'configure terminal',
            `interface gpon-olt_${writable?.pon ?? known.pon}`,
            `no onu ${writable?.onuId ?? 128}`,
            'end',
          ],
          line: /^%(Code|Error) \d+/,
        };
  return {
    name: `real ${profile} ${u.host}`,
    profile,
    facts: {
      knownOnu: known,
      statePon: f.statePon,
      detailOnu: known,
      refused,
      ...(writable ? { writable } : {}),
    },
    open() {
      const driver = new Zxa10CliDriver({
        profile: p,
        device: u.host,
        openChannel: () =>
          openSshCliChannel({
            host: u.hostname,
            port: Number(u.port || 22),
            username: decodeURIComponent(u.username),
            password: process.env.PONCTL_REAL_OLT_PASSWORD,
            device: u.host,
            timeoutMs: 15_000,
          }),
        commandTimeoutMs: 120_000,
      });
      return { driver, finish: () => undefined };
    },
  };
}

/**
 * One ONU (1/1/1:1) typed into the simulator in the shapes of the live captures: the C3xx
 * registration walkthrough (c300/session-register-onu-walkthrough.txt, c300/show-running-config-
 * interface-gpon-onu-c3xx.txt) and the C620 running-config (c600/running-config-c620-two-onus.txt).
 */
function seedLines(profile: Profile, serial: string): string[] {
  if (profile === 'zxa10-c300')
    return [
      'configure terminal',
      'gpon',
      'profile tcont UP-50M type 4 maximum 51200',
      'profile traffic DOWN-50M sir 51200 pir 51200',
      'exit',
      'interface gpon-olt_1/1/1',
      `onu 1 type ZTE-F601 sn ${serial}`,
      'exit',
      'interface gpon-onu_1/1/1:1',
      'name CLIENT_NAME',
      'tcont 1 profile UP-50M',
      'gemport 1 name internet unicast tcont 1 dir both',
      'gemport 1 traffic-limit downstream DOWN-50M',
      'switchport mode hybrid vport 1',
      'service-port 1 vport 1 user-vlan 100 vlan 100',
      'exit',
      'pon-onu-mng gpon-onu_1/1/1:1',
      'service internet gemport 1 vlan 100',
      'vlan port eth_0/1 mode tag vlan 100',
      'end',
    ];
  return [
    'configure terminal',
    'gpon',
    'profile tcont T1G type 4 maximum 1024000',
    'exit',
    'interface gpon_olt-1/1/1',
    `onu 1 type ZTE-F601 sn ${serial}`,
    'exit',
    'interface gpon_onu-1/1/1:1',
    'tcont 1 profile T1G',
    'gemport 1 tcont 1',
    'exit',
    'interface vport-1/1/1.1:1',
    'service-port 1 user-vlan 360 vlan 360',
    'security max-mac-learn 4',
    'exit',
    'pon-onu-mng gpon_onu-1/1/1:1',
    'service vlan360 gemport 1 vlan 360',
    'vlan port eth_0/1 mode tag vlan 360',
    'end',
  ];
}

function simTarget(profile: Profile): ContractTarget {
  let sim: Zxa10Sim | undefined;
  const c3 = profile === 'zxa10-c300';
  const facts: ContractTarget['facts'] = {
    knownOnu: { pon: '1/1/1', onuId: 1 },
    statePon: '1/1/1',
    detailOnu: { pon: '1/1/1', onuId: 1 },
    refused: c3
      ? {
          commands: ['configure terminal', 'interface gpon-olt_1/1/1', 'no onu 2', 'end'],
          line: /^%Code \d+-GPONSRV : The ONU does not exist\.$/,
        }
      : {
          commands: ['show running-config interface gpon_onu-1/1/1:1'],
          line: /^%Error 140303: Invalid input/,
        },
    writable: { pon: '1/1/2', onuId: 3, serial: '' },
  };
  return {
    name: `simulator ${profile}`,
    profile,
    facts,
    async setup() {
      sim = await startZxa10Sim(profile, { pons: 2, onts: 4 });
      facts.writable!.serial = sim.olt.pons[1].onts[2].serial;
      const { c } = await zxa10Client(sim);
      for (const l of seedLines(profile, sim.olt.pons[0].onts[0].serial)) {
        const out = await c.cmd(l);
        if (/^%(Error|Code)/m.test(out)) throw new Error(`seeding the simulator: "${l}" → ${out}`);
      }
      c.close();
    },
    async teardown() {
      await sim?.close();
    },
    open() {
      const driver = new Zxa10CliDriver({
        profile: readDeviceProfileFile(profile) as never,
        device: `sim-${profile}`,
        openChannel: () =>
          openSshCliChannel({
            host: '127.0.0.1',
            port: sim!.port,
            ...ZXA10_CREDENTIALS,
            device: `sim-${profile}`,
            timeoutMs: 10_000,
          }),
        commandTimeoutMs: 20_000,
      });
      return { driver, finish: () => undefined };
    },
  };
}

const targets: ContractTarget[] = [
  simTarget('zxa10-c300'),
  simTarget('zxa10-c600'),
  replayTarget(
    'zxa10-c300',
    {
      knownOnu: { pon: '1/1/1', onuId: 1 },
      statePon: '1/1/1',
      detailOnu: { pon: '1/1/1', onuId: 1 },
      refused: {
        commands: ['configure terminal', 'interface gpon-olt_1/1/1', 'no onu 2', 'end'],
        line: /^%Code 32310-GPONSRV : The ONU does not exist\.$/,
      },
      writable: { pon: '1/1/1', onuId: 5, serial: 'ZTEG0000A005' },
    },
    { reads: 'c300-reads', write: 'c300-write' },
  ),
  replayTarget(
    'zxa10-c600',
    {
      knownOnu: { pon: '1/1/1', onuId: 1 },
      statePon: '1/1/1',
      detailOnu: { pon: '1/5/10', onuId: 30 },
      refused: {
        commands: ['show running-config interface gpon_onu-1/1/1:1'],
        line: /^%Error 140303: Invalid input/,
      },
      writable: { pon: '1/1/1', onuId: 3, serial: 'ZTEG0000A003' },
    },
    { reads: 'c600-reads', write: 'c600-write' },
  ),
];
if (process.env.PONCTL_REAL_OLT) targets.push(realTarget(process.env.PONCTL_REAL_OLT));

for (const t of targets) zxa10DriverContract(t);
