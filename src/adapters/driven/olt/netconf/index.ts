/**
 * The NETCONF driver's public surface. Layers, bottom up (style.md, ncclient):
 * framing.ts (RFC 6242) → transport.ts (ssh2, hello) → session.ts (RPCs, message-ids) →
 * operations.ts (RFC 6241 operations, capability checks) → device-hooks.ts (quirks as data) →
 * netconf-driver.ts (OltDriver in the Broadband Forum models, bbf/: codec, YANG library, ONU state).
 */
export { NetconfOltDriver, type NetconfDriverOptions, type NetconfDeviceProfile } from './netconf-driver.ts';
export { NetconfSession, type SessionOptions, type RpcOptions } from './session.ts';
export {
  NetconfOperations,
  type Datastore,
  type Filter,
  type EditConfigOptions,
  type CommitOptions,
} from './operations.ts';
export {
  resolveHooks,
  DEFAULT_HOOKS,
  YUMA123_HOOKS,
  HOOKS_BY_NAME,
  type NetconfDeviceHooks,
} from './device-hooks.ts';
export {
  FrameDecoder,
  encodeFrame,
  FramingError,
  type FramingMode,
} from '../../../../protocols/netconf/framing.ts';
export type { RpcReply } from './rpc-reply.ts';
