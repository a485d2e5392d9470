/** Orders (design §4): submit, read with history, list, storno. */
import { Type } from 'typebox';
import { DomainError } from '../../../../domain/errors.ts';
import { ORDER_STATES } from '../../../../domain/orders/types.ts';
import { defineRoutes, principalOf } from '../context.ts';
import { errorResponses, LocalDateString, IdParams } from '../schemas.ts';
import { OrderAccepted, OrderBody, OrderView } from '../schemas/orders.ts';
import { pageQuery, pageResponse, sendPage } from '../pagination.ts';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

/** The error envelope (design §4) with what a status means on this route (OpenAPI response description). */
const errorMeaning = (description: string) =>
  Type.Object(
    {
      error: Type.Object({
        code: Type.String({ description: 'Reason code (design §4)' }),
        message: Type.String(),
        field: Type.Optional(Type.String()),
      }),
    },
    { description },
  );

export default defineRoutes(async (app, { services }) => {
  app.post(
    '/v1/orders',
    {
      schema: {
        summary: 'Submit a BSNA / BSND / SBSN order',
        body: OrderBody,
        headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String({ maxLength: 200 })) }),
        response: { 202: OrderAccepted, ...errorResponses(400, 401, 403, 422) },
      },
      // the domain's parseOrder validates the body and answers with the contract's reason codes
      validatorCompiler: () => () => true,
      config: { orderBody: true, fairIntake: true },
    },
    async (req, reply) => {
      const raw = req.headers['idempotency-key'];
      const key = Array.isArray(raw) ? raw[0] : raw;
      if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
        throw new DomainError(
          'INVALID_REQUEST',
          'Idempotency-Key must be 1–200 visible ASCII characters',
          'Idempotency-Key',
        );
      }
      const { order, replayed } = await services.orders.submit(principalOf(req), req.body, key);
      if (replayed) void reply.header('idempotent-replayed', 'true');
      // RFC 9110 §15.3.3: a 202 points at where the outcome can be followed
      void reply.header('location', `/v1/orders/${encodeURIComponent(order.id)}`);
      return reply.status(202).send({
        id: order.id,
        status: order.state,
        adapterId: order.adapterId,
        plannedDate: order.plannedDate,
        deadline: order.deadline,
      });
    },
  );

  app.get(
    '/v1/orders/:id',
    {
      schema: {
        summary: 'An order with its history (each state change, time, reason)',
        params: IdParams,
        response: { 200: OrderView, ...errorResponses(401, 404) },
      },
    },
    async (req) => services.orders.get(principalOf(req), req.params.id),
  );

  app.get(
    '/v1/orders',
    {
      schema: {
        summary: "The caller's orders (operator: all, or one SP's with ?sp=)",
        querystring: pageQuery(
          {
            status: Type.Optional(Type.String({ description: ORDER_STATES.join(' | ') })),
            from: Type.Optional(LocalDateString),
            to: Type.Optional(LocalDateString),
            sp: Type.Optional(Type.String({ maxLength: 100 })),
            adapterId: Type.Optional(
              Type.String({ maxLength: 100, description: 'Only the orders of this access' }),
            ),
            open: Type.Optional(
              Type.Boolean({ description: 'Only open orders (received … in progress); `status` wins' }),
            ),
          },
          { defaultLimit: 1000, maxLimit: 10_000 },
        ),
        response: {
          200: pageResponse('orders', OrderView, 'Orders, oldest received first'),
          ...errorResponses(400, 401),
        },
      },
    },
    async (req) => sendPage('orders', await services.orders.list(principalOf(req), req.query)),
  );

  app.post(
    '/v1/orders/:id/cancel',
    {
      schema: {
        summary: 'Storno: cancel an order, with the fee that applies (spec §3)',
        params: IdParams,
        response: {
          200: Type.Object({
            id: Type.String(),
            status: Type.String(),
            fee: Type.Object({ cents: Type.Integer(), eur: Type.Number(), rule: Type.String() }),
            order: OrderView,
          }),
          ...errorResponses(401, 403, 404, 409),
        },
      },
      // an order write like intake: one SP's flood of withdrawals shares the same fair gate
      config: { fairIntake: true },
    },
    async (req) => {
      const { order, fee } = await services.orders.cancel(principalOf(req), req.params.id);
      return {
        id: order.id,
        status: order.status,
        fee: { cents: fee.feeCents, eur: fee.feeCents / 100, rule: fee.rule },
        order,
      };
    },
  );

  app.post(
    '/v1/orders/:id/retry',
    {
      schema: {
        operationId: 'retryOrder',
        tags: ['orders'],
        summary: 'Operator: carry out a failed order again (or a retried one now), reservations kept',
        description:
          'Issue 17 item 1. A `failed` order becomes `due` again: its attempts count afresh and it keeps ' +
          'the pending access and the reserved ONT serial it holds (a failed order keeps them until ' +
          "this retry or the SP's free storno). A `due` order waiting out a retry backoff is tried at " +
          'once. Operator key only; an SP key is told there is no such order.',
        params: IdParams,
        response: {
          200: Type.Object(
            { id: Type.String(), status: Type.String(), order: OrderView },
            {
              description: 'The order, due again (or its backoff cleared), with its history',
              examples: [
                {
                  id: 'ord_0190f3c2a1b2c3d4e5f6',
                  status: 'due',
                  order: {
                    id: 'ord_0190f3c2a1b2c3d4e5f6',
                    sp: 'sp-alpha',
                    form: 'BSNA',
                    category: 'activation',
                    status: 'due',
                    adapterId: 'A-000123',
                    plannedDate: '2026-03-09',
                    deadline: '2026-03-16',
                    receivedAt: '2026-03-02T08:00:00.000Z',
                    order: { form: 'BSNA', category: 'activation' },
                  },
                },
              ],
            },
          ),
          401: errorMeaning('No or an unknown API key'),
          404: errorMeaning('No such order, or the key is not an operator key'),
          409: errorMeaning(
            'INVALID_STATE: the order is neither failed nor waiting for a retry (e.g. completed, cancelled)',
          ),
        },
      },
    },
    async (req) => {
      const order = await services.orders.retry(principalOf(req), req.params.id);
      return { id: order.id, status: order.status, order };
    },
  );
});
