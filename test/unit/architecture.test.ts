/**
 * The layer rule of ARCHITECTURE.md (scripts/check-layers.mjs, also run by `npm run lint`): every
 * import of src/ and simulators/ goes the allowed way, and the checker does catch one that does not.
 */
import { describe, expect, it } from 'vitest';
import { checkLayers, KNOWN_DEBTS, violationsOf } from '../../scripts/check-layers.mjs';

describe('layers (ports and adapters)', () => {
  it('no file imports against the rule', () => {
    expect(checkLayers()).toEqual([]);
  });

  it('catches the application reaching an adapter, a socket library or the composition root', () => {
    const v = violationsOf(
      'src/application/monitoring/x.ts',
      [
        "import { SnmpTrapReceiver } from '../../adapters/driven/telemetry/snmp/index.ts';",
        "import dgram from 'node:dgram';",
        "import type { Config } from '../../main/config.ts';",
        "import type { Clock } from '../ports/clock.ts';",
        "import { isDown } from '../../domain/monitoring/ont-state.ts';",
      ].join('\n'),
    );
    expect(v).toEqual([
      'src/application/monitoring/x.ts: application must not import driven (../../adapters/driven/telemetry/snmp/index.ts)',
      'src/application/monitoring/x.ts: application must not import the library node:dgram',
      'src/application/monitoring/x.ts: application must not import main (../../main/config.ts)',
    ]);
  });

  it('keeps the domain to itself and the driving adapters off the driven ones', () => {
    expect(violationsOf('src/domain/sla/x.ts', "import pg from 'pg';")).toHaveLength(1);
    expect(
      violationsOf('src/domain/sla/x.ts', "import { x } from '../../application/services.ts';"),
    ).toHaveLength(1);
    expect(
      violationsOf(
        'src/adapters/driving/api/x.ts',
        "import { openStore } from '../../driven/store/index.ts';",
      ),
    ).toHaveLength(1);
  });

  it('lets simulators use the shared wire formats but not the drivers, except the listed debts', () => {
    const sim = 'simulators/bbf-olt/x.ts';
    expect(violationsOf(sim, "import { x } from '../../src/protocols/netconf/framing.ts';")).toEqual([]);
    expect(
      violationsOf(sim, "import { x } from '../../src/adapters/driven/olt/netconf/session.ts';"),
    ).toHaveLength(1);
    for (const debt of KNOWN_DEBTS)
      expect(violationsOf(sim, `import { x } from '../../${debt}';`)).toEqual([]);
  });
});
