/**
 * Secrets sealed at rest (issue 14 item 3, issue 17 item 7; design §6 "credentials sealed at rest,
 * never logged"): device credentials and webhook signing secrets are stored only sealed; the
 * application seals before it writes and opens where it uses one (a device login, an HMAC).
 */

export interface SecretBox {
  /** Id of the key new values are sealed with (a digest prefix, never the key). */
  readonly keyId: string;
  /** Seals a secret under the current key. */
  seal(plain: string): string;
  /**
   * Opens a sealed value (under the current key or one it replaced). A value that was never sealed
   * (written before sealing existed) is returned as is; `ponctl secrets rotate` seals those.
   * Throws SecretBoxError when the value is sealed under a key this box does not hold, or altered.
   */
  open(value: string): string;
  /** Is this value sealed (under any key)? */
  isSealed(value: string): boolean;
  /** Is this value sealed under the current key? */
  isCurrent(value: string): boolean;
}

export class SecretBoxError extends Error {
  readonly code = 'secret-box' as const;
  constructor(message: string) {
    super(message);
    this.name = 'SecretBoxError';
  }
}
