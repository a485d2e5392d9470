/**
 * A NETCONF server (RFC 6241/6242 over ssh2) whose datastores are XML trees edited with RFC 6241
 * §7.2 semantics (xml-edit-apply.ts, list keys from libyang's schema) and validated by libyang's
 * yanglint on `<validate>` and `<commit>`: a BBF OLT for driver tests in which nothing of the
 * driver's codec takes part in deciding what is valid. Candidate + confirmed commit 1.1, locks,
 * RFC 8525 library (test/fixtures/bbf/yang-library.xml) by `<get-data>` / `<get>`, and ONU state
 * (bbf-xpon-onu-state) derived from the ONUs a test puts on the PONs. Subtree filters are applied
 * per RFC 6241 §6 (content match, selection, containment). Test tooling, not a simulator: no faults
 * beyond `failNextEdits`, no rules beyond YANG.
 */
import ssh2 from 'ssh2';
import { hostKeyFingerprintOf, newHostKey } from '../../simulators/ssh/server.ts';
import type { Duplex } from 'node:stream';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { encodeFrame, FrameDecoder, type FramingMode } from '../../src/protocols/netconf/framing.ts';
import { scanXml } from '../../src/adapters/driven/olt/netconf/xml-scan.ts';
import type { XNode } from '../../src/adapters/driven/olt/netconf/olt-config-xnode.ts';
import { BBF_FIXTURES, schemaKeys, validateConfig, type BbfYang } from './bbf-yang.ts';
import { EditError, XmlEditApplier, toXml } from './xml-edit-apply.ts';
import { applySubtreeFilter, onuStateXml, type PresentOnu } from './libyang-netconf-state.ts';

const NC = 'urn:ietf:params:xml:ns:netconf:base:1.0';
const CONTENT_ID = 'ponctl-bbf-2026-12-05';
const CAPS = [
  'urn:ietf:params:netconf:base:1.0',
  'urn:ietf:params:netconf:base:1.1',
  'urn:ietf:params:netconf:capability:candidate:1.0',
  'urn:ietf:params:netconf:capability:confirmed-commit:1.1',
  'urn:ietf:params:netconf:capability:validate:1.1',
  'urn:ietf:params:netconf:capability:rollback-on-error:1.0',
  `urn:ietf:params:netconf:capability:yang-library:1.1?revision=2019-01-04&amp;content-id=${CONTENT_ID}`,
];

export interface LibyangNetconfServer {
  port: number;
  /** The fingerprint of its SSH host key (pin it: monitoring refuses an unpinned key). */
  hostKeyFingerprint: string;
  username: string;
  password: string;
  running(): string;
  /** ONUs the PONs see (serials), configured by a v-ANI or not. */
  present: PresentOnu[];
  /** Back to the infrastructure only (running and candidate), locks released. */
  reset(): void;
  /** The next `n` edit-configs fail with operation-failed. */
  failNextEdits(n: number): void;
  commits: number;
  close(): Promise<void>;
}

const clone = (n: XNode): XNode => structuredClone(n);
const rpcError = (tag: string, msg: string, path?: string) =>
  `<rpc-error><error-type>application</error-type><error-tag>${tag}</error-tag><error-severity>error</error-severity>` +
  (path ? `<error-path>${path.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</error-path>` : '') +
  `<error-message xml:lang="en">${msg.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</error-message></rpc-error>`;

export async function startLibyangNetconf(
  ctx: BbfYang,
  opts: { infrastructure: string; library?: string },
): Promise<LibyangNetconfServer> {
  const applier = new XmlEditApplier(
    await schemaKeys(ctx, [
      'ietf-interfaces',
      'bbf-xpongemtcont',
      'bbf-l2-forwarding',
      'bbf-mgmd',
      'bbf-qos-policies',
      'bbf-qos-classifiers',
      'bbf-qos-policing',
      'bbf-link-table',
      'bbf-subscriber-profiles',
      'bbf-l2-dhcpv4-relay',
      'bbf-pppoe-intermediate-agent',
    ]),
  );
  const library =
    opts.library ?? readFileSync(`${BBF_FIXTURES}/yang-library.xml`, 'utf8').replace(/^<\?xml[^>]*>/, '');
  let running = scanXml(`<data>${opts.infrastructure}</data>`);
  let candidate = clone(running);
  let locks: Record<string, number | undefined> = {};
  let confirm: { backup: XNode; timer: NodeJS.Timeout } | undefined;
  let failEdits = 0;
  let nextSession = 1;
  const inner = (t: XNode) => t.children.map((c) => toXml(c)).join('');
  const credentials = { username: 'ponctl', password: 'libyang' };
  const state: LibyangNetconfServer = {
    port: 0,
    hostKeyFingerprint: '',
    ...credentials,
    running: () => inner(running),
    present: [],
    failNextEdits: (n) => (failEdits = n),
    reset: () => {
      if (confirm) clearTimeout(confirm.timer);
      confirm = undefined;
      running = scanXml(`<data>${opts.infrastructure}</data>`);
      candidate = clone(running);
      locks = {};
    },
    commits: 0,
    close: async () => {
      if (confirm) clearTimeout(confirm.timer);
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
  const validate = async (t: XNode) => (await validateConfig(ctx, inner(t), `ds-${Date.now()}.xml`)).errors;

  async function handle(sid: number, rpc: XNode): Promise<string> {
    const op = rpc.children[0];
    const ds = (n: XNode | undefined) => n?.children[0]?.name;
    const sub = (name: string) => op.children.find((c) => c.name === name);
    switch (op?.name) {
      case 'get-config': {
        const t = ds(sub('source')) === 'candidate' ? candidate : running;
        const f = sub('filter');
        return `<data>${
          f
            ? applySubtreeFilter(t, f)
                .map((c) => toXml(c))
                .join('')
            : inner(t)
        }</data>`;
      }
      case 'get':
      case 'get-data': {
        const all = scanXml(`<data>${library}${onuStateXml(running, state.present)}${inner(running)}</data>`);
        const f = sub('filter') ?? sub('subtree-filter');
        return `<data>${
          f
            ? applySubtreeFilter(all, f)
                .map((c) => toXml(c))
                .join('')
            : inner(all)
        }</data>`;
      }
      case 'lock':
      case 'unlock': {
        const target = ds(sub('target'))!;
        if (op.name === 'lock' && locks[target] !== undefined && locks[target] !== sid)
          return rpcError('lock-denied', `held by ${locks[target]}`);
        locks = { ...locks, [target]: op.name === 'lock' ? sid : undefined };
        return '<ok/>';
      }
      case 'discard-changes':
        candidate = clone(running);
        return '<ok/>';
      case 'edit-config': {
        if (failEdits > 0) {
          failEdits--;
          return rpcError('operation-failed', 'injected failure');
        }
        try {
          applier.apply(candidate, sub('config')!);
          return '<ok/>';
        } catch (e) {
          if (e instanceof EditError) return rpcError(e.tag, e.message, e.path);
          throw e;
        }
      }
      case 'validate':
      case 'commit': {
        if (op.name === 'commit' && confirm && !sub('confirmed')) {
          clearTimeout(confirm.timer);
          confirm = undefined;
          if (toXml(candidate) === toXml(running)) return '<ok/>';
        }
        const errs = await validate(candidate);
        if (errs.length) return rpcError('operation-failed', errs[0]);
        if (op.name === 'validate') return '<ok/>';
        if (sub('confirmed')) {
          const backup = confirm?.backup ?? clone(running);
          if (confirm) clearTimeout(confirm.timer);
          const secs = Number(sub('confirm-timeout')?.text ?? 600);
          confirm = {
            backup,
            timer: setTimeout(() => {
              running = backup;
              candidate = clone(backup);
              confirm = undefined;
            }, secs * 1000),
          };
        }
        running = clone(candidate);
        state.commits++;
        return '<ok/>';
      }
      case 'cancel-commit':
        if (!confirm) return rpcError('operation-failed', 'no confirmed commit pending');
        clearTimeout(confirm.timer);
        running = confirm.backup;
        candidate = clone(running);
        confirm = undefined;
        return '<ok/>';
      case 'close-session':
        return '<ok/>';
      default:
        return rpcError('operation-not-supported', `${op?.name ?? '?'} not supported`);
    }
  }

  function serve(stream: Duplex, sid: number): void {
    let mode: FramingMode = 'eom';
    const dec = new FrameDecoder('eom');
    let helloSeen = false;
    let queue = Promise.resolve();
    const send = (xml: string) => stream.write(encodeFrame(xml, mode));
    send(
      `<?xml version="1.0" encoding="UTF-8"?><hello xmlns="${NC}"><capabilities>` +
        CAPS.map((c) => `<capability>${c}</capability>`).join('') +
        `</capabilities><session-id>${sid}</session-id></hello>`,
    );
    const release = () => {
      for (const k of Object.keys(locks)) if (locks[k] === sid) locks = { ...locks, [k]: undefined };
    };
    stream.on('close', release);
    stream.on('data', (d: Buffer) => {
      dec.push(d);
      for (let m = dec.next(); m !== undefined; m = dec.next()) {
        const msg = scanXml(m.replace(/^<\?xml[^>]*>/, ''));
        if (!helloSeen) {
          helloSeen = true;
          if (m.includes('urn:ietf:params:netconf:base:1.1')) mode = dec.mode = 'chunked';
          continue;
        }
        const id = msg.attrs.find((a) => a.name === 'message-id')?.value ?? '';
        queue = queue.then(async () => {
          const body = await handle(sid, msg).catch((e: Error) => rpcError('operation-failed', e.message));
          send(`<rpc-reply xmlns="${NC}" message-id="${id}">${body}</rpc-reply>`);
          if (msg.children[0]?.name === 'close-session') stream.end();
        });
      }
    });
  }

  const key = newHostKey();
  state.hostKeyFingerprint = hostKeyFingerprintOf(key);
  const server = new ssh2.Server({ hostKeys: [key] }, (client) => {
    client.on('error', () => undefined);
    client.on('authentication', (c) =>
      c.method === 'password' && c.username === credentials.username && c.password === credentials.password
        ? c.accept()
        : c.reject(['password']),
    );
    client.on('ready', () =>
      client.on('session', (accept) =>
        accept().on('subsystem', (acc, rej, info) =>
          info.name === 'netconf' ? serve(acc(), nextSession++) : rej(),
        ),
      ),
    );
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  state.port = (server.address() as AddressInfo).port;
  return state;
}
