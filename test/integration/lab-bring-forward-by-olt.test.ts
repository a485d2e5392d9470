/**
 * The lab's bring-forward OLT by OLT (application/provisioning/lab-run.ts, issue 16): a pass no
 * longer moves claimLimit scheduled orders before its lanes start (the devices idle for ~1 s at
 * 8 192 orders); a lane claims an OLT as soon as the run has made all of that OLT's orders due, and
 * the run moves the rest meanwhile. Here three OLTs' orders, submitted OLT by OLT, well under the
 * claimLimit: the first OLT is claimed while the others' orders are still scheduled, never an OLT
 * with any of its own still scheduled; each OLT's orders are still written together, each order
 * becomes due once, and one pass completes all.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Lab } from '../../simulators/lab/index.ts';
import { startProvisioningEnv, type ProvisioningEnv } from './provisioning-env.ts';
import { expectCarriedOutOnce, noteWrites, submitOltByOlt, type Write } from './lab-bring-forward-checks.ts';

const OLTS = 3;
const PER_OLT = 3;

let lab: Lab;
let env: ProvisioningEnv;
const writes: Write[] = [];
/** Per OLT claimed: the orders still scheduled then, its own and the others'. */
const claims: { olt: string; own: number; others: number }[] = [];

beforeAll(async () => {
  lab = await Lab.start({ olts: OLTS, pons: 2, onts: 8, profiles: ['bbf-tr385'] });
  env = await startProvisioningEnv({ lab, oltConcurrency: 1, wrapDriver: noteWrites(writes, (w) => w) });
  const repo = env.store.provisioning;
  const claimOlt = repo.claimOlt.bind(repo);
  repo.claimOlt = async (...args) => {
    const c = await claimOlt(...args);
    if (c) {
      const left = await env.store.orders.list({ states: ['scheduled'], limit: 100 });
      const own = left.filter((x) => x.olt === c.olt).length;
      claims.push({ olt: c.olt, own, others: left.length - own });
    }
    return c;
  };
}, 120_000);

afterAll(async () => {
  await env?.close().catch(() => undefined);
  await lab?.close();
});

describe('lab bring-forward OLT by OLT', () => {
  it('claims the first OLT while the rest is moved, never an OLT with orders still scheduled', async () => {
    const submitted = await submitOltByOlt(env, lab, PER_OLT);

    const out = await env.controller.services.provisioning.runOnce();

    // the first claim came before the run had moved the other OLTs' orders (on the code before,
    // every order was due before any lane claimed: others 0)
    expect(claims.length).toBeGreaterThanOrEqual(OLTS);
    expect(claims[0].others).toBeGreaterThan(0);
    expect(claims.every((c) => c.own === 0)).toBe(true);
    // each OLT's orders still in one write, each order brought forward once
    await expectCarriedOutOnce(env, lab, submitted, out, writes);
  }, 120_000);
});
