/**
 * SP A's flood for `bench fairness`, in its own process so that SP B's client (the bench) does not
 * wait on the flood's event loop: BENCH_FLOOD_LANES connections each place a valid fault ticket and
 * withdraw it, as fast as they are answered (a 429 is sent again at once). Started with fork(); on the
 * message 'tally' it sends its orders' statuses so far (`tally`); on 'stop' it finishes its requests,
 * sends its orders' statuses and the seconds from start to stop, and exits.
 * Env: FLOOD_URL, FLOOD_KEY, FLOOD_ADAPTERS (comma-separated), BENCH_FLOOD_LANES (default 16).
 */
const CATEGORIES = ['degradation', 'interruption', 'home-installation', 'joint-visit'];
const url = process.env.FLOOD_URL!;
const key = process.env.FLOOD_KEY!;
const adapters = process.env.FLOOD_ADAPTERS!.split(',');
const lanes = Number(process.env.BENCH_FLOOD_LANES) || 16;

let stop = false;
const statuses: Record<number, number> = {};
const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };

async function lane(n: number): Promise<void> {
  // each lane its own (access, category): no two lanes race for one FAULT_ALREADY_OPEN slot
  const adapterId = adapters[n % adapters.length];
  const category = CATEGORIES[Math.floor(n / adapters.length) % CATEGORIES.length];
  const body = JSON.stringify({ form: 'SBSN', category, adapterId, description: 'flood' });
  while (!stop) {
    const r = await fetch(`${url}/v1/orders`, { method: 'POST', headers, body });
    const answer = (await r.json()) as { id?: string };
    statuses[r.status] = (statuses[r.status] ?? 0) + 1;
    if (r.status === 202)
      await (
        await fetch(`${url}/v1/orders/${answer.id}/cancel`, {
          method: 'POST',
          headers: { authorization: headers.authorization },
        })
      ).text();
  }
}

const running = Array.from({ length: lanes }, (_, n) => lane(n));
const t0 = performance.now();
process.send!('started');
process.on('message', async (m) => {
  if (m === 'tally') process.send!({ tally: { ...statuses }, seconds: (performance.now() - t0) / 1000 });
  if (m !== 'stop') return;
  stop = true;
  const seconds = (performance.now() - t0) / 1000;
  await Promise.all(running);
  process.send!({ statuses, seconds }, () => process.exit(0));
});
