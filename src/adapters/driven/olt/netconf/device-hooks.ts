/**
 * Device quirks as data plus small hooks (ncclient `devices/default.py`; style.md: "a vendor quirk
 * is a hook in a device profile, never a copied subclass"). The NETCONF driver asks these, never
 * `if (vendor === …)`. A device profile names its hooks (`netconf.hooks`) and may override fields
 * (`netconf.*`); without a name they are chosen from what the hello announces.
 */
import { ConnectionError } from '../../../../application/ports/olt-driver/errors.ts';

export interface NetconfDeviceHooks {
  name: string;
  /** Edit the candidate datastore and commit (when :candidate is announced); else edit running. */
  useCandidate: boolean;
  /**
   * How the candidate is validated before commit:
   * `rpc` = a `<validate>` RPC; `test-option` = `<test-option>test-then-set</test-option>` on each
   * edit-config; `commit` = rely on the commit's own validation (RFC 6241 §8.3.4.1).
   */
  validate: 'rpc' | 'test-option' | 'commit';
  /** Use a confirmed commit (when announced) so the device reverts by itself if we vanish mid-apply. */
  confirmedCommit: boolean;
  /** Lock running as well as candidate during apply (RFC 6241 §8.3.5.1 recommends it). */
  lockRunning: boolean;
  /** Changes per edit-config; a large batch becomes several pipelined edit-configs. */
  maxChangesPerEdit: number;
}

export const DEFAULT_HOOKS: NetconfDeviceHooks = {
  name: 'default',
  useCandidate: true,
  validate: 'rpc',
  confirmedCommit: true,
  lockRunning: true,
  maxChangesPerEdit: 5000,
};

/**
 * yuma123 `netconfd` (Debian 2.13): a `<validate>` of the candidate leaves the following `<commit>`
 * a no-op (running unchanged, reply `<ok/>`; found by our interop test) — so validate with the
 * edit's test-option, and let the commit validate again.
 */
export const YUMA123_HOOKS: NetconfDeviceHooks = {
  ...DEFAULT_HOOKS,
  name: 'yuma123',
  validate: 'test-option',
};

export const HOOKS_BY_NAME: Readonly<Record<string, NetconfDeviceHooks>> = {
  default: DEFAULT_HOOKS,
  yuma123: YUMA123_HOOKS,
};

/** Hooks for a device: by name from the profile, else recognised from the hello, then profile overrides. */
export function resolveHooks(opts: {
  name?: string;
  capabilities?: readonly string[];
  overrides?: Partial<NetconfDeviceHooks>;
}): NetconfDeviceHooks {
  let base = opts.name ? HOOKS_BY_NAME[opts.name] : undefined;
  if (opts.name && !base)
    // the device profile names hooks this build does not have: the driver cannot speak to the device
    throw new ConnectionError(
      `unknown NETCONF device hooks '${opts.name}' (known: ${Object.keys(HOOKS_BY_NAME).join(', ')})`,
    );
  if (!base)
    base = opts.capabilities?.some((c) => c.startsWith('http://yuma123.org/ns/'))
      ? YUMA123_HOOKS
      : DEFAULT_HOOKS;
  return { ...base, ...opts.overrides };
}
