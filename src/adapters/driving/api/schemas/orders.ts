/**
 * OpenAPI description of the order body and the order views (design §4). The body is checked by
 * the domain's `parseOrder` (it returns the contract's reason codes, e.g. RATE_NOT_IN_CATALOGUE),
 * so this schema documents it and is not used to reject requests.
 */
import { Type } from 'typebox';
import { INTERNET_RATES, IPTV_RATES, VOIP_RATES } from '../../../../domain/catalogue/catalogue.ts';
import {
  BSNA_CATEGORIES,
  BSND_CATEGORIES,
  ORDER_STATES,
  SBSN_CATEGORIES,
} from '../../../../domain/orders/types.ts';
import { LocalDateString } from '../schemas.ts';

const lit = <T extends readonly (string | number)[]>(xs: T) => Type.Union(xs.map((x) => Type.Literal(x)));

export const Address = Type.Object({
  street: Type.String(),
  number: Type.String(),
  city: Type.String(),
  county: Type.String(),
  flat: Type.Optional(Type.String()),
  floor: Type.Optional(Type.String()),
});

export const Services = Type.Object({
  internet: Type.Optional(lit(INTERNET_RATES)),
  iptv: Type.Optional(lit(IPTV_RATES)),
  voip: Type.Optional(lit(VOIP_RATES)),
  management: Type.Optional(Type.Boolean()),
});

export const OrderBody = Type.Object(
  {
    form: lit(['BSNA', 'BSND', 'SBSN'] as const),
    reference: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 100,
        description:
          "The SP's own reference (CRM id): echoed in every webhook about the order, order.rejected included",
      }),
    ),
    category: lit([...BSNA_CATEGORIES, ...BSND_CATEGORIES, ...SBSN_CATEGORIES] as const),
    requestedDate: Type.Optional(LocalDateString),
    adapterId: Type.Optional(Type.String({ description: 'Orders on an existing access' })),
    address: Type.Optional(Address),
    contact: Type.Optional(
      Type.Object({ name: Type.String(), phone: Type.String(), email: Type.Optional(Type.String()) }),
    ),
    ownerInstallsHome: Type.Optional(Type.Boolean()),
    ontSerial: Type.Optional(Type.String({ description: 'Only when the SP installs the ONT' })),
    newOntSerial: Type.Optional(Type.String({ description: 'SBSN ont-replacement' })),
    accessLevel: Type.Optional(lit(['national', 'regional', 'olt'] as const)),
    services: Type.Optional(Services),
    forced: Type.Optional(
      Type.Boolean({ description: 'Take the port over from active services (port unblocking)' }),
    ),
    technology: Type.Optional(lit(['gpon', 'xgs-pon'] as const)),
    technologyChange: Type.Optional(Type.Boolean()),
    porting: Type.Optional(Type.Object({ cabpId: Type.String(), window: Type.Optional(Type.String()) })),
    description: Type.Optional(Type.String()),
    measurements: Type.Optional(Type.String()),
  },
  { additionalProperties: true, description: 'BSNA / BSND / SBSN order (design §4)' },
);

export const OrderAccepted = Type.Object({
  id: Type.String(),
  status: Type.String({ description: ORDER_STATES.join(' | ') }),
  adapterId: Type.Optional(Type.String()),
  plannedDate: Type.Optional(LocalDateString),
  deadline: Type.Optional(LocalDateString),
});

const HistoryEntry = Type.Object({
  at: Type.String(),
  from: Type.Optional(Type.String()),
  status: Type.String(),
  reason: Type.String(),
  details: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
});

/** Provisioning's failures in a row (issue 17 item 1): what the NOC and `ponctl orders` show. */
export const ProvisioningAttemptsView = Type.Object(
  {
    attempts: Type.Integer({ description: 'Attempts failed in a row' }),
    lastError: Type.String({ description: '`code: message` of the last failure' }),
    lastAttemptAt: Type.String({ description: 'When the last attempt failed' }),
    failingSince: Type.Optional(Type.String({ description: 'When the first of these failures happened' })),
    olt: Type.Optional(Type.String({ description: 'The OLT the last attempt was made on' })),
    nextAttemptAt: Type.Optional(Type.String({ description: 'A retried order: when it is tried again' })),
    giveUpAt: Type.Optional(
      Type.String({ description: "When retrying stops: the deadline's end (or the minimum retry window)" }),
    ),
    failedBecause: Type.Optional(
      Type.Union([Type.Literal('permanent'), Type.Literal('deadline-passed')], {
        description:
          'A failed order: the order cannot be carried out (permanent) or its deadline passed while the device kept failing',
      }),
    ),
  },
  {
    description: 'Present once provisioning failed at least once since the last success or retry',
    examples: [
      {
        attempts: 6,
        lastError: 'connect-timeout: olt-1: connection timed out',
        lastAttemptAt: '2026-03-02T08:01:02.000Z',
        failingSince: '2026-03-02T08:00:00.000Z',
        olt: 'olt-1',
        nextAttemptAt: '2026-03-02T08:02:06.000Z',
        giveUpAt: '2026-03-17T23:00:00.000Z',
      },
    ],
  },
);

export const OrderView = Type.Object({
  id: Type.String(),
  sp: Type.String(),
  form: Type.String(),
  category: Type.String(),
  status: Type.String(),
  adapterId: Type.Optional(Type.String()),
  plannedDate: Type.Optional(Type.String()),
  deadline: Type.Optional(Type.String()),
  receivedAt: Type.String(),
  fee: Type.Optional(Type.Object({ cents: Type.Integer(), eur: Type.Number() })),
  order: Type.Unknown({ description: 'The order as parsed' }),
  provisioning: Type.Optional(ProvisioningAttemptsView),
  history: Type.Optional(Type.Array(HistoryEntry)),
});
