/**
 * The OLT registry of a real network (issue 14 items 1–2): an operator registers, edits and removes
 * OLTs; their device secrets are sealed before they reach the store (ports/secret-box.ts) and never
 * leave it in a view; their SSH host keys are pinned — first contact records the presented key as
 * pending and nothing is read or written until an operator trusts it, a changed key stops every
 * session (ssh-connect.ts refuses it before credentials are sent) and raises a critical alarm until
 * an operator trusts the new one.
 */
import { DomainError } from '../../domain/errors.ts';
import type { AlarmType, Severity } from '../../domain/monitoring/alarms.ts';
import { requireOperator, type Principal } from '../access/principal.ts';
import type { Clock } from '../ports/clock.ts';
import type { DeviceCatalogue } from '../ports/device-catalogue.ts';
import type { OltProbe, OltProbeReport } from '../ports/olt-probe.ts';
import type { SecretBox } from '../ports/secret-box.ts';
import type { OltRecord, OltRegistration, OltSecrets, Store } from '../ports/store/index.ts';
import type { OltTarget } from '../ports/telemetry.ts';
import { monitoringTargetOf, oltView, type OltInput, type OltRegistryView } from './olt-views.ts';

export interface OltRegistryDeps {
  store: Store;
  clock: Clock;
  devices: DeviceCatalogue;
  secrets: SecretBox;
  probe?: OltProbe;
  /** Drops the OLT's open session (its registration or trust changed). */
  dropSession?(olt: string): Promise<void>;
  /** Raises or clears an OLT alarm (the monitoring service: alarms API, NOC). */
  alarm?(
    olt: string,
    type: AlarmType,
    s: { severity: Severity; text: string } | { clear: string },
  ): Promise<void>;
  /** Monitoring follows the registry (optional: not every composition monitors). */
  watch?(t: OltTarget): Promise<void>;
  unwatch?(name: string): Promise<void>;
}

const FINGERPRINT = /^SHA256:[A-Za-z0-9+/]{43}$/;
/** Accesses that still carry a subscriber's service (spec §3: not ended). */
const LIVE = new Set(['pending', 'active', 'temporarily-disconnected']);

const bad = (message: string, field?: string) => new DomainError('INVALID_REQUEST', message, field);

export class OltRegistry {
  constructor(protected readonly d: OltRegistryDeps) {}

  private now(): string {
    return this.d.clock.now().toISOString();
  }

  private async record(name: string): Promise<OltRecord> {
    const o = await this.d.store.olts.get(name);
    if (!o) throw new DomainError('NOT_FOUND', `OLT ${name} not found`);
    return o;
  }

  private checkProfile(profile: string): void {
    if (!this.d.devices.profile(profile)) throw bad(`no device profile ${profile}`, 'profile');
  }

  /** Sealed secrets from the input (undefined: none given). Merged over the stored ones on edit. */
  private seal(input: OltInput['credentials'], old?: OltSecrets): string | undefined {
    if (!input) return undefined;
    const s: OltSecrets = {
      ...(old ?? {}),
      ...(input.ssh ? { ssh: { ...old?.ssh, ...input.ssh } } : {}),
      ...(input.snmp ? { snmp: { ...old?.snmp, ...input.snmp } } : {}),
    };
    return this.d.secrets.seal(JSON.stringify(s));
  }

  private opened(o: OltRecord): OltSecrets {
    return o.secrets ? (JSON.parse(this.d.secrets.open(o.secrets)) as OltSecrets) : {};
  }

  async list(p: Principal): Promise<OltRegistryView[]> {
    requireOperator(p, 'GET /v1/olts');
    return (await this.d.store.olts.list()).map((o) => oltView(o, this.opened(o), this.d.devices));
  }

  async get(p: Principal, name: string): Promise<OltRegistryView> {
    requireOperator(p, `OLT ${name}`);
    const o = await this.record(name);
    return oltView(o, this.opened(o), this.d.devices);
  }

  /** POST /v1/olts: `detect` asks the OLT which profile it is before registering it. */
  async add(
    p: Principal,
    input: OltInput & { detect?: boolean },
  ): Promise<OltRegistryView & { detected?: OltProbeReport }> {
    requireOperator(p, 'POST /v1/olts');
    if (input.hostKey && !FINGERPRINT.test(input.hostKey))
      throw bad('hostKey must be an OpenSSH SHA256 fingerprint (SHA256:…, 43 base64 characters)', 'hostKey');
    if (!input.credentials?.ssh)
      throw bad('credentials.ssh (username and password or key) are required', 'credentials');
    let profile = input.profile;
    let detected: OltProbeReport | undefined;
    if (input.detect || !profile) {
      if (!this.d.probe) throw bad('detection is not available here; give the profile', 'profile');
      // a probe of the unregistered OLT: its host key is not trusted yet unless given, so only what
      // comes before authentication (and SNMP) is read without it
      detected = await this.d.probe(this.draft(input, profile ?? 'bbf-tr385'));
      profile = detected.detectedProfile ?? profile;
      if (!profile) throw bad('the OLT could not be identified; give the profile', 'profile');
    }
    this.checkProfile(profile);
    const reg: OltRegistration = { ...this.registration(input), profile };
    const at = this.now();
    if (!(await this.d.store.olts.add(reg, at)))
      throw new DomainError('OLT_EXISTS', `an OLT named ${input.name} is registered`, 'name');
    const o = await this.record(input.name);
    await this.follow(o);
    return { ...oltView(o, this.opened(o), this.d.devices), ...(detected ? { detected } : {}) };
  }

  private registration(input: OltInput): OltRegistration {
    return {
      name: input.name,
      profile: input.profile ?? '',
      host: input.host,
      ports: input.ports,
      protocol: input.protocol,
      credentialsRef: `olt:${input.name}`,
      site: input.site,
      secrets: this.seal(input.credentials),
      snmp: input.snmp,
      poll: input.poll,
      maintenance: input.maintenance ?? false,
      hostKey: input.hostKey,
    };
  }

  /** An unsaved record, for probing an OLT before it is registered. */
  private draft(input: OltInput, profile: string): OltRecord {
    const r = this.registration(input);
    return {
      ...r,
      profile,
      hostKey: { pinned: input.hostKey },
      needsReconciliation: false,
      updatedAt: this.now(),
    };
  }

  /** PATCH /v1/olts/:id: what is given changes; credentials are merged (a password alone keeps the user). */
  async edit(p: Principal, name: string, patch: Partial<Omit<OltInput, 'name'>>): Promise<OltRegistryView> {
    requireOperator(p, `OLT ${name}`);
    const old = await this.record(name);
    if (patch.profile !== undefined) this.checkProfile(patch.profile);
    if (patch.hostKey !== undefined && !FINGERPRINT.test(patch.hostKey))
      throw bad('hostKey must be an OpenSSH SHA256 fingerprint', 'hostKey');
    await this.d.store.olts.edit(
      name,
      {
        profile: patch.profile,
        host: patch.host,
        ports: patch.ports,
        protocol: patch.protocol,
        site: patch.site,
        snmp: patch.snmp,
        poll: patch.poll,
        maintenance: patch.maintenance,
        secrets: this.seal(patch.credentials, this.opened(old)),
      },
      this.now(),
    );
    if (patch.hostKey !== undefined) await this.pin(name, patch.hostKey, old);
    await this.d.dropSession?.(name);
    const o = await this.record(name);
    await this.follow(o);
    return oltView(o, this.opened(o), this.d.devices);
  }

  /** Monitoring follows the registry: an OLT with an SNMP port is watched, others are not. */
  private async follow(o: OltRecord): Promise<void> {
    const t = monitoringTargetOf(o, this.opened(o));
    if (t) await this.d.watch?.(t);
    else await this.d.unwatch?.(o.name);
  }

  /** DELETE /v1/olts/:id: refused while an access on it still carries a subscriber's service. */
  async remove(p: Principal, name: string): Promise<void> {
    requireOperator(p, `OLT ${name}`);
    await this.record(name);
    const live = (await this.d.store.accesses.list({ olt: name })).filter((a) => LIVE.has(a.state));
    if (live.length)
      throw new DomainError(
        'OLT_HAS_SUBSCRIBERS',
        `OLT ${name} carries ${live.length} subscriber access${live.length === 1 ? '' : 'es'} (e.g. ${live[0].adapterId}); move or end them first`,
        undefined,
        { accesses: live.length },
      );
    await this.d.unwatch?.(name);
    await this.d.dropSession?.(name);
    await this.d.store.olts.remove(name);
  }

  /** `ponctl olt test`: connect over each registered protocol; nothing is written. */
  async test(p: Principal, name: string): Promise<OltProbeReport> {
    requireOperator(p, `OLT ${name}`);
    if (!this.d.probe) throw bad('probing is not available here');
    return this.d.probe(await this.record(name));
  }

  /**
   * `ponctl olt trust NAME [--host-key FP]`: pin the key the OLT presented (or the one given). A
   * changed key that is trusted clears the alarm and flags the OLT for reconciliation (it may be
   * another device now: the next pass reads it before writing).
   */
  async trust(p: Principal, name: string, fingerprint?: string): Promise<OltRegistryView> {
    requireOperator(p, `OLT ${name}`);
    const old = await this.record(name);
    const fp = fingerprint ?? old.hostKey.presented;
    if (!fp)
      throw new DomainError(
        'INVALID_STATE',
        `OLT ${name} has presented no host key to trust yet (ponctl olt test ${name})`,
      );
    if (!FINGERPRINT.test(fp)) throw bad('hostKey must be an OpenSSH SHA256 fingerprint', 'hostKey');
    await this.pin(name, fp, old);
    await this.d.dropSession?.(name);
    const o = await this.record(name);
    return oltView(o, this.opened(o), this.d.devices);
  }

  private async pin(name: string, fp: string, old: OltRecord): Promise<void> {
    const at = this.now();
    await this.d.store.olts.setHostKey(name, { pinned: fp }, at);
    if (old.hostKey.pinned && old.hostKey.pinned !== fp) {
      await this.d.store.olts.setNeedsReconciliation(
        name,
        'SSH host key changed and trusted: read the device before writing',
        at,
      );
      await this.d.alarm?.(name, 'olt-host-key-changed', { clear: `host key ${fp} trusted by an operator` });
    }
  }

  /** The driver factory heard a refused host key: pending on first contact, an alarm when it changed. */
  async hostKeyPresented(name: string, fingerprint: string, pinned: string | undefined): Promise<void> {
    const o = await this.d.store.olts.get(name);
    if (!o || o.hostKey.pinned === fingerprint) return;
    if (o.hostKey.presented !== fingerprint)
      await this.d.store.olts.setHostKey(name, { presented: fingerprint }, this.now());
    if (pinned)
      await this.d.alarm?.(name, 'olt-host-key-changed', {
        severity: 'critical',
        text: `SSH host key changed: presented ${fingerprint}, pinned ${pinned}; writes stopped until an operator trusts it (ponctl olt trust ${name})`,
      });
  }
}
