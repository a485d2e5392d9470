import { describe, expect, it } from 'vitest';
import { onuIdOfCell } from '../../src/adapters/driven/telemetry/snmp/ont-table.ts';

// a cell of a ZTE C3xx ONU table: <column>.<ponIndex>.<onuId>[.suffix] (docs/zxa10-dialect.md §9)
const root = '1.3.6.1.4.1.3902.1012.3.28.2.1.4.268501248';
const from = root.length + 1;

describe('onuIdOfCell: the ONU id of an ONU-table cell, from its OID', () => {
  it('reads the ONU id after the PON index, with as many suffix sub-identifiers as the column has', () => {
    expect(onuIdOfCell(`${root}.1`, from, 0)).toBe(1);
    expect(onuIdOfCell(`${root}.128`, from, 0)).toBe(128);
    expect(onuIdOfCell(`${root}.37.1`, from, 1)).toBe(37);
    expect(onuIdOfCell(`${root}.37.1.2`, from, 2)).toBe(37);
  });

  it('refuses an instance of another shape: too few or too many sub-identifiers, empty ones, non-digits', () => {
    expect(onuIdOfCell(`${root}.37.1`, from, 0)).toBeUndefined();
    expect(onuIdOfCell(`${root}.37`, from, 1)).toBeUndefined();
    expect(onuIdOfCell(`${root}.37.`, from, 1)).toBeUndefined();
    expect(onuIdOfCell(`${root}.37..1`, from, 2)).toBeUndefined();
    expect(onuIdOfCell(`${root}.`, from, 0)).toBeUndefined();
    expect(onuIdOfCell(`${root}.3x`, from, 0)).toBeUndefined();
    expect(onuIdOfCell(`${root}.-3`, from, 0)).toBeUndefined();
  });
});
