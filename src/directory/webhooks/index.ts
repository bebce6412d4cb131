/** Signed webhooks, the domain side: endpoints, deliveries, the attempt log, signatures, URL checks. */
import {
  WebhookDeliveryWithAttempts,
  WebhookEndpointInput,
  WebhookEndpointRecord,
  WebhookStore,
} from './store';

export * from './signature';
export * from './store';
export { checkWebhookUrl, plainHttpAllowed } from './url';

/** What the admin graph asks of webhooks (the sync runtime implements it with the queue). */
export interface WebhookAdmin {
  store: WebhookStore;
  /** Changes an endpoint; enabling it again resumes deliveries at once. */
  update(orgId: string, id: string, input: WebhookEndpointInput): Promise<WebhookEndpointRecord>;
  /** Enables an endpoint again and resumes its deliveries where they stopped. */
  enable(orgId: string, id: string): Promise<WebhookEndpointRecord>;
  /** Sends a signed test event now and returns the logged delivery (never retried). */
  ping(orgId: string, endpointId: string): Promise<WebhookDeliveryWithAttempts>;
  redeliver(orgId: string, deliveryId: string): Promise<WebhookDeliveryWithAttempts>;
  redeliverEvent(orgId: string, endpointId: string, eventId: string): Promise<WebhookDeliveryWithAttempts>;
}
