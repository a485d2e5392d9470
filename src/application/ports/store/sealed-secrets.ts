/**
 * Every secret the store holds sealed (issue 14 item 3, issue 17 item 7): OLT credentials and webhook
 * signing secrets. `ponctl secrets rotate` reads them all and writes each back sealed under the new
 * key, in one transaction.
 */

export interface SealedValue {
  kind: 'olt' | 'webhook';
  /** The OLT's name or the webhook endpoint's id. */
  id: string;
  value: string;
}

export interface SealedSecretRepository {
  list(): Promise<SealedValue[]>;
  /** Replaces `from` with `to` (false when the value changed meanwhile). */
  replace(v: SealedValue, to: string): Promise<boolean>;
}
