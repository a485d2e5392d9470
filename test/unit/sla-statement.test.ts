/** The monthly CSV specification (spec §6) and incidents-file validation (design §7). */
import { describe, expect, it } from 'vitest';
import {
  computeMonthlyCredits,
  csvField,
  formatEur,
  IncidentsFileError,
  parseIncidentsFile,
  statementCsv,
  STATEMENT_COLUMNS,
} from '../../src/domain/sla/index.ts';
import { statement } from '../../src/application/sla/sla-service.ts';
import { file, outage, subscriber } from './sla-fixtures.ts';

/** Minimal RFC 4180 parser for the test (quoted fields, doubled quotes, CRLF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let q = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (q) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') q = false;
      else cell += ch;
    } else if (ch === '"') q = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  return rows;
}

describe('statement CSV (spec §6)', () => {
  const subs = [
    subscriber(),
    subscriber({
      adapterId: 'A-2',
      accessLevel: 'olt',
      multiDwellingNoInBuilding: true,
      ownerInstalledHome: false,
      ontFromOwner: false,
    }),
    subscriber({ adapterId: 'B-1', sp: 'sp2' }),
  ];
  const outages = [
    outage('2026-03-02T08:00:00+01:00', '2026-03-04T10:00:00+01:00', {
      id: 'o1',
      adapterIds: ['A-1', 'B-1'],
    }),
    outage('2026-03-10T08:00:00+01:00', '2026-03-10T12:30:00+01:00', { id: 'o,2', adapterIds: ['A-1'] }),
  ];
  const report = computeMonthlyCredits(file(outages, subs), '2026-03');
  const csv = statementCsv(report, subs, 'sp1', '2026-03');
  const rows = parseCsv(csv);
  const col = (r: string[], name: (typeof STATEMENT_COLUMNS)[number]) => r[STATEMENT_COLUMNS.indexOf(name)];

  it('has the documented header, one row per AdapterID of the SP only, CRLF line ends', () => {
    expect(rows[0]).toEqual([...STATEMENT_COLUMNS]);
    expect(rows.slice(1).map((r) => col(r, 'adapter_id'))).toEqual(['A-1', 'A-2']);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv).not.toContain('B-1');
  });

  it('fees per spec §6, credits per fee, net = fees − credits, amounts with 2 decimals and a dot', () => {
    const a1 = rows[1];
    expect(col(a1, 'services')).toBe('internet 300/150; iptv 50; voip 1/1; management');
    expect([
      col(a1, 'fee_basic_access'),
      col(a1, 'fee_access_level'),
      col(a1, 'fee_internet'),
      col(a1, 'fee_iptv'),
      col(a1, 'fee_voip'),
      col(a1, 'fee_management'),
      col(a1, 'fee_in_flat_installation'),
      col(a1, 'fee_ont'),
    ]).toEqual(['7.30', '2.50', '2.20', '0.50', '0.10', '0.04', '0.40', '0.30']);
    expect(col(a1, 'fees_total')).toBe('13.34');
    // o1: 50 h → access 0.68, internet 0.15, iptv 0.03, voip 0.01, mgmt 0.00; o,2: 4 h → access 0.05
    expect(col(a1, 'credit_access')).toBe('0.73');
    expect(col(a1, 'credits_total')).toBe('0.92');
    expect(col(a1, 'net')).toBe('12.42');
    expect(col(a1, 'credited_outages')).toBe('o1 o,2');
    expect(csv).toContain('"o1 o,2"'); // RFC 4180 quoting of a comma
    const a2 = rows[2];
    expect([
      col(a2, 'fee_basic_access'),
      col(a2, 'fee_access_level'),
      col(a2, 'fee_iptv'),
      col(a2, 'fees_total'),
      col(a2, 'net'),
    ]).toEqual(['6.20', '0.00', '0.00', '8.40', '8.40']);
  });

  it('service-level statement equals the domain one; another SP sees only its rows', () => {
    const viaService = statement({ subscribers: subs, outages, month: '2026-03', sp: 'sp2' });
    expect(
      parseCsv(viaService)
        .slice(1)
        .map((r) => col(r, 'adapter_id')),
    ).toEqual(['B-1']);
  });

  it('quoting and formatting helpers', () => {
    expect(csvField('a"b')).toBe('"a""b"');
    expect(csvField('plain')).toBe('plain');
    expect(csvField('x\ny')).toBe('"x\ny"');
    expect(formatEur(5)).toBe('0.05');
    expect(formatEur(1234)).toBe('12.34');
    expect(formatEur(-50)).toBe('-0.50');
  });
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- mutating untrusted JSON on purpose
type Json = any;

describe('incidents file validation names the field (design §7)', () => {
  const good = () =>
    JSON.parse(
      JSON.stringify(
        file([
          outage('2026-03-02T08:00:00+01:00', '2026-03-02T12:00:00+01:00', {
            id: 'o1',
            stops: [
              { start: '2026-03-02T09:00:00+01:00', end: '2026-03-02T09:30:00+01:00', reason: 'health-risk' },
            ],
          }),
        ]),
      ),
    );
  it('accepts the design example shape', () => {
    expect(parseIncidentsFile(good()).outages[0].id).toBe('o1');
  });
  it.each([
    [
      'outages[0].cause',
      (f: Json) => {
        f.outages[0].cause = 'lightning';
      },
    ],
    [
      'outages[0].end',
      (f: Json) => {
        f.outages[0].end = '2026-03-01T00:00:00+01:00';
      },
    ],
    [
      'outages[0].start',
      (f: Json) => {
        f.outages[0].start = '2026-03-02 08:00';
      },
    ],
    [
      'outages[0].stops[0].reason',
      (f: Json) => {
        f.outages[0].stops[0].reason = 'lunch-break';
      },
    ],
    [
      'outages[0].services[0]',
      (f: Json) => {
        f.outages[0].services = ['tv'];
      },
    ],
    [
      'outages[0].adapterIds',
      (f: Json) => {
        f.outages[0].adapterIds = [];
      },
    ],
    [
      'subscribers[0].services.internet',
      (f: Json) => {
        f.subscribers[0].services.internet = '50/50';
      },
    ],
    [
      'subscribers[0].accessLevel',
      (f: Json) => {
        delete f.subscribers[0].accessLevel;
      },
    ],
    [
      'subscribers',
      (f: Json) => {
        delete f.subscribers;
      },
    ],
    [
      'plannedWorks[0].announcedAt',
      (f: Json) => {
        f.plannedWorks = [
          { scope: { adapterIds: ['A-1'] }, start: '2026-03-02T08:00:00Z', end: '2026-03-02T09:00:00Z' },
        ];
      },
    ],
  ])('%s', (field, mutate) => {
    const f = good();
    mutate(f);
    try {
      parseIncidentsFile(f);
      expect.unreachable('should have thrown');
    } catch (e) {
      expect(e).toBeInstanceOf(IncidentsFileError);
      expect((e as IncidentsFileError).field).toBe(field);
    }
  });
});
