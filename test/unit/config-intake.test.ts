/**
 * The fair intake gate's settings (docs/fairness.md) from the config file, beside the other intake
 * limits in its `fairness` section, the environment winning (src/main/config.ts); the defaults are the
 * gate's own (DEFAULT_INTAKE_GATE).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_INTAKE_GATE } from '../../src/adapters/driving/api/intake-gate.ts';
import { loadConfig } from '../../src/main/config.ts';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

function withFile(name: string, text: string): string {
  dir = mkdtempSync(path.join(tmpdir(), 'ponctl-config-'));
  writeFileSync(path.join(dir, name), text);
  return dir;
}

describe('fair intake settings', () => {
  it('default to the gate’s own with no file and no environment', () => {
    dir = mkdtempSync(path.join(tmpdir(), 'ponctl-config-'));
    expect(loadConfig({}, dir).api.intake).toEqual({
      concurrency: 8,
      perSp: 8,
      queuePerSp: 64,
      yieldMs: 250,
    });
    expect(loadConfig({}, dir).api.intake).toEqual(DEFAULT_INTAKE_GATE);
  });

  it('are read from the JSON file’s fairness section, next to the open-order limit', () => {
    const cwd = withFile(
      'ponctl.config.json',
      JSON.stringify({
        fairness: {
          maxOpenOrdersPerSp: 500,
          intakeConcurrency: 4,
          intakePerSp: 2,
          intakeQueuePerSp: 16,
          intakeYieldMs: 100,
        },
      }),
    );
    const c = loadConfig({}, cwd);
    expect(c.api.intake).toEqual({ concurrency: 4, perSp: 2, queuePerSp: 16, yieldMs: 100 });
    expect(c.fairness.maxOpenOrdersPerSp).toBe(500);
  });

  it('are read from the YAML file; the environment wins key by key; 0 turns the gate off', () => {
    const cwd = withFile(
      'ponctl.config.yaml',
      ['fairness:', '  intakeConcurrency: 0', '  intakePerSp: 3', '  intakeYieldMs: 50', ''].join('\n'),
    );
    expect(loadConfig({}, cwd).api.intake).toEqual({ concurrency: 0, perSp: 3, queuePerSp: 64, yieldMs: 50 });
    expect(
      loadConfig({ PONCTL_INTAKE_CONCURRENCY: '6', PONCTL_INTAKE_YIELD_MS: '' }, cwd).api.intake,
    ).toEqual({ concurrency: 6, perSp: 3, queuePerSp: 64, yieldMs: 50 });
  });

  it('refuse a file value that is not a whole number ≥ 0 rather than fall back silently', () => {
    const cwd = withFile('ponctl.config.json', JSON.stringify({ fairness: { intakePerSp: -1 } }));
    expect(() => loadConfig({}, cwd)).toThrow(/fairness.intakePerSp must be a whole number/);
    writeFileSync(
      path.join(cwd, 'ponctl.config.json'),
      JSON.stringify({ fairness: { intakeYieldMs: '250' } }),
    );
    expect(() => loadConfig({}, cwd)).toThrow(/"250"/);
  });
});
