/**
 * The ZXA10 driver contract (test/contract/zxa10-driver-contract.ts) against every target there is:
 *
 *   (a) recorded real sessions (test/fixtures/zxa10-replay/*.json) through the replay transport —
 *       always;
 *   (b) a real OLT, when one flag names it — it cannot run in CI:
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

const targets: ContractTarget[] = [
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
