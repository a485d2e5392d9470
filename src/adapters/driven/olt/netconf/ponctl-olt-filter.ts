/** ponctl-olt only (retired with it): the subtree filter of what a diff touches. */
import type { ConfigDiff } from '../../../../domain/olt-config/diff.ts';

const escXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** RFC 6241 §6: a subtree filter selecting exactly the profiles and v-ANIs a diff touches. */
export function diffReadFilter(diff: ConfigDiff, namespace: string): string {
  const profiles = new Set<string>();
  const onus = new Map<string, Set<number>>();
  for (const c of diff.changes) {
    if (c.kind === 'traffic-profile') profiles.add(c.name);
    else {
      let set = onus.get(c.port);
      if (!set) {
        set = new Set();
        onus.set(c.port, set);
      }
      set.add(c.onuId);
    }
  }
  let f = `<olt xmlns="${namespace}">`;
  if (profiles.size) {
    f += '<traffic-descriptor-profiles>';
    for (const p of profiles)
      f += `<traffic-descriptor-profile><name>${escXml(p)}</name></traffic-descriptor-profile>`;
    f += '</traffic-descriptor-profiles>';
  }
  if (onus.size) {
    f += '<channel-terminations>';
    for (const [port, ids] of onus) {
      f += `<channel-termination><name>${escXml(port)}</name>`;
      for (const id of ids) f += `<v-ani><onu-id>${id}</onu-id></v-ani>`;
      f += '</channel-termination>';
    }
    f += '</channel-terminations>';
  }
  return f + '</olt>';
}
