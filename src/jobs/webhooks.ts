import { Job, Queue, UnrecoverableError, Worker } from 'bullmq';
import { WebhookConfig } from '../config';
import { describeErrorForLog } from '../db/error-log';
import {
  AttemptOutcome,
  DeliveryToSend,
  WebhookAdmin,
  WebhookDeliveryWithAttempts,
  WebhookEndpointInput,
  WebhookEndpointRecord,
  WebhookStore,
} from '../directory/webhooks';
import { logger } from '../observability/logger';
import { metrics } from '../observability/metrics';
import { redisConnection } from './sync-queue';
import { WebhookSender } from './webhook-sender';

/** How long a kick waits for Redis before it leaves the work to the sweep. */
const KICK_DEADLINE_MS = 2_000;

/** Payloads of the webhook queue's jobs. */
export type WebhookQueuePayload =
  /** Take the organization's new events into its endpoints' deliveries, then send each endpoint's next one. */
  | { kind: 'dispatch'; orgId: string }
  /** Send one delivery (this round of it: an admin's redelivery starts a new round). */
  | { kind: 'deliver'; deliveryId: string; round: number; endpointId: string };

/** The delay before try n+1: backoffMs doubled per failed try, at most backoffMaxMs. */
export function webhookBackoffDelay(config: WebhookConfig, attemptsMade: number): number {
  return Math.min(config.backoffMaxMs, config.backoffMs * 2 ** Math.max(0, attemptsMade - 1));
}

/** The BullMQ queue of webhook work. */
export class WebhookQueue {
  private readonly queue: Queue<WebhookQueuePayload>;

  constructor(
    redisUrl: string,
    private readonly config: WebhookConfig,
  ) {
    this.queue = new Queue<WebhookQueuePayload>(config.queueName, { connection: redisConnection(redisUrl) });
    this.queue.on('error', (error) =>
      logger.warn({ reason: error.message }, 'webhook queue: Redis unreachable'),
    );
  }

  /**
   * Asks for a dispatch of the organization. Kicks coalesce: while one dispatch of an organization
   * runs, later kicks leave one more to run after it (so events committed during the run are taken),
   * and never two at once.
   */
  async dispatch(orgId: string): Promise<void> {
    await this.queue.add(
      'dispatch',
      { kind: 'dispatch', orgId },
      {
        deduplication: { id: `dispatch.${orgId}`, keepLastIfActive: true },
        attempts: 3,
        backoff: { type: 'fixed', delay: 1_000 },
        removeOnComplete: true,
        removeOnFail: { count: 100 },
      },
    );
  }

  /** Queues one round of a delivery; the same round is never queued twice while it is known to the queue. */
  async deliver(deliveryId: string, round: number, endpointId: string): Promise<void> {
    await this.queue.add(
      'deliver',
      { kind: 'deliver', deliveryId, round, endpointId },
      {
        jobId: `delivery.${deliveryId}.${round}`,
        attempts: this.config.maxAttempts,
        backoff: { type: 'webhook' },
        removeOnComplete: true,
        removeOnFail: { count: 1000 },
      },
    );
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}

/**
 * Webhooks as the rest of the process uses them: the admin operations of the graph, the kick that
 * announces new events, the worker that sends, and the sweep. Order: each endpoint sends its EVENT
 * deliveries one at a time in seq order; the next one is queued only when the one before it was
 * delivered, so a failing delivery holds back everything after it (for every person) until it
 * succeeds, is given up (the endpoint is then disabled) or the endpoint is enabled again.
 */
export class WebhookService implements WebhookAdmin {
  private worker: Worker<WebhookQueuePayload> | null = null;
  private sweepTimer: NodeJS.Timeout | null = null;
  private sweeping: Promise<unknown> | null = null;

  constructor(
    readonly store: WebhookStore,
    private readonly queue: WebhookQueue,
    private readonly sender: WebhookSender,
    private readonly config: WebhookConfig,
    private readonly redisUrl: string,
  ) {}

  /**
   * Announces that the organization has new change events (called after their transaction
   * committed, from any process). Never throws: the periodic sweep finds what a lost kick missed.
   */
  async kick(orgId: string): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    // The Redis connection retries while Redis is away; a writer must not wait for it.
    const deadline = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), KICK_DEADLINE_MS);
    });
    try {
      const queued = this.queue.dispatch(orgId).then(() => 'queued' as const);
      queued.catch(() => undefined);
      if ((await Promise.race([queued, deadline])) === 'late') {
        logger.warn({ orgId }, 'webhooks: the queue did not take a dispatch in time; the sweep will');
      }
    } catch (error) {
      logger.warn({ orgId, cause: describeErrorForLog(error) }, 'webhooks: could not queue a dispatch');
    } finally {
      clearTimeout(timer);
    }
  }

  async update(orgId: string, id: string, input: WebhookEndpointInput): Promise<WebhookEndpointRecord> {
    const endpoint = await this.store.update(orgId, id, input);
    if (endpoint.enabled) await this.kick(orgId);
    return endpoint;
  }

  async enable(orgId: string, id: string): Promise<WebhookEndpointRecord> {
    const endpoint = await this.store.enable(orgId, id);
    await this.kick(orgId);
    return endpoint;
  }

  async ping(orgId: string, endpointId: string): Promise<WebhookDeliveryWithAttempts> {
    const ping = await this.store.createPing(orgId, endpointId);
    const item = await this.store.toSend(ping.id);
    if (item) {
      const outcome = await this.send(item);
      await this.store.recordAttempt(item.delivery, outcome, { finalTry: true, countsForEndpoint: false });
    }
    return this.store.delivery(orgId, ping.id);
  }

  async redeliver(orgId: string, deliveryId: string): Promise<WebhookDeliveryWithAttempts> {
    const delivery = await this.store.redeliver(orgId, deliveryId);
    await this.queueRedelivery(orgId, delivery.id);
    return this.store.delivery(orgId, delivery.id);
  }

  async redeliverEvent(
    orgId: string,
    endpointId: string,
    eventId: string,
  ): Promise<WebhookDeliveryWithAttempts> {
    const delivery = await this.store.redeliverEvent(orgId, endpointId, eventId);
    await this.queueRedelivery(orgId, delivery.id);
    return this.store.delivery(orgId, delivery.id);
  }

  /** An out-of-order REDELIVERY is queued at once; an EVENT delivery made pending again waits its turn. */
  private async queueRedelivery(orgId: string, deliveryId: string): Promise<void> {
    const delivery = await this.store.delivery(orgId, deliveryId);
    if (delivery.kind === 'REDELIVERY')
      await this.queue.deliver(delivery.id, delivery.round, delivery.endpointId);
    else await this.pump(delivery.endpointId);
  }

  /** Queues the endpoint's next delivery, if it has one that may be sent (a no-op when it is queued already). */
  private async pump(endpointId: string): Promise<void> {
    const head = await this.store.head(endpointId);
    if (head?.status === 'PENDING') await this.queue.deliver(head.id, head.round, endpointId);
  }

  /** Starts sending in this process (worker role). */
  startWorker(): void {
    if (this.worker) return;
    this.worker = new Worker<WebhookQueuePayload>(this.config.queueName, (job) => this.process(job), {
      connection: redisConnection(this.redisUrl),
      concurrency: this.config.concurrency,
      // A request takes at most timeoutMs; the lock outlives it, so a live worker keeps its job.
      lockDuration: Math.max(30_000, this.config.timeoutMs * 2),
      settings: {
        backoffStrategy: (attemptsMade: number) => webhookBackoffDelay(this.config, attemptsMade),
      },
    });
    this.worker.on('error', (error) => logger.error({ err: error }, 'webhook worker error'));
  }

  /** Every sweepIntervalMs: a dispatch of each organization with an enabled endpoint (worker role). */
  startSweeper(): void {
    if (this.sweepTimer || this.config.sweepIntervalMs === 0) return;
    this.sweepTimer = setInterval(() => {
      if (this.sweeping) return;
      this.sweeping = this.sweep()
        .catch((error: unknown) =>
          logger.warn({ cause: describeErrorForLog(error) }, 'webhooks: the sweep could not run'),
        )
        .finally(() => (this.sweeping = null));
    }, this.config.sweepIntervalMs);
  }

  /**
   * One sweep: events no kick announced are taken, and each endpoint's next delivery is queued again
   * if its queue entry was lost (a deterministic job id makes that a no-op otherwise).
   */
  async sweep(): Promise<void> {
    for (const orgId of await this.store.organizationsWithEndpoints()) await this.queue.dispatch(orgId);
  }

  private async process(job: Job<WebhookQueuePayload>): Promise<void> {
    const payload = job.data;
    if (payload.kind === 'dispatch') {
      for (const endpointId of await this.store.dispatch(payload.orgId)) await this.pump(endpointId);
      return;
    }
    const item = await this.store.toSend(payload.deliveryId);
    if (!item) {
      // The event passed its retention (its delivery went with it): the next one may go. Or the
      // endpoint was deleted, and there is nothing to send.
      await this.pump(payload.endpointId);
      return;
    }
    const { delivery, endpoint } = item;
    if (delivery.round !== payload.round || delivery.status === 'FAILED') return;
    if (delivery.status === 'DELIVERED') {
      await this.pump(endpoint.id);
      return;
    }
    // Disabled: the delivery stays pending; enabling the endpoint queues it again.
    if (!endpoint.enabled) return;
    // Not its turn (queued by a sweep or a redelivery): the delivery before it queues it when done.
    if (delivery.kind === 'EVENT' && !item.isHead) return;
    const outcome = await this.send(item);
    const finalTry = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    const { failingForMs } = await this.store.recordAttempt(delivery, outcome, {
      finalTry,
      countsForEndpoint: delivery.kind === 'EVENT',
    });
    const context = { endpointId: endpoint.id, deliveryId: delivery.id, attempt: delivery.attempts + 1 };
    if (outcome.ok) {
      logger.debug(
        { ...context, statusCode: outcome.statusCode, durationMs: outcome.durationMs },
        'webhook delivered',
      );
      await this.pump(endpoint.id);
      return;
    }
    logger.info(
      {
        ...context,
        statusCode: outcome.statusCode,
        errorClass: outcome.errorClass,
        errorReason: outcome.errorReason,
        finalTry,
      },
      'webhook attempt failed',
    );
    if (delivery.kind !== 'EVENT') throw new Error(`webhook delivery failed (${outcome.errorClass})`);
    const last = outcome.errorReason ?? outcome.errorClass;
    const tooLong =
      this.config.disableAfterHours > 0 && failingForMs >= this.config.disableAfterHours * 3_600_000;
    // Skipping the event would break the order (and at-least-once): the endpoint stops until an admin acts.
    if (finalTry) {
      await this.disable(
        endpoint,
        `${this.config.maxAttempts} attempts in a row failed to deliver event ${delivery.eventId} (last: ${last}); enable the endpoint to resume from it`,
      );
    } else if (tooLong) {
      await this.store.giveUp(delivery.id);
      await this.disable(
        endpoint,
        `deliveries have failed for more than ${this.config.disableAfterHours} hours without a success, last for event ${delivery.eventId} (last: ${last}); enable the endpoint to resume from it`,
      );
      throw new UnrecoverableError(`webhook delivery failed (${outcome.errorClass}); endpoint disabled`);
    }
    throw new Error(`webhook delivery failed (${outcome.errorClass})`);
  }

  private async send(item: DeliveryToSend): Promise<AttemptOutcome> {
    const outcome = await this.sender.send(item);
    metrics.webhookAttempts.inc({ result: outcome.ok ? 'delivered' : (outcome.errorClass ?? 'unknown') });
    return outcome;
  }

  private async disable(endpoint: WebhookEndpointRecord, reason: string): Promise<void> {
    await this.store.disable(endpoint.id, reason);
    logger.warn(
      { endpointId: endpoint.id, orgId: endpoint.orgId },
      'webhook endpoint disabled after failures',
    );
  }

  async close(): Promise<void> {
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    this.sweepTimer = null;
    await this.sweeping;
    await this.worker?.close();
    await this.queue.close();
    this.sender.close();
  }
}
