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

export const LocalDateString = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' });

/** `:id` of a resource (order, alarm, incident, fault ticket, webhook, OLT). */
export const IdParams = Type.Object({ id: Type.String({ maxLength: 100 }) });

/** `:adapterId` of an access (spec §2 AdapterID). */
export const AdapterIdParams = Type.Object({ adapterId: Type.String({ maxLength: 100 }) });
