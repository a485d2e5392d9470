/**
 * The lab's bring-forward while the lanes work (application/provisioning/lab-run.ts BringForwardAhead,
 * issue 16): a pass brings up to claimLimit scheduled orders forward before its lanes start; the rest
 * used to wait until a lane had finished its OLT and found nothing to claim, the devices idle while
 * it moved. Here one lane (oltConcurrency 1) and a claimLimit of one OLT's orders: by the time the
 * first write has ended, every other order is already due; each OLT's orders are claimed at once (one
 * write: an OLT claimed with only part of its orders due would be written again for the rest); each
 * order is brought forward once; one pass completes them all.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Lab } from '../../simulators/lab/index.ts';
import { startProvisioningEnv, type ProvisioningEnv } from './provisioning-env.ts';
import { expectCarriedOutOnce, noteWrites, submitOltByOlt, type Write } from './lab-bring-forward-checks.ts';

const OLTS = 3;
const PER_OLT = 3;

let lab: Lab;
let env: ProvisioningEnv;
/** Per configuration write: its OLT, the ONUs it writes, and the orders still scheduled when it ended. */
const writes: (Write & { scheduledAfter: number })[] = [];

beforeAll(async () => {
  lab = await Lab.start({ olts: OLTS, pons: 2, onts: 8, profiles: ['bbf-tr385'] });
  // every reply 40 ms late: a write lasts long enough for the rest to be moved meanwhile
  for (const o of lab.inventory().olts) lab.fault({ kind: 'latency', olt: o.name, value: 40 });
  env = await startProvisioningEnv({
    lab,
    oltConcurrency: 1,
    claimLimit: PER_OLT,
    wrapDriver: noteWrites(writes, async (w) => ({
      ...w,
      scheduledAfter: (await env.store.orders.list({ states: ['scheduled'], limit: 100 })).length,
    })),
  });
}, 120_000);

afterAll(async () => {
  await env?.close().catch(() => undefined);
  await lab?.close();
});

describe('lab bring-forward ahead of the lanes', () => {
  it('moves the rest while the first OLT is written; each OLT claimed and written once, in one pass', async () => {
    // submitted OLT by OLT: the first call (claimLimit = one OLT's orders) makes the first OLT's due
    const submitted = await submitOltByOlt(env, lab, PER_OLT);

    const out = await env.controller.services.provisioning.runOnce();

    await expectCarriedOutOnce(env, lab, submitted, out, writes);
    // none left scheduled once the first write had ended
    expect(writes[0].scheduledAfter).toBe(0);
  }, 120_000);
});
