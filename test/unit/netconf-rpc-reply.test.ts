/** Reading `<rpc-reply>` (rpc-reply.ts): `<ok/>` and `<rpc-error>` are the reply's own children, not data. */
import { describe, expect, it } from 'vitest';
import { parseRpcReply, replyDataXml } from '../../src/adapters/driven/olt/netconf/rpc-reply.ts';

const NC = 'urn:ietf:params:xml:ns:netconf:base:1.0';

describe('parseRpcReply', () => {
  it('reads <ok/> of the reply, prefixed or not', () => {
    expect(parseRpcReply(`<rpc-reply xmlns="${NC}" message-id="7"><ok/></rpc-reply>`)).toMatchObject({
      messageId: '7',
      ok: true,
      errors: [],
    });
    expect(
      parseRpcReply(`<nc:rpc-reply xmlns:nc="${NC}" message-id="8"><nc:ok></nc:ok></nc:rpc-reply>`).ok,
    ).toBe(true);
  });

  it('does not take an element named ok or rpc-error inside <data> for the reply’s own', () => {
    const inner = '<x xmlns="urn:x"><ok/><rpc-error>model data</rpc-error></x>';
    const raw = `<rpc-reply xmlns="${NC}" message-id="9"><data>${inner}</data></rpc-reply>`;
    const r = parseRpcReply(raw);
    expect([r.ok, r.errors]).toEqual([false, []]);
    expect(replyDataXml(r.raw)).toBe(inner);
  });

  it('finds rpc-errors beside <data> (warnings come before it, RFC 6241 Appendix B)', () => {
    const raw =
      `<rpc-reply xmlns="${NC}" message-id="10"><rpc-error><error-type>application</error-type>` +
      '<error-tag>operation-failed</error-tag><error-severity>warning</error-severity>' +
      '<error-message>slow</error-message></rpc-error><data><x xmlns="urn:x"/></data></rpc-reply>';
    const r = parseRpcReply(raw);
    expect(r.errors).toEqual([
      { type: 'application', tag: 'operation-failed', severity: 'warning', info: {}, message: 'slow' },
    ]);
    expect(r.ok).toBe(false);
  });
});
