/**
 * Every list of the API is paginated the same way (design §4: "Lists take `limit` and `cursor` and
 * return `next`"; application/pagination.ts for how the pages are cut). A list route:
 *
 *   querystring: pageQuery({ status: Type.Optional(...) }),          // its filters + limit + cursor
 *   response: { 200: pageResponse('orders', OrderView, 'Orders …') },  // { orders: [...], next? }
 *   handler: async (req) => sendPage('orders', await services.x.page(p, req.query)),
 *
 * The array keeps the list's own name (`orders`, `alarms`, …: fixed since issue 3); `next` is absent
 * on the last page. A client follows `next` until it is absent:
 *   GET /v1/orders?limit=100 → { orders, next: "WyIy…" } → GET /v1/orders?limit=100&cursor=WyIy… → …
 */
import { Type, type TArray, type TOptional, type TProperties, type TSchema, type TString } from 'typebox';
import { DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT, type Page } from '../../../application/pagination.ts';

export interface PageQueryOptions {
  defaultLimit?: number;
  maxLimit?: number;
}

/** `limit` and `cursor`, with the list's sizes in their descriptions (OpenAPI). */
export function pageParams(o: PageQueryOptions = {}) {
  const max = o.maxLimit ?? MAX_PAGE_LIMIT;
  const def = o.defaultLimit ?? DEFAULT_PAGE_LIMIT;
  return {
    limit: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: max,
        description: `Page size (1–${max}; default ${def})`,
        examples: [Math.min(def, 50)],
      }),
    ),
    cursor: Type.Optional(
      Type.String({
        maxLength: 1024,
        pattern: '^[A-Za-z0-9_-]*$',
        description: 'Opaque cursor: the `next` of the previous page',
      }),
    ),
  };
}

/** A list's query string: its own filters plus `limit` and `cursor`. */
export function pageQuery<P extends TProperties>(filters: P, o: PageQueryOptions = {}) {
  return Type.Object({ ...filters, ...pageParams(o) });
}

/** A page as the API answers it: `{ <name>: [items], next? }`. */
export function pageResponse<N extends string, T extends TSchema>(name: N, item: T, description: string) {
  const props = {
    [name]: Type.Array(item),
    next: Type.Optional(
      Type.String({ description: 'Cursor of the next page; absent on the last page (pass as `cursor`)' }),
    ),
  } as { [K in N]: TArray<T> } & { next: TOptional<TString> };
  return Type.Object(props, { description });
}

/** The response body of a page. */
export function sendPage<N extends string, T>(name: N, page: Page<T>): { [K in N]: T[] } & { next?: string } {
  return { [name]: page.items, ...(page.next ? { next: page.next } : {}) } as { [K in N]: T[] } & {
    next?: string;
  };
}
