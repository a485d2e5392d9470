/**
 * An SP's own ONT stock (spec §7; issue 14 §7 `GET /v1/stock`): the serials it drew from the network
 * owner's warehouse and what became of each (in stock, reserved by an order, installed, to be
 * returned, returned, charged). An SP sees only its own; the operator one SP's with `sp`.
 */
import type { StockRecord, StockState, Store } from '../ports/store/index.ts';
import { DomainError } from '../../domain/errors.ts';
import type { Principal } from '../access/principal.ts';
import { decodeCursor, pageLimit, toPage, type Page, type PageRequest } from '../pagination.ts';

export interface StockView {
  serial: string;
  state: StockState;
  adapterId?: string;
  updatedAt: string;
}

export class StockService {
  constructor(private readonly store: Store) {}

  async list(
    p: Principal,
    q: PageRequest & { sp?: string; state?: StockState } = {},
  ): Promise<Page<StockView>> {
    const spId = p.role === 'sp' ? p.spId : q.sp;
    if (!spId) throw new DomainError('SP_REQUIRED', 'the stock is per SP: give sp=ID', 'sp');
    const limit = pageLimit(q, { defaultLimit: 100, maxLimit: 1000 });
    const after = decodeCursor(q.cursor, 1) as [string] | undefined;
    const rows = await this.store.stock.listBySp(spId, q.state, { after, limit: limit + 1 });
    const page = toPage(rows, limit, (r: StockRecord) => [r.serial]);
    return {
      items: page.items.map((r) => ({
        serial: r.serial,
        state: r.state,
        ...(r.adapterId ? { adapterId: r.adapterId } : {}),
        updatedAt: r.updatedAt,
      })),
      ...(page.next ? { next: page.next } : {}),
    };
  }
}
