/**
 * The controller's clock (design §3): every rule that depends on "today" reads it, never `Date.now()`
 * directly, so labs, tests and replays can start the controller at any instant (`PONCTL_CLOCK`).
 */
export interface Clock {
  now(): Date;
}
