/**
 * NETCONF session mechanics on the lab's BBF OLT (simulators/bbf-olt), seen through a raw client:
 * hellos without a base capability, RFC 6242 framing errors, <rpc> attributes echoed, confirmed
 * commits across sessions (RFC 6241 §8.4.1, persist), candidate locks against another session's
 * uncommitted changes, :writable-running. The edits change one leaf the OLT has from the start: the
 * description of channel termination ct-1.1.1 (ietf-interfaces, TR-385 infrastructure).
 */
import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { RawNetconfClient, NC_BASE } from '../helpers/raw-netconf.ts';
import { BBF_CREDENTIALS, startBbfOltSim, type BbfOltSim } from '../helpers/bbf-olt-sim.ts';
import { interfaceEntry } from '../helpers/bbf-yang.ts';
import { parseXml } from '../../src/adapters/driven/olt/netconf/olt-config-xnode.ts';
import { XmlWriter } from '../../simulators/yang/serialize.ts';

let sim: BbfOltSim;
const clients: RawNetconfClient[] = [];
async function connect(): Promise<RawNetconfClient> {
  const c = new RawNetconfClient();
  await c.connect(sim.port, BBF_CREDENTIALS);
  clients.push(c);
  return c;
}
async function client(): Promise<RawNetconfClient> {
  const c = await connect();
  await c.hello(true);
  return c;
}
const waitFor = async (cond: () => boolean, ms = 3000) => {
  const end = Date.now() + ms;
  while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
  return cond();
};
const IF_NS = 'urn:ietf:params:xml:ns:yang:ietf-interfaces';
const setDesc = (d: string) =>
  `<edit-config><target><candidate/></target><config><interfaces xmlns="${IF_NS}"><interface>` +
  `<name>ct-1.1.1</name><description>${d}</description></interface></interfaces></config></edit-config>`;
/** The description of ct-1.1.1 in a datastore of the OLT (read from the simulator, not over NETCONF). */
const descIn = (ds: 'running' | 'candidate') => {
  const xml = new XmlWriter(sim.olt.schema).document(sim.olt.ds.tree(ds));
  return /<description>([^<]*)<\/description>/.exec(interfaceEntry(xml, 'ct-1.1.1') ?? '')?.[1];
};
const desc = () => descIn('running');
let initial: string | undefined;

beforeEach(async () => {
  sim = await startBbfOltSim({ pons: 1, onts: 2 });
  initial = desc();
});
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await sim.close();
});

describe('session lifecycle', () => {
  it('closes a session whose hello announces no base capability', async () => {
    const c = await connect();
    await c.next();
    c.sendRaw(
      `<hello xmlns="${NC_BASE}"><capabilities><capability>urn:example:nothing</capability></capabilities></hello>`,
      'eom',
    );
    expect(await waitFor(() => c.closed)).toBe(true);
  });

  it('answers a broken chunk header with malformed-message and ends the session (RFC 6242 §4.2)', async () => {
    const c = await client();
    c.writeBytes('\n#abc\n<rpc/>\n##\n');
    const reply = parseXml(await c.next());
    expect(reply.children[0].children.find((x) => x.name === 'error-tag')?.text).toBe('malformed-message');
    expect(await waitFor(() => c.closed)).toBe(true);
  });

  it('copies every attribute of <rpc> onto <rpc-reply> (RFC 6241 §4.2)', async () => {
    const c = await client();
    const reply = parseXml(
      await c.rpc(
        '<get-config><source><running/></source><filter/></get-config>',
        ' xmlns:ex="urn:example" ex:trace="t-42"',
      ),
    );
    expect(reply.attrs.find((a) => a.name === 'trace')).toMatchObject({ ns: 'urn:example', value: 't-42' });
    expect(reply.attrs.find((a) => a.name === 'message-id')?.value).toBe('1');
    expect(reply.children[0].children).toEqual([]); // an empty filter selects nothing
  });
});

describe('confirmed commit and the candidate across sessions', () => {
  it('reverts an unconfirmed commit when its session ends (RFC 6241 §8.4.1)', async () => {
    const c = await client();
    await c.rpc(setDesc('trial'));
    expect(await c.rpc('<commit><confirmed/></commit>')).toContain('<ok/>');
    expect(desc()).toBe('trial');
    const other = await client();
    expect(await other.rpc('<commit/>')).toContain('<error-tag>in-use</error-tag>');
    c.close();
    expect(await waitFor(() => desc() === initial)).toBe(true);
    expect(await other.rpc('<commit/>')).toContain('<ok/>');
  });

  it('keeps a persistent confirmed commit past its session and lets another session confirm it', async () => {
    const c = await client();
    await c.rpc(setDesc('persisted'));
    expect(await c.rpc('<commit><confirmed/><persist>job-7</persist></commit>')).toContain('<ok/>');
    c.close();
    await new Promise((r) => setTimeout(r, 200));
    expect(desc()).toBe('persisted');
    const other = await client();
    expect(await other.rpc('<commit><persist-id>job-7</persist-id></commit>')).toContain('<ok/>');
    expect(await other.rpc('<cancel-commit><persist-id>job-7</persist-id></cancel-commit>')).toContain(
      '<error-tag>operation-failed</error-tag>',
    );
    expect(desc()).toBe('persisted');
  });

  it('denies a candidate lock while another session has uncommitted changes, and discards them on its lock holder leaving', async () => {
    const a = await client();
    const b = await client();
    const aId = parseXml(a.serverHello).children.find((x) => x.name === 'session-id')!.text;
    await a.rpc(setDesc('uncommitted'));
    const denied = await b.rpc('<lock><target><candidate/></target></lock>');
    expect(denied).toContain('<error-tag>lock-denied</error-tag>');
    expect(denied).toContain(`<session-id>${aId}</session-id>`);
    expect(await a.rpc('<lock><target><candidate/></target></lock>')).toContain('<ok/>');
    a.close();
    expect(await waitFor(() => descIn('candidate') === initial)).toBe(true);
    expect(await b.rpc('<lock><target><candidate/></target></lock>')).toContain('<ok/>');
  });

  it('edits running directly (:writable-running), validated, and the candidate follows', async () => {
    const c = await client();
    const r = await c.rpc(setDesc('direct').replace('<candidate/>', '<running/>'));
    expect(r).toContain('<ok/>');
    expect(desc()).toBe('direct');
    expect(descIn('candidate')).toBe('direct');
  });
});
