/** Webhook notifications to SPs (design §4, issue 8 §6): the outbox, its delivery worker, endpoints. */
export { enqueueWebhook, enqueueOrderWebhook, orderEventData, type WebhookPayload } from './outbox.ts';
export {
  WebhookDeliveryWorker,
  type DeliveryWorkerOptions,
  type DeliveryOutcome,
} from './delivery-worker.ts';
export { WebhookService, type WebhookEndpointView, type WebhookEventView } from './webhook-service.ts';
