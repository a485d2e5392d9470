/**
 * What exists on a TR-385 OLT before any provisioning (docs/bbf-mapping.md §2, §6 "Pre-exists on the
 * OLT, never written by ponctl"): per PON port one channel group → channel partition (serial-number
 * authentication) → channel pair (G-PON) → channel termination (`location inside-olt`, which
 * bbf-xpon-onu-state's `when` needs to report the ONUs present), and the uplink. Names come from the
 * device profile's `netconf.infrastructure` templates, so the lab OLT and the driver read one source.
 */
import { readFileSync } from 'node:fs';
import type { SimOlt } from '../core/topology.ts';
import type { DNode } from '../yang/data.ts';
import type { Schema } from '../yang/schema.ts';
import { parseXml } from '../yang/xml.ts';
import { applyEdit } from '../yang/edit.ts';

export interface PonInfra {
  pon: string;
  cg: string;
  cpart: string;
  cpair: string;
  ct: string;
}

export interface Infrastructure {
  /** Per PON port `R/S/P`. */
  pons: Map<string, PonInfra>;
  ponOfPartition: Map<string, string>;
  /** Channel group / partition / pair / termination name → PON port. */
  ponOfInterface: Map<string, string>;
  uplink: string;
  technology: 'gpon' | 'xgs';
}

interface Templates {
  channelGroup: string;
  channelPartition: string;
  channelPair: string;
  channelTermination: string;
  uplink: string;
}

export function loadInfrastructureNames(profile: string): {
  templates: Templates;
  technology: 'gpon' | 'xgs';
} {
  const url = new URL(`../../device-profiles/${profile}.json`, import.meta.url);
  const p = JSON.parse(readFileSync(url, 'utf8')) as {
    netconf?: { infrastructure?: Templates; technology?: 'gpon' | 'xgs' };
  };
  const t = p.netconf?.infrastructure;
  if (!t) throw new Error(`device profile ${profile} has no netconf.infrastructure naming`);
  return { templates: t, technology: p.netconf?.technology ?? 'gpon' };
}

function fill(t: string, pon: string): string {
  const [rack, shelf, port] = pon.split('/');
  return t.replace('{rack}', rack).replace('{shelf}', shelf).replace('{port}', port);
}

export function infrastructureOf(olt: SimOlt, profile: string): Infrastructure {
  const { templates, technology } = loadInfrastructureNames(profile);
  const pons = new Map<string, PonInfra>();
  const ponOfPartition = new Map<string, string>();
  const ponOfInterface = new Map<string, string>();
  for (const p of olt.pons) {
    const i: PonInfra = {
      pon: p.name,
      cg: fill(templates.channelGroup, p.name),
      cpart: fill(templates.channelPartition, p.name),
      cpair: fill(templates.channelPair, p.name),
      ct: fill(templates.channelTermination, p.name),
    };
    pons.set(p.name, i);
    ponOfPartition.set(i.cpart, p.name);
    for (const n of [i.cg, i.cpart, i.cpair, i.ct]) ponOfInterface.set(n, p.name);
  }
  return { pons, ponOfPartition, ponOfInterface, uplink: templates.uplink, technology };
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

/** The infrastructure as TR-385 configuration, applied to an empty running datastore. */
export function seedInfrastructure(schema: Schema, empty: DNode, infra: Infrastructure): DNode {
  const tech = infra.technology;
  let xml =
    '<interfaces xmlns="urn:ietf:params:xml:ns:yang:ietf-interfaces" xmlns:ianaift="urn:ietf:params:xml:ns:yang:iana-if-type"' +
    ' xmlns:xift="urn:bbf:yang:bbf-xpon-if-type" xmlns:xt="urn:bbf:yang:bbf-xpon-types">';
  xml += `<interface><name>${esc(infra.uplink)}</name><type>ianaift:ethernetCsmacd</type></interface>`;
  for (const i of infra.pons.values()) {
    xml +=
      `<interface><name>${esc(i.cg)}</name><type>xift:channel-group</type></interface>` +
      `<interface><name>${esc(i.cpart)}</name><type>xift:channel-partition</type>` +
      `<channel-partition xmlns="urn:bbf:yang:bbf-xpon"><channel-group-ref>${esc(i.cg)}</channel-group-ref>` +
      `<channel-partition-index>0</channel-partition-index><authentication-method>serial-number</authentication-method>` +
      `</channel-partition></interface>` +
      `<interface><name>${esc(i.cpair)}</name><type>xift:channel-pair</type>` +
      `<channel-pair xmlns="urn:bbf:yang:bbf-xpon"><channel-group-ref>${esc(i.cg)}</channel-group-ref>` +
      `<channel-partition-ref>${esc(i.cpart)}</channel-partition-ref><channel-pair-type>xt:${tech}</channel-pair-type>` +
      `</channel-pair></interface>` +
      `<interface><name>${esc(i.ct)}</name><type>xift:channel-termination</type>` +
      `<channel-termination xmlns="urn:bbf:yang:bbf-xpon"><channel-pair-ref>${esc(i.cpair)}</channel-pair-ref>` +
      `<channel-termination-type>xt:${tech}</channel-termination-type><location>xt:inside-olt</location>` +
      `</channel-termination></interface>`;
  }
  xml += '</interfaces>';
  const r = applyEdit(schema, empty, parseXml(xml), 'merge', { errorOption: 'stop-on-error' });
  if (r.errors.length) throw new Error(`infrastructure: ${r.errors[0].message} (${r.errors[0].path})`);
  return r.root;
}
