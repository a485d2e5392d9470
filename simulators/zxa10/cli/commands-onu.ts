/**
 * The ONU interface (`interface gpon-onu_…` on C3xx, `interface gpon_onu-…` on TITAN) and TITAN's
 * per-ONU virtual port (`interface vport-1/S/P.N:K`). C3xx keys per-service features by `vport K`
 * inside the ONU interface; TITAN puts service-ports, MAC limit and QoS under the vport interface.
 * Shapes: c300/show-running-config-interface-gpon-onu-c3xx.txt (live), c300/provision-*.txt,
 * c300/security-mac-limit-ip-source-guard-scripts.txt, c300/undo-forms-nso-ned.txt, c600/*.
 */
import { paramError, type CmdCtx, type Handler, type Reply } from './context.ts';
import type { Grammar } from './grammar.ts';
import { entryOf, firstWords, remove, store } from './handlers.ts';
import { gemports, tconts } from '../config/views.ts';
import type { FamilyId } from '../family.ts';

/**
 * A T-CONT's profile must exist under `gpon` (or be the built-in `default`). What firmware prints for
 * a missing profile is NOT RECORDED (dialect §6.1): the recorded invalid-parameter line at the name.
 */
const tcontProfile = (c: CmdCtx): Reply | undefined =>
  c.cfg.gponProfiles('tcont').has(c.args.profile) ? undefined : paramError(c, 'profile');

const gemTcont = (c: CmdCtx): Reply | undefined =>
  tconts(entryOf(c)!).some((t) => t.id === Number(c.args.tcont)) ? undefined : paramError(c, 'tcont');

const trafficLimit: Handler = (c) => {
  if (c.args.up === undefined && c.args.down === undefined) return { error: { kind: 'incomplete', at: 0 } };
  if (!gemports(entryOf(c)!).some((g) => g.id === Number(c.args.id))) return paramError(c, 'id');
  const known = c.cfg.gponProfiles('traffic');
  for (const a of ['up', 'down'] as const)
    if (c.args[a] !== undefined && !known.has(c.args[a])) return paramError(c, a);
  store(() => `gemport ${c.args.id} traffic-limit`)(c);
};

/** `no gemport N`: its traffic limit and auto-created switchport go with it (NSO §1.8). */
const noGemport: Handler = (c) => {
  const e = entryOf(c)!;
  const id = c.args.id;
  if (!e.iface.has(`gemport ${id}`)) return paramError(c, 'id');
  e.iface.delete(`gemport ${id}`);
  e.iface.delete(`gemport ${id} traffic-limit`);
  c.cfg.changed({ kind: 'line' });
};

/** `no tcont N`: refused while a GEM port still uses it (the NED removes GEM ports first). */
const noTcont: Handler = (c) => {
  const e = entryOf(c)!;
  if (!e.iface.has(`tcont ${c.args.id}`)) return paramError(c, 'id');
  if (gemports(e).some((g) => g.tcont === Number(c.args.id))) return paramError(c, 'id');
  e.iface.delete(`tcont ${c.args.id}`);
  c.cfg.changed({ kind: 'line' });
};

/** Feature lines keyed `vport K` (C3xx): `enable` stores the line, `disable` is its undo (NSO §11). */
function enableDisable(g: Grammar<Handler>, feature: string, port = '{vport|sport}'): void {
  g.add(
    `${feature} enable ${port} <1-128:vport>`,
    store((c) => `${feature} vport ${c.args.vport}`),
  );
  g.add(
    `${feature} disable ${port} <1-128:vport>`,
    remove((c) => `${feature} vport ${c.args.vport}`),
  );
  g.add(
    `${feature} trust true replace ${port} <1-128:vport>`,
    store((c) => `${feature} trust vport ${c.args.vport}`),
  );
}

export function addOnuCommands(g: Grammar<Handler>, fam: FamilyId): void {
  g.add(
    'name <LINE:v>',
    store(() => 'name'),
  );
  g.add(
    'description <LINE:v>',
    store(() => 'description'),
  );
  g.add(
    'sn-bind {enable sn|disable}',
    store(() => 'sn-bind'),
  );
  g.add('registration-method {sn <SN:sn>|pw <WORD:pw>}', (c) => {
    const e = entryOf(c)!;
    if (c.args.sn !== undefined) {
      const other = c.cfg.onuBySerial(c.args.sn);
      if (other && other !== e) return paramError(c, 'sn');
      c.cfg.reauthorise(e, { kind: 'sn', value: c.args.sn });
    } else c.cfg.reauthorise(e, { kind: 'pw', value: c.args.pw });
  });
  g.add('tcont <1-8:id> [name <WORD:tname>] profile <WORD:profile>', store(firstWords(2), tcontProfile));
  g.add(
    'gemport <1-32:id> [name <WORD:gname>] [unicast] tcont <1-8:tcont> [dir both] [queue <1-8:queue>]',
    store(firstWords(2), gemTcont),
  );
  g.add('gemport <1-32:id> traffic-limit [upstream <WORD:up>] [downstream <WORD:down>]', trafficLimit);
  g.add('no gemport <1-32:id>', noGemport);
  g.add('no tcont <1-8:id>', noTcont);
  if (fam === 'c300') addC300VportFeatures(g);
  else {
    g.add(
      'fec enable',
      store(() => 'fec'),
    );
    // manual vport mode: `vport K map-type vlan` + `vport-map K GEM vlan V` (4 C600 scripts)
    g.add(
      'vport-mode manual',
      store(() => 'vport-mode'),
    );
    g.add(
      'vport <1-128:k> [name <WORD:vname>] map-type vlan',
      store((c) => `vport ${c.args.k}`),
    );
    g.add('vport-map <1-128:k> <1-32:gem> vlan <1-4094:vlan>', (c) => {
      if (!gemports(entryOf(c)!).some((x) => x.id === Number(c.args.gem))) return paramError(c, 'gem');
      store((x) => `vport-map ${x.args.k} ${x.args.gem} ${x.args.vlan}`)(c);
    });
    g.add('encrypt <1-32:gem> enable downstream', store(firstWords(2)));
  }
}

/** C3xx per-vport features inside the ONU interface. */
function addC300VportFeatures(g: Grammar<Handler>): void {
  g.add(
    'switchport mode {hybrid|trunk} vport <1-128:vport>',
    store((c) => `switchport mode vport ${c.args.vport}`),
  );
  // NSO §11: the undo that works
  g.add(
    'no switchport mode hybrid vport <1-128:vport>',
    remove((c) => `switchport mode vport ${c.args.vport}`),
  );
  // stored with two spaces before `tag`, as a live C320 lists it (show-running-config-gpon-onu-multi-gemport-c320)
  g.add('switchport vlan <VLANS:vlans> tag vport <1-128:vport>', (c) => {
    store(() => `switchport vlan vport ${c.args.vport}`)({
      ...c,
      line: `switchport vlan ${c.args.vlans}  tag vport ${c.args.vport}`,
    });
  });
  g.add(
    'service-port <1-128:sp> vport <1-128:vport> user-vlan {<1-4094:uvlan>|untag} vlan <1-4094:vlan>',
    store((c) => `service-port ${c.args.sp}`),
  );
  // PPPoE IA: `vport` (live running-config) and `sport` (stefanfredik) are both public
  enableDisable(g, 'pppoe-plus');
  enableDisable(g, 'dhcp-option82', 'vport');
  enableDisable(g, 'pppoe-intermediate-agent', 'vport');
  enableDisable(g, 'dhcpv4-l2-relay-agent', 'vport');
  g.add('port-location format flexible-syntax vport <1-128:vport>', store(firstWords(3)));
  g.add(
    'port-location sub-option remote-id {enable|disable} vport <1-128:vport>',
    store((c) => `port-location remote-id vport ${c.args.vport}`),
  );
  g.add(
    'port-location sub-option remote-id name <WORD:rid> vport <1-128:vport>',
    store((c) => `port-location remote-id name vport ${c.args.vport}`),
  );
  g.add(
    'port-identification format <WORD:fmt> vport <1-128:vport>',
    store((c) => `port-identification vport ${c.args.vport}`),
  );
  g.add(
    'port-identification sub-option remote-id enable vport <1-128:vport>',
    store((c) => `port-identification remote-id vport ${c.args.vport}`),
  );
  g.add(
    'port-identification sub-option remote-id disable vport <1-128:vport>',
    remove((c) => `port-identification remote-id vport ${c.args.vport}`),
  );
  g.add(
    'port-identification sub-option remote-id name <WORD:rid> vport <1-128:vport>',
    store((c) => `port-identification remote-id name vport ${c.args.vport}`),
  );
  g.add('ip dhcp snooping enable vport <1-128:vport>', store());
  g.add('ip-service ip-source-guard enable sport <1-128:sport>', store());
  g.add(
    'security storm-control broadcast rate <1-10000:rate> direction {ingress|egress} vport <1-128:vport>',
    store((c) => `storm-control ${c.line.split(' ')[6]} vport ${c.args.vport}`),
  );
  // MAC limit: typed spellings only; the stored spelling is NOT RECORDED on C300 (kept as typed)
  g.add(
    'security max-mac-learn <0-1024:n> vport <1-128:vport>',
    store((c) => `max-mac-learn vport ${c.args.vport}`),
  );
  g.add(
    'max-mac-learn <0-1024:n> [vport <1-128:vport>]',
    store((c) => `max-mac-learn vport ${c.args.vport ?? 1}`),
  );
  g.add(
    'ip access-group <1-9999:acl> {in|out}',
    store((c) => `ip access-group ${c.line.split(' ')[3]}`),
  );
  g.add(
    'dba mode sr',
    store(() => 'dba mode'),
  );
}

/** TITAN `interface vport-1/S/P.N:K` (live C620 config, live-accepted KusumaVision script). */
export function addVportCommands(g: Grammar<Handler>): void {
  g.add(
    'service-port <1-128:sp> user-vlan {<1-4094:uvlan>|untagged} vlan <1-4094:vlan> [svlan <1-4094:svlan>] [ingress <WORD:in>] [egress <WORD:out>]',
    store((c) => `service-port ${c.args.sp}`),
  );
  g.add(
    'service-port <1-128:sp> description <WORD:d>',
    store((c) => `service-port ${c.args.sp} description`),
  );
  g.add(
    'qos traffic-policy <WORD:p> direction {egress|ingress}',
    store((c) => `qos traffic-policy ${c.line.split(' ')[4]}`),
  );
  g.add(
    'qos traffic-shaping <WORD:p>',
    store(() => 'qos traffic-shaping'),
  );
  g.add(
    'security max-mac-learn <0-1024:n>',
    store(() => 'security max-mac-learn'),
  );
  g.add(
    'security vlan-stormcontrol {unknowncast|multicast|broadcast} vlan <1-4094:vlan> rate <1-100000:rate>',
    store((c) => c.line.split(' ').slice(0, 5).join(' ')),
  );
  g.add('security storm-control {broadcast|multicast} ingress <1-100000:rate>', store(firstWords(3)));
  g.add('security packet-limit {dhcpv4|arp|pppoe} ingress <1-10000:rate>', store(firstWords(3)));
  g.add('ip-source-guard enable sport <1-128:sport>', store());
  g.add('port-identification operator-profile service-port <1-128:sp> <WORD:p>', store(firstWords(4)));
  g.add('port-identification user-defined-rid service-port <1-128:sp> <WORD:rid>', store(firstWords(4)));
  g.add('igmp fast-leave enable', store());
  g.add(
    'ip access-group <1-9999:acl> {in|out}',
    store((c) => `ip access-group ${c.line.split(' ')[3]}`),
  );
}
