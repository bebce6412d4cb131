import { performance } from 'node:perf_hooks';
import { WebhookConfig } from '../config';
import { HttpTransport, OutboundPolicy, TransportError } from '../connectors/http';
import {
  AttemptOutcome,
  DeliveryToSend,
  plainHttpAllowed,
  SIGNATURE_HEADER,
  signatureHeader,
} from '../directory/webhooks';

/** Answers are read only to be thrown away; anything longer is cut off and counts as a failure. */
export const WEBHOOK_MAX_RESPONSE_BYTES = 64 * 1024;

/**
 * Sends one delivery: a POST of the event as JSON, signed, over the shared transport (the outbound
 * address policy checked on the address the socket is opened to, a connect and a total timeout, a
 * size cap on the answer, redirects not followed). Only a 2xx answer is a success. Nothing of the
 * answer is kept but its status.
 */
export class WebhookSender {
  private readonly transport: HttpTransport;

  constructor(
    private readonly config: WebhookConfig,
    private readonly outbound: OutboundPolicy,
    private readonly now: () => number = Date.now,
  ) {
    this.transport = new HttpTransport({
      outbound,
      connectTimeoutMs: config.connectTimeoutMs,
      maxResponseBytes: WEBHOOK_MAX_RESPONSE_BYTES,
      maxSockets: 4,
    });
  }

  async send(item: DeliveryToSend): Promise<AttemptOutcome> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    const url = new URL(item.endpoint.url);
    if (url.protocol === 'http:' && !plainHttpAllowed(url, this.outbound)) {
      // Allowed when the endpoint was saved; the operator has since withdrawn the allowance.
      return {
        ok: false,
        statusCode: null,
        durationMs: 0,
        errorClass: 'NOT_HTTPS',
        errorReason: 'NOT_HTTPS',
      };
    }
    const body = JSON.stringify(item.event);
    const timestamp = Math.floor(this.now() / 1000);
    try {
      const response = await this.transport.send({
        method: 'POST',
        url: url.toString(),
        headers: {
          'content-type': 'application/json',
          'user-agent': 'hr-directory-webhooks/1',
          [SIGNATURE_HEADER]: signatureHeader(item.secret, timestamp, body),
          'x-hrdir-event-id': item.event.id,
          'x-hrdir-event-type': item.event.type,
          'x-hrdir-delivery-id': item.delivery.id,
          'x-hrdir-delivery-attempt': String(item.delivery.attempts + 1),
          // The same for every try and every redelivery of an event: receivers de-duplicate on it.
          'idempotency-key': item.event.id,
        },
        body,
        timeoutMs: this.config.timeoutMs,
        maxRedirects: 0,
      });
      const ok = response.status >= 200 && response.status < 300;
      return {
        ok,
        statusCode: response.status,
        durationMs: elapsed(),
        errorClass: ok ? null : response.status >= 300 && response.status < 400 ? 'REDIRECT' : 'HTTP_STATUS',
        errorReason: ok ? null : `HTTP ${response.status}`,
      };
    } catch (error) {
      if (error instanceof TransportError) {
        return {
          ok: false,
          statusCode: null,
          durationMs: elapsed(),
          errorClass: error.kind,
          errorReason: error.reason,
        };
      }
      return {
        ok: false,
        statusCode: null,
        durationMs: elapsed(),
        errorClass: 'NETWORK',
        errorReason: error instanceof Error ? error.name : 'unknown',
      };
    }
  }

  close(): void {
    this.transport.close();
  }
}
