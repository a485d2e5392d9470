/** Schemas shared by several routes (TypeBox → JSON Schema: validation, serialisation, OpenAPI). */
import { Type } from 'typebox';

export const ErrorResponse = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: 'Reason code (design §4)' }),
      message: Type.String(),
      field: Type.Optional(Type.String({ description: 'The field to fix, e.g. address.street' })),
    }),
  },
  { $id: 'ErrorResponse' },
);

export const errorResponses = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((s) => [s, ErrorResponse]));

/** A calendar date: the pattern keeps the shape, `format: date` (RFC 3339 full-date) the month and day real. */
export const LocalDateString = Type.String({
  pattern: '^\\d{4}-\\d{2}-\\d{2}$',
  format: 'date',
  description: 'YYYY-MM-DD',
  examples: ['2026-03-10'],
});

/** `:id` of a resource (order, alarm, incident, fault ticket, webhook, OLT). */
export const IdParams = Type.Object({ id: Type.String({ maxLength: 100 }) });

/** `:adapterId` of an access (spec §2 AdapterID). */
export const AdapterIdParams = Type.Object({ adapterId: Type.String({ maxLength: 100 }) });
