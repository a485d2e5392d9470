/**
 * A stored activation order (OrderRecord) for tests that write orders straight into a store: the
 * store contract suites, and tests that need an order in a state the API reaches only with time.
 * Every field can be overridden; the input is a valid BSNA activation (spec §4).
 */
import type { OrderRecord } from '../../src/application/ports/store/index.ts';

export const ORDER_T0 = '2026-03-02T08:00:00.000Z';

export function activationRecord(id: string, over: Partial<OrderRecord> = {}): OrderRecord {
  const at = over.receivedAt ?? ORDER_T0;
  return {
    id,
    spId: 'sp-a',
    form: 'BSNA',
    category: 'activation',
    state: 'scheduled',
    receivedAt: at,
    receivedDate: at.slice(0, 10),
    plannedDate: '2026-03-05',
    deadline: '2026-03-10',
    updatedAt: at,
    input: {
      form: 'BSNA',
      category: 'activation',
      address: { street: 'Ilica', number: '1', city: 'Zagreb', county: 'Grad Zagreb' },
      contact: { name: 'A', phone: '1' },
      ownerInstallsHome: true,
      accessLevel: 'national',
      services: { internet: '300/150' },
    },
    ...over,
  };
}
