/**
 * `pon-onu-mng` mode (the ONU's OMCI side), both families. Every shape here is one a public fixture
 * types or lists (c300/session-register-onu-walkthrough.txt, c300/provision-*.txt,
 * c300/show-onu-running-config-*.txt, c600/provision-*.txt, c600/running-config-*.txt); anything else
 * is answered as unknown input.
 */
import { lineError, paramError, type Handler } from './context.ts';
import type { Grammar } from './grammar.ts';
import { blockOf, entryOf, firstWords, remove, store } from './handlers.ts';
import { gemports } from '../config/views.ts';
import type { FamilyId } from '../family.ts';

/** `service NAME … gemport N …`: the GEM port must exist on the ONU's interface. */
const service: Handler = (c) => {
  const e = entryOf(c)!;
  // errors/c300-code-32310-onu-does-not-exist.txt (live C300): an ONU bound to an ONU profile
  if (hasProfileBinding(c))
    return lineError(
      '%Code 64007-GPONRM : Operation is forbidden for conflicting with some applied on u-profile.',
    );
  if (!gemports(e).some((g) => g.id === Number(c.args.gem))) return paramError(c, 'gem');
  blockOf(c).set(`service ${c.args.name}`, c.line);
  c.cfg.changed({ kind: 'line' });
};

function hasProfileBinding(c: Parameters<Handler>[0]): boolean {
  const e = entryOf(c)!;
  const pon = c.cfg.pons.get(e.pon)!;
  return pon.block
    .keys()
    .some((k) => k.startsWith(`onu ${e.id} profile`) || k.startsWith(`bind-onu ${e.id} `));
}

/** The `vlan-profile P` of a WAN must be an `onu profile vlan P` under `gpon`. */
const wanIp: Handler = (c) => {
  const vp = c.args.vprofile;
  if (vp !== undefined && !c.cfg.gpon.has(`onu profile vlan ${vp}`)) return paramError(c, 'vprofile');
  blockOf(c).set(`wan-ip ${c.args.id} mode`, c.line);
  c.cfg.changed({ kind: 'line' });
};

export function addMngCommands(g: Grammar<Handler>, fam: FamilyId): void {
  g.add(
    'service <WORD:name> [type {internet|other}] gemport <1-32:gem> [cos <0-7:cos>] vlan <VLANS:vlans>',
    service,
  );
  // UNI VLAN modes (djing2 trunk/hybrid templates, NSO sample, live configs)
  g.add(
    'vlan port <UNI:port> mode tag vlan <1-4094:vlan>',
    store((c) => `vlan port ${c.args.port} mode`),
  );
  g.add(
    'vlan port <UNI:port> mode trunk',
    store((c) => `vlan port ${c.args.port} mode`),
  );
  g.add(
    'vlan port <UNI:port> mode hybrid def-vlan <1-4094:vlan>',
    store((c) => `vlan port ${c.args.port} mode`),
  );
  // c300/undo-vlan-port-and-wan-c300-live.txt: `mode na` → %Error 20202 (live)
  g.add('vlan port <UNI:port> mode <WORD:badmode>', (c) => paramError(c, 'badmode'));
  g.add(
    'vlan port <UNI:port> vlan <VLANS:vlans>',
    store((c) => `vlan port ${c.args.port} vlan`),
  );
  g.add(
    'vlan port <UNI:port> translate vlan <1-4094:vlan> svlan <1-4094:svlan> svlan-pri <0-7:pri>',
    store((c) => `vlan port ${c.args.port} translate ${c.args.vlan}`),
  );
  // the undo form, live: `no vlan port X mode` accepted, `no vlan port X` → 20203 Incomplete
  g.add(
    'no vlan port <UNI:port> mode',
    remove((c) => `vlan port ${c.args.port} mode`),
  );
  g.add(
    'wan-ip <1-8:id> mode pppoe [username <WORD:user> password <WORD:pass>] vlan-profile <WORD:vprofile> host <1-8:host>',
    wanIp,
  );
  // TITAN's form (c600/provision-c600-vport-map-scripts.txt)
  if (fam === 'c600')
    g.add('wan-ip ipv4 mode pppoe vlan-profile <WORD:vprofile> host <1-8:host>', (c) =>
      wanIp({ ...c, args: { ...c.args, id: 'ipv4' } }),
    );
  g.add(
    'wan-ip <1-8:id> ping-response {enable|disable} traceroute-response {enable|disable}',
    store((c) => `wan-ip ${c.args.id} ping`),
  );
  // `wan N … service S …`; two services on one line are refused live with 20201 (KusumaVision WORKLOG)
  g.add(
    'wan <1-8:id> [ethuni <VLANS:eth>] [ssid <1-8:ssid>] service {internet|other|tr069} [host <1-8:host>] [mvlan <VLANS:mvlan>]',
    store((c) => `wan ${c.args.id}`),
  );
  g.add('wan <1-8:id> service {internet|other|tr069} <WORD:more> [<LINE:rest>]', () =>
    lineError('%Error 20201: Invalid command key word'),
  );
  g.add(
    'name <LINE:v>',
    store(() => 'name'),
  );
  g.add(
    'mvlan <VLANS:mvlan>',
    store(() => 'mvlan'),
  );
  g.add('dhcp-ip ethuni <ETHUNI:port> {from-internet|forbidden|from-onu|no-ctrl}', store(firstWords(3)));
  g.add('loop-detect ethuni <ETHUNI:port> enable', store(firstWords(3)));
  g.add(
    'interface eth <ETHUNI:port> {state {lock|unlock}|speed auto|mtu <64-2000:mtu>}',
    store(firstWords(4)),
  );
  g.add('interface pots <POTS:port> state {lock|unlock}', store(firstWords(4)));
  g.add('interface wifi <WIFI:port> state {lock|unlock}', store(firstWords(4)));
  g.add(
    'wifi enable channel <1-13:ch>',
    store(() => 'wifi'),
  );
  g.add('ssid auth wep <WIFI:port> open-system', store(firstWords(4)));
  g.add('ssid ctrl <WIFI:port> name <WORD:ssid>', store(firstWords(3)));
  g.add('security-mng <1-255:id> state enable <LINE:rest>', store(firstWords(2)));
  g.add('security-mgmt <1-255:id> state enable mode forward protocol <LINE:rest>', store(firstWords(2)));
  g.add(
    'ip-host <1-8:id> dhcp-enable {true|false} ping-response {true|false} traceroute-response {true|false}',
    store(firstWords(2)),
  );
  // an action, nothing stored (c300/session-pon-onu-mng-prompts-c320.txt)
  g.add('restore factory', () => undefined);
  // the older OMCI model, as a live C320 running-config lists it (show-running-config-gpon-onu-multi-gemport)
  g.add('flow mode <1-8:f> tag-filter vid-filter untag-filter discard', store(firstWords(3)));
  g.add(
    'flow <1-8:f> priority <0-7:p> vid <1-4094:vid>',
    store((c) => `flow ${c.args.f} priority`),
  );
  g.add(
    'flow <1-8:f> switch <WORD:sw>',
    store((c) => `flow ${c.args.f} switch`),
  );
  g.add('gemport <1-32:g> flow <1-8:f>', store(firstWords(2)));
  g.add('switchport-bind <WORD:sw> iphost <1-8:h>', store(firstWords(2)));
  g.add('vlan-filter-mode iphost <1-8:h> tag-filter vid-filter untag-filter discard', store(firstWords(3)));
  g.add('vlan-filter iphost <1-8:h> priority <0-7:p> vid <1-4094:vid>', store(firstWords(3)));
  g.add(
    'voip protocol {sip|none}',
    store(() => 'voip protocol'),
  );
  // TITAN management (c600/provision-c600-model-b-live-show-this.txt, live-accepted)
  g.add(
    'mgmt-ip <IP:ip> <IP:mask> vlan <1-4094:vlan> priority <0-7:p> route <IP:dst> <IP:dmask> <IP:gw> host <1-8:host>',
    store(() => 'mgmt-ip'),
  );
  g.add('veip <1-8:v> port <1-65535:port> ipv4 host <1-8:host>', store(firstWords(2)));
  g.add(
    'tr069-mgmt <1-8:id> state unlock acs <WORD:acs> validate basic username <WORD:u> password <WORD:p> tag pri <0-7:pri> vlan <1-4094:vlan>',
    store(firstWords(2)),
  );
}
