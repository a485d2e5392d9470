/**
 * Field work done at once (design §3: "the lab treats field work (technician visits) as done at
 * once"): a stand-in for the technician that makes the ordered ONT physically present at its port,
 * so the simulated ONT ranges with that serial. Against real networks there is none: a technician's
 * completion is recorded through the API (`POST /v1/orders/:id/field-work`).
 */
/** The stand-in for a technician: makes the ONT physically present at the position. */
export interface FieldWorkStandIn {
  /** Installs (or finds) the ONT at the position; returns the serial that now ranges there. */
  installOnt(at: { olt: string; pon: string; onuId: number; serial?: string }): Promise<string>;
  /** Many at once (one visit round for a run of orders); same order as given. */
  installOnts?(list: { olt: string; pon: string; onuId: number; serial?: string }[]): Promise<string[]>;
}
