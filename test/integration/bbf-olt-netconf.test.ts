/**
 * The lab's BBF OLT over a real SSH socket (RFC 6241/6242): what it announces, the infrastructure it
 * starts with, the candidate validated on <validate>/<commit> (RFC 6241 §8.3, §8.6) and refused with
 * RFC 6241/7950 rpc-errors, running left as it was, confirmed commit (§8.4), locks and kill-session
 * (§7.5, §7.9), get-data on the operational datastore (RFC 8526) and the lab's faults.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  BBF_CREDENTIALS,
  RawNetconfClient,
  referenceSubscriber,
  startBbfOltSim,
  type BbfOltSim,
} from '../helpers/bbf-olt-sim.ts';

const NC = 'urn:ietf:params:xml:ns:netconf:base:1.0';
const FIXTURES = fileURLToPath(new URL('../fixtures/bbf/', import.meta.url));
let olt: BbfOltSim;
const clients: RawNetconfClient[] = [];

async function client(): Promise<RawNetconfClient> {
  const c = new RawNetconfClient();
  await c.connect(olt.port, BBF_CREDENTIALS);
  await c.hello();
  clients.push(c);
  return c;
}

const edit = (target: string, config: string, extra = '') =>
  `<edit-config><target><${target}/></target>${extra}<config>${config}</config></edit-config>`;
/** The content of `<data>` of running. */
const running = async (c: RawNetconfClient) => {
  const r = await c.rpc('<get-config><source><running/></source></get-config>');
  return r.slice(r.indexOf('<data>'), r.lastIndexOf('</data>'));
};
const errorTag = (reply: string) => /<error-tag>([^<]+)<\/error-tag>/.exec(reply)?.[1];
const appTag = (reply: string) => /<error-app-tag>([^<]+)<\/error-app-tag>/.exec(reply)?.[1];

beforeAll(async () => {
  olt = await startBbfOltSim({ pons: 2, onts: 3 });
});
afterAll(async () => {
  for (const c of clients) c.close();
  await olt.close();
});

describe('BBF OLT: hello, library, infrastructure', () => {
  it('announces the YANG library (RFC 8526 §2), not modules, and the protocol capabilities', async () => {
    const c = await client();
    expect(c.serverHello).toContain(
      'urn:ietf:params:netconf:capability:yang-library:1.1?revision=2019-01-04&amp;content-id=ponctl-bbf-2026-12-05',
    );
    expect(c.serverHello).toContain('urn:ietf:params:netconf:capability:confirmed-commit:1.1');
    expect(c.serverHello).not.toContain('module=');
    const lib = await c.rpc(
      '<get-data xmlns="urn:ietf:params:xml:ns:yang:ietf-netconf-nmda" xmlns:ds="urn:ietf:params:xml:ns:yang:ietf-datastores">' +
        '<datastore>ds:operational</datastore><subtree-filter><yang-library xmlns="urn:ietf:params:xml:ns:yang:ietf-yang-library"/></subtree-filter></get-data>',
    );
    const fixture = readFileSync(`${FIXTURES}yang-library.xml`, 'utf8');
    const names = (x: string) =>
      [...x.matchAll(/<module>\s*<name>([^<]+)<\/name>\s*<revision>([^<]+)/g)]
        .map((m) => `${m[1]}@${m[2]}`)
        .sort();
    expect(names(lib)).toEqual(names(fixture));
    expect(lib).toContain('<content-id>ponctl-bbf-2026-12-05</content-id>');
    const old = await c.rpc(
      `<get><filter type="subtree"><modules-state xmlns="urn:ietf:params:xml:ns:yang:ietf-yang-library"/></filter></get>`,
    );
    expect(old).toContain('<module-set-id>ponctl-bbf-2026-12-05</module-set-id>');
    expect(old.match(/<conformance-type>import<\/conformance-type>/g)).toHaveLength(19);
  });

  it('starts with the TR-385 infrastructure of each PON port and the uplink', async () => {
    const c = await client();
    const r = await running(c);
    for (const n of ['cg-1.1.1', 'cpart-1.1.1', 'cpair-1.1.1', 'ct-1.1.1', 'ct-1.1.2', 'uplink-1'])
      expect(r).toContain(`<name>${n}</name>`);
    expect(r).toContain('bbf-xpon-types:inside-olt</location>');
  });
});

describe('BBF OLT: candidate, validate, commit', () => {
  it('provisions the reference subscriber (edit, validate, commit) and shows it in running', async () => {
    const c = await client();
    expect(await c.rpc(edit('candidate', referenceSubscriber()))).toContain('<ok/>');
    expect(await c.rpc('<validate><source><candidate/></source></validate>')).toContain('<ok/>');
    expect(await c.rpc('<commit/>')).toContain('<ok/>');
    const r = await running(c);
    expect(r).toMatch(
      /<name>vani-A-00000042<\/name>[\s\S]*<expected-serial-number>ZTEGC0FFEE01<\/expected-serial-number>/,
    );
    // the lab reads it too: the ONU id is authorised on PON 1/1/1 (SNMP, OMCI)
    expect(olt.sim.config.findOnu('1/1/1', 5)?.expectedSerial).toBe('ZTEGC0FFEE01');
  });

  it('refuses a dangling reference at <commit> with data-missing / instance-required and keeps running', async () => {
    const c = await client();
    const before = await running(c);
    const bad = `<xpongemtcont xmlns="urn:bbf:yang:bbf-xpongemtcont"><gemports><gemport><name>gem-A-00000042-internet</name><tcont-ref>tcont-A-00000042-video</tcont-ref></gemport></gemports></xpongemtcont>`;
    expect(await c.rpc(edit('candidate', bad))).toContain('<ok/>');
    const v = await c.rpc('<validate><source><candidate/></source></validate>');
    expect(errorTag(v)).toBe('data-missing');
    const r = await c.rpc('<commit/>');
    expect(errorTag(r)).toBe('data-missing');
    expect(appTag(r)).toBe('instance-required');
    expect(r).toContain('<error-type>application</error-type>');
    expect(r).toMatch(
      /<error-path[^>]*xmlns:bbf-xpongemtcont="urn:bbf:yang:bbf-xpongemtcont"[^>]*>\/bbf-xpongemtcont:xpongemtcont\/bbf-xpongemtcont:gemports\/bbf-xpongemtcont:gemport\[bbf-xpongemtcont:name='gem-A-00000042-internet'\]\/bbf-xpongemtcont:tcont-ref</,
    );
    expect(await c.rpc('<discard-changes/>')).toContain('<ok/>');
    expect(await running(c)).toBe(before);
  });

  it('refuses an invalid value at edit time, even in the candidate (invalid-value)', async () => {
    const c = await client();
    const r = await c.rpc(
      edit(
        'candidate',
        `<interfaces xmlns="urn:ietf:params:xml:ns:yang:ietf-interfaces"><interface><name>vani-A-00000042</name><v-ani xmlns="urn:bbf:yang:bbf-xponvani"><expected-serial-number>ZTEGC0FFEE0</expected-serial-number></v-ani></interface></interfaces>`,
      ),
    );
    expect(errorTag(r)).toBe('invalid-value');
    expect(r).toContain('does not conform to');
  });

  it("refuses on running what the OLT's own rules forbid: a second v-ANI with the same serial", async () => {
    const c = await client();
    const dup = `<interfaces xmlns="urn:ietf:params:xml:ns:yang:ietf-interfaces" xmlns:x="urn:bbf:yang:bbf-xpon-if-type"><interface><name>vani-X</name><type>x:v-ani</type><v-ani xmlns="urn:bbf:yang:bbf-xponvani"><onu-id>9</onu-id><channel-partition>cpart-1.1.1</channel-partition><expected-serial-number>ZTEGC0FFEE01</expected-serial-number></v-ani></interface></interfaces>`;
    const r = await c.rpc(edit('running', dup));
    expect(errorTag(r)).toBe('operation-failed');
    expect(appTag(r)).toBe('duplicate-serial-number');
    expect(await running(c)).not.toContain('vani-X');
  });

  it('reverts a confirmed commit that is not confirmed in time (RFC 6241 §8.4)', async () => {
    const c = await client();
    const desc = `<interfaces xmlns="urn:ietf:params:xml:ns:yang:ietf-interfaces"><interface><name>uplink-1</name><description>confirm me</description></interface></interfaces>`;
    expect(await c.rpc(edit('candidate', desc))).toContain('<ok/>');
    expect(await c.rpc('<commit><confirmed/><confirm-timeout>1</confirm-timeout></commit>')).toContain(
      '<ok/>',
    );
    expect(await running(c)).toContain('confirm me');
    await new Promise((r) => setTimeout(r, 1500));
    expect(await running(c)).not.toContain('confirm me');
  });
});

describe('BBF OLT: sessions and faults', () => {
  it('denies another session the lock and its edits (in-use) until kill-session', async () => {
    const a = await client();
    const b = await client();
    expect(await a.rpc('<lock><target><candidate/></target></lock>')).toContain('<ok/>');
    const denied = await b.rpc('<lock><target><candidate/></target></lock>');
    expect(errorTag(denied)).toBe('lock-denied');
    const sid = /<session-id>(\d+)<\/session-id>/.exec(a.serverHello)![1];
    expect(denied).toContain(`<session-id>${sid}</session-id>`);
    expect(
      errorTag(
        await b.rpc(edit('candidate', '<interfaces xmlns="urn:ietf:params:xml:ns:yang:ietf-interfaces"/>')),
      ),
    ).toBe('in-use');
    expect(await b.rpc(`<kill-session><session-id>${sid}</session-id></kill-session>`)).toContain('<ok/>');
    expect(await b.rpc('<lock><target><candidate/></target></lock>')).toContain('<ok/>');
    expect(await b.rpc('<unlock><target><candidate/></target></unlock>')).toContain('<ok/>');
  });

  it('fails the next configuration operation on fail-commit, changing nothing', async () => {
    const c = await client();
    olt.sim.faults.failOnOp = 1;
    const r = await c.rpc(
      edit(
        'running',
        `<interfaces xmlns="urn:ietf:params:xml:ns:yang:ietf-interfaces"><interface><name>uplink-1</name><description>x</description></interface></interfaces>`,
      ),
    );
    expect(errorTag(r)).toBe('operation-failed');
    expect(appTag(r)).toBe('fail-commit');
    expect(await running(c)).not.toContain('<description>x</description>');
  });

  it('answers get-data on ds:operational: ONUs present on the PON, unconfigured ones without v-ANI', async () => {
    const c = await client();
    const r = await c.rpc(
      `<get-data xmlns="urn:ietf:params:xml:ns:yang:ietf-netconf-nmda" xmlns:ds="urn:ietf:params:xml:ns:yang:ietf-datastores"><datastore>ds:operational</datastore>` +
        `<subtree-filter><interfaces-state xmlns="urn:ietf:params:xml:ns:yang:ietf-interfaces"><interface><name>ct-1.1.1</name></interface></interfaces-state></subtree-filter>` +
        `<config-filter>false</config-filter></get-data>`,
    );
    // the lab's three ONTs of PON 1/1/1 range; no v-ANI expects their serials
    expect(r.match(/onu-present-and-no-v-ani-known-and-o5-failed-no-onu-id/g)).toHaveLength(3);
    expect(r).toContain(`<detected-serial-number>${olt.sim.pons[0].onts[0].serial}</detected-serial-number>`);
    olt.sim.pons[0].fibreOk = false;
    olt.sim.refresh();
    const cut = await c.rpc(
      `<get-data xmlns="urn:ietf:params:xml:ns:yang:ietf-netconf-nmda" xmlns:ds="urn:ietf:params:xml:ns:yang:ietf-datastores"><datastore>ds:operational</datastore>` +
        `<subtree-filter><interfaces xmlns="urn:ietf:params:xml:ns:yang:ietf-interfaces"><interface><name>ct-1.1.1</name><oper-status/></interface></interfaces></subtree-filter></get-data>`,
    );
    expect(cut).toContain('<oper-status>down</oper-status>');
    olt.sim.pons[0].fibreOk = true;
    olt.sim.refresh();
  });

  it('drops the session when the OLT is down', async () => {
    const c = await client();
    olt.sim.faults.down = true;
    await expect(c.rpc('<get-config><source><running/></source></get-config>')).rejects.toThrow();
    olt.sim.faults.down = false;
  });
});

it('refuses an operation it does not know with operation-not-supported', async () => {
  const c = await client();
  const r = await c.rpc(
    `<get-schema xmlns="urn:ietf:params:xml:ns:yang:ietf-netconf-monitoring"><identifier>bbf-xpon</identifier></get-schema>`,
  );
  expect(errorTag(r)).toBe('operation-not-supported');
  expect(r).toContain(`xmlns="${NC}"`);
});
