/** `Idempotency-Key` records of POST /v1/orders (design §4): per SP, key → body hash + order. */

export interface IdempotencyRecord {
  spId: string;
  key: string;
  bodyHash: string;
  orderId: string;
  createdAt: string;
}

export interface IdempotencyRepository {
  get(spId: string, key: string): Promise<IdempotencyRecord | undefined>;

  /** Records the key; false when the key was already taken (a concurrent request won). */
  put(rec: IdempotencyRecord): Promise<boolean>;
}
