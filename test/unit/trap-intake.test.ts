/**
 * Which OLT a notification came from when several share a source address and v2c carries no engine
 * ID: the ONT serial it names, in the G.984 8-byte form ZTE's tables use (docs/zxa10-dialect.md §9.2)
 * or as 12 characters.
 */
import { describe, expect, it } from 'vitest';
import { oltOfTrap } from '../../src/application/monitoring/trap-intake.ts';
import type { OltTarget, ReceivedTrap } from '../../src/application/ports/telemetry.ts';

const target = (name: string): OltTarget => ({
  name,
  profile: 'zxa10-c300',
  host: '127.0.0.1',
  snmp: { port: 161, version: 'v2c' },
});
const targets = [target('olt-1'), target('olt-2')];
const serials = new Map([['ZTEGD5D42874', 'olt-2']]);
const trap = (value: unknown): ReceivedTrap => ({
  receivedAtMs: 0,
  at: new Date(0),
  address: '127.0.0.1',
  port: 162,
  version: 'v2c',
  inform: false,
  trapOid: '1.3.6.1.4.1.3902.1012.3.28.0.1',
  varbinds: [{ oid: '1.3.6.1.4.1.3902.1012.3.28.1.1.5.268501248.1', type: 4, value }],
});

describe('oltOfTrap by the serial a notification names', () => {
  it('8 bytes (4 vendor letters + 4 binary) and 12 characters name the same ONT', () => {
    expect(
      oltOfTrap(targets, trap(Buffer.from('5a544547d5d42874', 'hex')), (s) => serials.get(s))?.name,
    ).toBe('olt-2');
    expect(oltOfTrap(targets, trap(Buffer.from('ZTEGD5D42874', 'latin1')), (s) => serials.get(s))?.name).toBe(
      'olt-2',
    );
  });

  it('an unknown serial, or a value of another length, leaves two OLTs on one address undecided', () => {
    expect(
      oltOfTrap(targets, trap(Buffer.from('5a544547d5d42875', 'hex')), (s) => serials.get(s)),
    ).toBeUndefined();
    expect(
      oltOfTrap(targets, trap(Buffer.from('5a544547d5d428', 'hex')), (s) => serials.get(s)),
    ).toBeUndefined();
  });
});
