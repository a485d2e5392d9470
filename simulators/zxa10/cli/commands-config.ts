/**
 * Global configuration mode, PON-port mode, profile modes (`gpon`, `pon`), IGMP MVLAN and uplinks,
 * for both families. Shapes: c300/provision-*.txt, c300/igmp-mvlan-receive-port-scripts.txt,
 * c600/provision-*.txt, c600/running-config-*.txt, c300/undo-forms-nso-ned.txt.
 */
import { CODE, lineError, paramError, type CmdCtx, type Handler } from './context.ts';
import type { Grammar } from './grammar.ts';
import { enterOlt, enterOnu, enterVport, firstWords, parseIfName, remove, store } from './handlers.ts';
import type { FamilyId } from '../family.ts';
import type { OnuAuth } from '../config/model.ts';

/** `onu N type T sn S|pw P|loid L` under the PON port. */
const addOnu: Handler = (c) => {
  const m = c.mode;
  if (m.kind !== 'olt') return;
  const id = Number(c.args.id);
  // c300/undo-forms-nso-ned.txt: re-creating an existing entry
  if (c.cfg.onu(m.pon, id)) return lineError(CODE.exists);
  const auth: OnuAuth =
    c.args.sn !== undefined
      ? { kind: 'sn', value: c.args.sn }
      : c.args.pw !== undefined
        ? { kind: 'pw', value: c.args.pw }
        : { kind: 'loid', value: c.args.loid };
  // a serial authorised on another id: the device's text is NOT RECORDED; the entry-exists line is used
  if (auth.kind === 'sn' && c.cfg.onuBySerial(auth.value)) return lineError(CODE.exists);
  c.cfg.addOnu(m.pon, id, c.args.type, auth, c.now);
  // one C3xx firmware prints ".[Successful]" after the registration (c300/session-register-onu-walkthrough.txt);
  // C600 prints only the echo (c600/onmt-c300-c600-command-shapes.txt)
  if (c.fam.id === 'c300') return { lines: ['.[Successful]'] };
};

const removeOnu: Handler = (c) => {
  const m = c.mode;
  if (m.kind !== 'olt') return;
  // errors/c300-code-32310-onu-does-not-exist.txt (live C300)
  if (!c.cfg.removeOnu(m.pon, Number(c.args.id))) return lineError(CODE.onuMissing);
};

/** `onu N profile line …` / `bind-onu N profile …`: only for a configured ONU. */
function onuBinding(key: (c: CmdCtx) => string): Handler {
  return (c) => {
    const m = c.mode;
    if (m.kind !== 'olt') return;
    if (!c.cfg.onu(m.pon, Number(c.args.id))) return lineError(CODE.onuMissing);
    c.cfg.pons.get(m.pon)!.block.set(key(c), c.line);
    c.cfg.changed({ kind: 'onu', pon: m.pon, onuId: Number(c.args.id) });
  };
}

/** C3xx `igmp mvlan M receive-port gpon-onu_… vport K`, typed in config mode (3 scripts agree). */
const receivePortC300: Handler = (c) => {
  const { pon, onuId } = parseIfName(c.args.onu);
  if (!c.cfg.onu(pon, onuId!)) return lineError(CODE.onuMissing);
  c.cfg.global.set(c.line, c.line);
  c.cfg.changed({ kind: 'line' });
};

export function addConfigCommands(g: Grammar<Handler>, fam: FamilyId): void {
  if (fam === 'c300') {
    g.add('interface <C300_OLT:ifname>', enterOlt());
    g.add('interface <C300_ONU:ifname>', enterOnu('onu'));
    g.add('pon-onu-mng <C300_ONU:ifname>', enterOnu('mng'));
    g.add('igmp mvlan <1-4094:mvlan> receive-port <C300_ONU:onu> vport <1-128:vport>', receivePortC300);
    // undo forms of global relay/IA settings the NED lists (c300/undo-forms-nso-ned.txt)
    for (const f of ['pppoe-intermediate-agent', 'dhcpv4-l2-relay-agent', 'dhcpv6-l2-relay-agent'])
      g.add(
        `${f} vlan <VLANS:vlans> disable`,
        remove((c) => `${f} vlan ${c.args.vlans}`),
      );
    for (const f of ['dhcpv4-l2-relay-agent', 'dhcpv6-l2-relay-agent'])
      g.add(
        `${f} disable`,
        remove(() => f),
      );
  } else {
    g.add('interface <C600_OLT:ifname>', enterOlt());
    g.add('interface <C600_ONU:ifname>', enterOnu('onu'));
    g.add('interface <C600_VPORT:ifname>', enterVport());
    g.add('pon-onu-mng <C600_ONU:ifname>', enterOnu('mng'));
    // TITAN: `igmp mvlan M` then `receive-port vport-…` lines (3 scripts agree)
    g.add('igmp mvlan <1-4094:mvlan>', (c) => c.setMode({ kind: 'mvlan', mvlan: Number(c.args.mvlan) }));
    // global QoS and DHCP snooping (c600/running-config-c620-two-onus.txt, live)
    g.add(
      'traffic-profile <WORD:name> <LINE:rest>',
      store((c) => `traffic-profile ${c.args.name}`),
    );
    g.add('ip dhcp snooping enable', store());
    g.add('ip dhcp snooping vlan <1-4094:vlan>', store());
  }
  g.add('interface <UPLINK:ifname>', (c) => c.setMode({ kind: 'uplink', name: c.args.ifname }));
  g.add('gpon', (c) => c.setMode({ kind: 'gpon' }));
  g.add('pon', (c) => c.setMode({ kind: 'pon' }));
  g.add('hostname <WORD:name>', (c) => {
    c.cfg.hostname = c.args.name;
    c.cfg.changed({ kind: 'line' });
  });
  // system lines of an engineer's base configuration (c300/provision-basic-config-and-register-pppoe-plus-c320.txt)
  g.add('line telnet idle-timeout <1-1000:n>', store(firstWords(3)));
  g.add('snmp-server <LINE:rest>', store());
  g.add('ip route <IP:dst> <IP:mask> <IP:gw>', store());
  g.add('add-rack rackno <1-8:r> racktype <WORD:t>', store(firstWords(3)));
  g.add('add-shelf shelfno <1-8:s> shelftype <WORD:t>', store(firstWords(3)));
  g.add('add-card [rackno <1-8:r> shelfno <1-8:s>] slotno <1-32:slot> <WORD:card>', store());
  g.add('add-subcard slotno <1-32:slot> subcardno <1-8:n> <WORD:card>', store());
  g.add(
    'set-pnp {enable|disable}',
    store(() => 'set-pnp'),
  );
  g.add(
    'fan control temp_level <LINE:levels>',
    store(() => 'fan control'),
  );
  g.add(
    'fan high-threshold <1-100:t>',
    store(() => 'fan high-threshold'),
  );
}

export function addOltCommands(g: Grammar<Handler>, fam: FamilyId): void {
  g.add('onu <1-128:id> type <WORD:type> {sn <SN:sn>|pw <WORD:pw>|loid <WORD:loid>}', addOnu);
  g.add('no onu <1-128:id>', removeOnu);
  if (fam === 'c300') {
    // djing2 / a Russian ISP tool type these; some C300 firmware refuses `remote` (security-… scripts)
    g.add(
      'onu <1-128:id> profile line <WORD:line> [remote <WORD:remote>]',
      onuBinding((c) => `onu ${c.args.id} profile`),
    );
    g.add(
      'linktrap {enable|disable}',
      store(() => 'linktrap'),
    );
  } else {
    g.add(
      'bind-onu <1-128:id> profile {line|service} <WORD:p>',
      onuBinding((c) => `bind-onu ${c.args.id} ${c.line.split(' ')[3]}`),
    );
    g.add(
      'fiber-distance <0-1000:min> <0-1000:max>',
      store(() => 'fiber-distance'),
    );
    g.add(
      'uncfg-onu-aging-time <1-10000:t>',
      store(() => 'uncfg-onu-aging-time'),
    );
  }
  g.add(
    'no shutdown',
    store(() => 'shutdown'),
  );
  g.add(
    'shutdown',
    store(() => 'shutdown'),
  );
}

export function addGponCommands(g: Grammar<Handler>): void {
  // T-CONT profile types seen: `type 1 fixed N` (C320), `type 4 maximum N` (C620, live)
  g.add('profile tcont <WORD:name> type <1-5:t> {fixed|maximum} <64-10000000:kbps>', store(firstWords(3)));
  g.add('profile traffic <WORD:name> sir <0-10000000:sir> pir <0-10000000:pir>', store(firstWords(3)));
  g.add('onu profile vlan <WORD:name> tag-mode tag cvlan <1-4094:vlan>', store(firstWords(4)));
}

export function addPonCommands(g: Grammar<Handler>): void {
  g.add('onu-type <WORD:name> gpon <WORD:attr> <LINE:rest>', store(firstWords(4)));
  g.add('onu-type-if <WORD:name> <WORD:ifs>', store());
}

export function addUplinkCommands(g: Grammar<Handler>): void {
  g.add(
    'switchport mode {trunk|hybrid}',
    store(() => 'switchport mode'),
  );
  g.add('switchport vlan <VLANS:vlans> tag', store());
  g.add(
    'description <LINE:d>',
    store(() => 'description'),
  );
  g.add(
    'no shutdown',
    store(() => 'shutdown'),
  );
  g.add(
    'shutdown',
    store(() => 'shutdown'),
  );
}

export function addMvlanCommands(g: Grammar<Handler>): void {
  g.add('receive-port <C600_VPORT:vp>', (c) => {
    const { pon, onuId } = parseIfName(c.args.vp);
    if (!c.cfg.onu(pon, onuId!)) return paramError(c, 'vp');
    store()(c);
  });
}
