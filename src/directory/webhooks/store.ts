import { DataSource, EntityManager } from 'typeorm';
import { OutboundPolicy } from '../../connectors/http/address-policy';
import { InvalidInputError, NotFoundError, OrganizationNotFoundError } from '../errors';
import { CHANGE_EVENT_TYPES } from '../change-events';
import { keyParts, Page, PageRequest, toPage } from '../pagination';
import { SecretBox } from '../secret-box';
import { generateWebhookSecret, secretHint } from './signature';
import { checkWebhookUrl } from './url';

/** An endpoint as admins see it: never its secret, only the secret's first characters. */
export interface WebhookEndpointRecord {
  id: string;
  orgId: string;
  url: string;
  description: string | null;
  secretHint: string;
  eventTypes: string[];
  enabled: boolean;
  disabledReason: string | null;
  disabledAt: Date | null;
  /** The last change_events.seq taken (a bigint, as a string). */
  cursorSeq: string;
  consecutiveFailures: number;
  failingSince: Date | null;
  lastSuccessAt: Date | null;
  /** Events taken and not delivered yet (a FAILED one included). */
  backlog: number;
  createdAt: Date;
  updatedAt: Date;
}

/** An endpoint with its secret, shown once: at creation and after a rotation. */
export interface WebhookEndpointWithSecret {
  endpoint: WebhookEndpointRecord;
  secret: string;
}

export type WebhookDeliveryKind = 'EVENT' | 'REDELIVERY' | 'PING';
export type WebhookDeliveryStatus = 'PENDING' | 'DELIVERED' | 'FAILED';

export interface WebhookAttemptRecord {
  attempt: number;
  at: Date;
  statusCode: number | null;
  durationMs: number;
  errorClass: string | null;
  errorReason: string | null;
}

export interface WebhookDeliveryRecord {
  id: string;
  number: string;
  endpointId: string;
  kind: WebhookDeliveryKind;
  eventSeq: string | null;
  eventId: string;
  eventType: string;
  status: WebhookDeliveryStatus;
  round: number;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: Date;
  lastAttemptAt: Date | null;
  deliveredAt: Date | null;
}

export interface WebhookDeliveryWithAttempts extends WebhookDeliveryRecord {
  attemptLog: WebhookAttemptRecord[];
}

/** What a delivery needs to be sent: where, with which secret, and what. */
export interface DeliveryToSend {
  delivery: WebhookDeliveryRecord;
  endpoint: WebhookEndpointRecord;
  secret: string;
  /** The event as the body carries it. */
  event: WebhookEventBody;
  /** Whether this is the oldest undelivered event of its endpoint (EVENT deliveries go in seq order). */
  isHead: boolean;
}

/** The JSON body of a request: one event. */
export interface WebhookEventBody {
  id: string;
  seq: number | null;
  type: string;
  occurredAt: string;
  organizationId: string;
  origin: string;
  connectionId: string | null;
  syncJobId: string | null;
  entityType: string | null;
  entityId: string | null;
  subjectId: string | null;
  data: Record<string, unknown>;
}

export interface WebhookEndpointInput {
  url?: string;
  description?: string | null;
  eventTypes?: string[];
  enabled?: boolean;
}

/** The outcome of one try, as the sender saw it. */
export interface AttemptOutcome {
  ok: boolean;
  statusCode: number | null;
  durationMs: number;
  errorClass: string | null;
  errorReason: string | null;
}

const MAX_EVENT_TYPES = 50;
const MAX_DESCRIPTION = 500;
/** Events taken per statement when an endpoint catches up (a full sync of 100k people is many). */
const DISPATCH_BATCH = 5_000;

const ENDPOINT_COLUMNS = `e.id, e.org_id AS "orgId", e.url, e.description, e.secret_hint AS "secretHint",
  e.event_types AS "eventTypes", e.enabled, e.disabled_reason AS "disabledReason",
  e.disabled_at AS "disabledAt", e.cursor_seq::text AS "cursorSeq",
  e.consecutive_failures AS "consecutiveFailures", e.failing_since AS "failingSince",
  e.last_success_at AS "lastSuccessAt", e.created_at AS "createdAt", e.updated_at AS "updatedAt",
  (SELECT count(*)::int FROM webhook_deliveries b
    WHERE b.endpoint_id = e.id AND b.kind = 'EVENT' AND b.status <> 'DELIVERED') AS backlog`;

const DELIVERY_COLUMNS = `d.id, d.number::text AS number, d.endpoint_id AS "endpointId", d.kind,
  d.event_seq::text AS "eventSeq", d.event_id AS "eventId", d.event_type AS "eventType", d.status,
  d.round, d.attempts, d.last_status_code AS "lastStatusCode", d.last_error AS "lastError",
  d.created_at AS "createdAt", d.last_attempt_at AS "lastAttemptAt", d.delivered_at AS "deliveredAt"`;

/** Whether an event type passes an endpoint's filter (the same rule as the dispatch statement). */
export function eventTypeMatches(filter: readonly string[], type: string): boolean {
  if (filter.length === 0) return true;
  return filter.some((entry) => (entry.endsWith('*') ? type.startsWith(entry.slice(0, -1)) : entry === type));
}

function validateEventTypes(types: readonly string[]): string[] {
  if (types.length > MAX_EVENT_TYPES) {
    throw new InvalidInputError(`eventTypes may name at most ${MAX_EVENT_TYPES} types`, 'input.eventTypes');
  }
  // A change event type (EMPLOYEE_UPDATED) or a prefix of some (EMPLOYEE_*): a name that can
  // never match would silently send nothing.
  const known = (type: string) =>
    type.endsWith('*')
      ? CHANGE_EVENT_TYPES.some((kind) => kind.startsWith(type.slice(0, -1)))
      : (CHANGE_EVENT_TYPES as readonly string[]).includes(type);
  const bad = types.find((type) => !known(type));
  if (bad !== undefined) {
    throw new InvalidInputError(
      `eventTypes: "${bad.slice(0, 64)}" is not a change event type (${CHANGE_EVENT_TYPES.join(', ')}) or a prefix of one ending in *`,
      'input.eventTypes',
    );
  }
  return [...new Set(types)];
}

function validateDescription(description: string | null | undefined): string | null {
  const text = description?.trim() ?? '';
  if (text.length > MAX_DESCRIPTION) {
    throw new InvalidInputError(
      `description must be at most ${MAX_DESCRIPTION} characters`,
      'input.description',
    );
  }
  return text === '' ? null : text;
}

/**
 * Webhook endpoints of organizations, their deliveries and the attempt log: the domain side of
 * signed webhooks. The queue and the HTTP requests live in jobs/ and call in here.
 */
export class WebhookStore {
  constructor(
    private readonly dataSource: DataSource,
    private readonly secrets: SecretBox,
    private readonly outbound: OutboundPolicy,
  ) {}

  private async rows<T>(text: string, params: unknown[], manager?: EntityManager): Promise<T[]> {
    return (await (manager ?? this.dataSource).query(text, params)) as T[];
  }

  // ---- endpoints ---------------------------------------------------------------------------

  async list(orgId: string): Promise<WebhookEndpointRecord[]> {
    return this.rows<WebhookEndpointRecord>(
      `SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints e WHERE e.org_id = $1 ORDER BY e.created_at, e.id`,
      [orgId],
    );
  }

  async get(orgId: string, id: string): Promise<WebhookEndpointRecord> {
    const [row] = await this.rows<WebhookEndpointRecord>(
      `SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints e WHERE e.org_id = $1 AND e.id = $2`,
      [orgId, id],
    );
    if (!row) throw new NotFoundError(`no webhook endpoint with id ${id}`);
    return row;
  }

  /**
   * Adds an endpoint. It receives events from now on (its cursor starts at the organization's
   * latest event), signed with a new secret that is returned here and never again.
   */
  async create(orgId: string, input: WebhookEndpointInput): Promise<WebhookEndpointWithSecret> {
    if (input.url === undefined) throw new InvalidInputError('url is required', 'input.url');
    const url = await checkWebhookUrl(input.url, this.outbound, 'input.url');
    const eventTypes = validateEventTypes(input.eventTypes ?? []);
    const description = validateDescription(input.description);
    const [{ id, known }] = await this.rows<{ id: string; known: boolean }>(
      `SELECT gen_random_uuid() AS id, EXISTS (SELECT 1 FROM organizations WHERE id = $1) AS known`,
      [orgId],
    );
    if (!known) throw new OrganizationNotFoundError(orgId);
    const secret = generateWebhookSecret();
    const enabled = input.enabled ?? true;
    await this.rows(
      `INSERT INTO webhook_endpoints (id, org_id, url, description, secret_encrypted, secret_hint,
         event_types, enabled, disabled_reason, disabled_at, cursor_seq)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, CASE WHEN $8 THEN NULL ELSE now() END,
         coalesce((SELECT last_seq FROM org_event_counters WHERE org_id = $2), 0))`,
      [
        id,
        orgId,
        url,
        description,
        this.seal(id, secret),
        secretHint(secret),
        eventTypes,
        enabled,
        enabled ? null : 'disabled by an admin',
      ],
    );
    return { endpoint: await this.get(orgId, id), secret };
  }

  /** Changes an endpoint. enabled: false disables it (it keeps its cursor); true is enable(). */
  async update(orgId: string, id: string, input: WebhookEndpointInput): Promise<WebhookEndpointRecord> {
    const current = await this.get(orgId, id);
    const url =
      input.url === undefined ? current.url : await checkWebhookUrl(input.url, this.outbound, 'input.url');
    const eventTypes =
      input.eventTypes === undefined ? current.eventTypes : validateEventTypes(input.eventTypes);
    const description =
      input.description === undefined ? current.description : validateDescription(input.description);
    await this.rows(
      `UPDATE webhook_endpoints SET url = $3, event_types = $4, description = $5, updated_at = now()
       WHERE org_id = $1 AND id = $2`,
      [orgId, id, url, eventTypes, description],
    );
    if (input.enabled === false && current.enabled) await this.disable(id, 'disabled by an admin');
    if (input.enabled === true && !current.enabled) await this.enable(orgId, id);
    return this.get(orgId, id);
  }

  /** Replaces the signing secret at once; the new one is returned here and never again. */
  async rotateSecret(orgId: string, id: string): Promise<WebhookEndpointWithSecret> {
    await this.get(orgId, id);
    const secret = generateWebhookSecret();
    await this.rows(
      `UPDATE webhook_endpoints SET secret_encrypted = $3, secret_hint = $4, updated_at = now()
       WHERE org_id = $1 AND id = $2`,
      [orgId, id, this.seal(id, secret), secretHint(secret)],
    );
    return { endpoint: await this.get(orgId, id), secret };
  }

  /** Removes an endpoint with its deliveries and their log. */
  async delete(orgId: string, id: string): Promise<WebhookEndpointRecord> {
    const endpoint = await this.get(orgId, id);
    await this.rows(`DELETE FROM webhook_endpoints WHERE org_id = $1 AND id = $2`, [orgId, id]);
    return endpoint;
  }

  /**
   * Enables an endpoint again: failures are forgotten and a delivery that had given up is tried
   * again (with a fresh set of attempts), before anything after it. The cursor was kept, so no event
   * of the disabled time is lost (unless it passed the events' retention).
   */
  async enable(orgId: string, id: string): Promise<WebhookEndpointRecord> {
    await this.get(orgId, id);
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `UPDATE webhook_endpoints SET enabled = true, disabled_reason = NULL, disabled_at = NULL,
           consecutive_failures = 0, failing_since = NULL, updated_at = now()
         WHERE org_id = $1 AND id = $2`,
        [orgId, id],
      );
      await manager.query(
        `UPDATE webhook_deliveries SET status = 'PENDING', round = round + 1
         WHERE endpoint_id = $1 AND status = 'FAILED' AND kind = 'EVENT'`,
        [id],
      );
    });
    return this.get(orgId, id);
  }

  /** Gives a delivery up (FAILED) before its last try, because its endpoint is being disabled. */
  async giveUp(deliveryId: string): Promise<void> {
    await this.rows(`UPDATE webhook_deliveries SET status = 'FAILED' WHERE id = $1 AND status = 'PENDING'`, [
      deliveryId,
    ]);
  }

  /** Stops deliveries to an endpoint, with the reason admins see; its cursor stays where it is. */
  async disable(id: string, reason: string): Promise<void> {
    await this.rows(
      `UPDATE webhook_endpoints SET enabled = false, disabled_reason = $2, disabled_at = now(), updated_at = now()
       WHERE id = $1 AND enabled`,
      [id, reason.slice(0, 500)],
    );
  }

  // ---- the delivery log --------------------------------------------------------------------

  /** An endpoint's deliveries, newest first, each with its attempts (two statements a page). */
  async deliveries(
    orgId: string,
    endpointId: string,
    page: PageRequest,
  ): Promise<Page<WebhookDeliveryWithAttempts>> {
    await this.get(orgId, endpointId);
    const after = page.after ? keyParts(page.after, ['string'] as const)[0] : null;
    if (after !== null && !/^[0-9]{1,18}$/.test(String(after))) {
      throw new InvalidInputError('after is not a valid cursor for this list', 'after');
    }
    const rows = await this.rows<WebhookDeliveryRecord>(
      `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries d
       WHERE d.endpoint_id = $1 AND ($2::bigint IS NULL OR d.number < $2::bigint)
       ORDER BY d.number DESC LIMIT $3`,
      [endpointId, after, page.first + 1],
    );
    const result = toPage(rows, page.first);
    const attempts = await this.attemptsOf(result.rows.map((row) => row.id));
    return {
      hasNextPage: result.hasNextPage,
      rows: result.rows.map((row) => ({ ...row, attemptLog: attempts.get(row.id) ?? [] })),
    };
  }

  async delivery(orgId: string, id: string): Promise<WebhookDeliveryWithAttempts> {
    const [row] = await this.rows<WebhookDeliveryRecord>(
      `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries d WHERE d.org_id = $1 AND d.id = $2`,
      [orgId, id],
    );
    if (!row) throw new NotFoundError(`no webhook delivery with id ${id}`);
    return { ...row, attemptLog: (await this.attemptsOf([id])).get(id) ?? [] };
  }

  private async attemptsOf(deliveryIds: string[]): Promise<Map<string, WebhookAttemptRecord[]>> {
    const byDelivery = new Map<string, WebhookAttemptRecord[]>();
    if (deliveryIds.length === 0) return byDelivery;
    const rows = await this.rows<WebhookAttemptRecord & { deliveryId: string }>(
      `SELECT delivery_id AS "deliveryId", attempt, at, status_code AS "statusCode",
         duration_ms AS "durationMs", error_class AS "errorClass", error_reason AS "errorReason"
       FROM webhook_attempts WHERE delivery_id = ANY($1::uuid[]) ORDER BY delivery_id, attempt`,
      [deliveryIds],
    );
    for (const { deliveryId, ...attempt } of rows) {
      const list = byDelivery.get(deliveryId) ?? [];
      list.push(attempt);
      byDelivery.set(deliveryId, list);
    }
    return byDelivery;
  }

  // ---- redelivery and pings ----------------------------------------------------------------

  /**
   * Sends a delivery again. One not yet delivered (pending or given up) gets a fresh set of
   * attempts and keeps its place in the order. One already delivered is sent once more as a new
   * REDELIVERY, out of order (the receiver asked for it again; its event id is the same).
   */
  async redeliver(orgId: string, deliveryId: string): Promise<WebhookDeliveryRecord> {
    const delivery = await this.delivery(orgId, deliveryId);
    if (delivery.kind === 'PING') {
      throw new InvalidInputError('a ping is not redelivered; send another ping', 'id');
    }
    if (delivery.status !== 'DELIVERED') {
      await this.rows(`UPDATE webhook_deliveries SET status = 'PENDING', round = round + 1 WHERE id = $1`, [
        deliveryId,
      ]);
      return this.delivery(orgId, deliveryId);
    }
    return this.createRedelivery(orgId, delivery.endpointId, delivery.eventSeq!);
  }

  /** Sends one event of the organization to an endpoint (again, or for the first time), out of order. */
  async redeliverEvent(orgId: string, endpointId: string, eventId: string): Promise<WebhookDeliveryRecord> {
    await this.get(orgId, endpointId);
    const [event] = await this.rows<{ seq: string }>(
      `SELECT seq::text AS seq FROM change_events WHERE org_id = $1 AND id = $2`,
      [orgId, eventId],
    );
    if (!event) throw new NotFoundError(`no event with id ${eventId}`);
    const [existing] = await this.rows<{ id: string }>(
      `SELECT id FROM webhook_deliveries WHERE endpoint_id = $1 AND event_seq = $2 AND kind = 'EVENT'`,
      [endpointId, event.seq],
    );
    if (existing) return this.redeliver(orgId, existing.id);
    return this.createRedelivery(orgId, endpointId, event.seq);
  }

  private async createRedelivery(
    orgId: string,
    endpointId: string,
    seq: string,
  ): Promise<WebhookDeliveryRecord> {
    const [row] = await this.rows<{ id: string }>(
      `INSERT INTO webhook_deliveries (org_id, endpoint_id, kind, event_seq, event_id, event_type)
       SELECT org_id, $2, 'REDELIVERY', seq, id, type FROM change_events WHERE org_id = $1 AND seq = $3
       RETURNING id`,
      [orgId, endpointId, seq],
    );
    return this.delivery(orgId, row.id);
  }

  /** A PING delivery row, logged like any other (sent at once by the caller, never retried). */
  async createPing(orgId: string, endpointId: string): Promise<WebhookDeliveryRecord> {
    await this.get(orgId, endpointId);
    const [row] = await this.rows<{ id: string }>(
      `INSERT INTO webhook_deliveries (org_id, endpoint_id, kind, event_id, event_type)
       VALUES ($1, $2, 'PING', gen_random_uuid(), 'ping') RETURNING id`,
      [orgId, endpointId],
    );
    return this.delivery(orgId, row.id);
  }

  // ---- the dispatcher's and the sender's side ------------------------------------------------

  /** Organizations with an enabled endpoint (for the sweep). */
  async organizationsWithEndpoints(): Promise<string[]> {
    const rows = await this.rows<{ orgId: string }>(
      `SELECT DISTINCT org_id AS "orgId" FROM webhook_endpoints WHERE enabled`,
      [],
    );
    return rows.map((row) => row.orgId);
  }

  /**
   * Moves every enabled endpoint of the organization past the events written since its cursor:
   * each event the endpoint's filter takes becomes a PENDING delivery, and the cursor advances over
   * every event read (taken or not), in one transaction per endpoint, the endpoint's row locked so
   * that two dispatchers never take the same event twice. Returns the enabled endpoints.
   */
  async dispatch(orgId: string): Promise<string[]> {
    const endpoints = await this.rows<{ id: string }>(
      `SELECT id FROM webhook_endpoints WHERE org_id = $1 AND enabled ORDER BY id`,
      [orgId],
    );
    for (const { id } of endpoints) {
      for (;;) {
        const scanned = await this.dataSource.transaction(async (manager) => {
          const [endpoint] = await this.rows<{ cursor: string; types: string[] }>(
            `SELECT cursor_seq::text AS cursor, event_types AS types FROM webhook_endpoints
             WHERE id = $1 AND enabled FOR UPDATE`,
            [id],
            manager,
          );
          if (!endpoint) return 0;
          const [result] = await this.rows<{ last: string | null; scanned: number }>(
            `WITH scanned AS (
               SELECT seq, id, type FROM change_events WHERE org_id = $1 AND seq > $2::bigint
               ORDER BY seq LIMIT $3
             ), taken AS (
               INSERT INTO webhook_deliveries (org_id, endpoint_id, kind, event_seq, event_id, event_type)
               SELECT $1, $4, 'EVENT', s.seq, s.id, s.type FROM scanned s
               WHERE cardinality($5::text[]) = 0 OR s.type = ANY($5::text[])
                  OR EXISTS (SELECT 1 FROM unnest($5::text[]) AS f(t)
                             WHERE right(f.t, 1) = '*' AND starts_with(s.type, left(f.t, -1)))
               ORDER BY s.seq
               ON CONFLICT (endpoint_id, event_seq) WHERE kind = 'EVENT' DO NOTHING
               RETURNING 1
             )
             SELECT max(seq)::text AS last, count(*)::int AS scanned, (SELECT count(*) FROM taken) AS taken
             FROM scanned`,
            [orgId, endpoint.cursor, DISPATCH_BATCH, id, endpoint.types],
            manager,
          );
          if (result.last !== null) {
            await manager.query(`UPDATE webhook_endpoints SET cursor_seq = $2 WHERE id = $1`, [
              id,
              result.last,
            ]);
          }
          return result.scanned;
        });
        if (scanned < DISPATCH_BATCH) break;
      }
    }
    return endpoints.map((endpoint) => endpoint.id);
  }

  /** The oldest undelivered EVENT delivery of an enabled endpoint (the only one that may be sent now). */
  async head(
    endpointId: string,
  ): Promise<{ id: string; round: number; status: WebhookDeliveryStatus } | null> {
    const [row] = await this.rows<{ id: string; round: number; status: WebhookDeliveryStatus }>(
      `SELECT d.id, d.round, d.status FROM webhook_deliveries d
       JOIN webhook_endpoints e ON e.id = d.endpoint_id AND e.enabled
       WHERE d.endpoint_id = $1 AND d.kind = 'EVENT' AND d.status <> 'DELIVERED'
       ORDER BY d.event_seq LIMIT 1`,
      [endpointId],
    );
    return row ?? null;
  }

  /** Everything needed to send a delivery, or null when it is gone (endpoint or event deleted). */
  async toSend(deliveryId: string): Promise<DeliveryToSend | null> {
    const [delivery] = await this.rows<WebhookDeliveryRecord & { orgId: string }>(
      `SELECT ${DELIVERY_COLUMNS}, d.org_id AS "orgId" FROM webhook_deliveries d WHERE d.id = $1`,
      [deliveryId],
    );
    if (!delivery) return null;
    const [endpoint] = await this.rows<WebhookEndpointRecord & { secretEncrypted: string }>(
      `SELECT ${ENDPOINT_COLUMNS}, e.secret_encrypted AS "secretEncrypted" FROM webhook_endpoints e WHERE e.id = $1`,
      [delivery.endpointId],
    );
    if (!endpoint) return null;
    const { secretEncrypted, ...view } = endpoint;
    const secret = this.secrets.open(secretEncrypted, `webhook:${endpoint.id}`);
    if (delivery.kind === 'PING') {
      return {
        delivery,
        endpoint: view,
        secret,
        isHead: false,
        event: {
          id: delivery.eventId,
          seq: null,
          type: 'ping',
          occurredAt: delivery.createdAt.toISOString(),
          organizationId: delivery.orgId,
          origin: 'SYSTEM',
          connectionId: null,
          syncJobId: null,
          entityType: null,
          entityId: null,
          subjectId: null,
          data: { endpointId: endpoint.id },
        },
      };
    }
    const [event] = await this.rows<WebhookEventBody & { seq: string; occurredAt: Date }>(
      `SELECT id, seq::text AS seq, type, occurred_at AS "occurredAt", org_id AS "organizationId", origin,
         connection_id AS "connectionId", sync_job_id AS "syncJobId", entity_type AS "entityType",
         entity_id AS "entityId", subject_id AS "subjectId", data
       FROM change_events WHERE org_id = $1 AND seq = $2`,
      [delivery.orgId, delivery.eventSeq],
    );
    if (!event) return null;
    const [head] = delivery.kind === 'EVENT' ? [await this.head(endpoint.id)] : [null];
    return {
      delivery,
      endpoint: view,
      secret,
      isHead: head?.id === delivery.id,
      event: { ...event, seq: Number(event.seq), occurredAt: event.occurredAt.toISOString() },
    };
  }

  /**
   * Writes one attempt to the log and its effect on the delivery and the endpoint: a success
   * delivers and ends the endpoint's failure run; a failure extends it, and on the last allowed try
   * gives the delivery up (FAILED). Returns how long the endpoint's run of failures has lasted (0
   * after a success, or for an attempt that does not count for the endpoint).
   */
  async recordAttempt(
    delivery: WebhookDeliveryRecord,
    outcome: AttemptOutcome,
    options: { finalTry: boolean; countsForEndpoint: boolean },
  ): Promise<{ failingForMs: number }> {
    const error = outcome.ok ? null : [outcome.errorClass, outcome.errorReason].filter(Boolean).join(': ');
    return this.dataSource.transaction(async (manager) => {
      // The attempt number is the delivery's own count; a worker that died after sending and
      // before recording may leave a gap, never a duplicate.
      await manager.query(
        `INSERT INTO webhook_attempts (delivery_id, attempt, status_code, duration_ms, error_class, error_reason)
         VALUES ($1, (SELECT attempts + 1 FROM webhook_deliveries WHERE id = $1), $2, $3, $4, $5)`,
        [delivery.id, outcome.statusCode, outcome.durationMs, outcome.errorClass, outcome.errorReason],
      );
      await manager.query(
        `UPDATE webhook_deliveries SET attempts = attempts + 1, last_attempt_at = now(),
           last_status_code = $2, last_error = $3,
           status = CASE WHEN $4 THEN 'DELIVERED' WHEN $5 THEN 'FAILED' ELSE status END,
           delivered_at = CASE WHEN $4 THEN now() ELSE delivered_at END
         WHERE id = $1`,
        [delivery.id, outcome.statusCode, error, outcome.ok, options.finalTry],
      );
      if (!options.countsForEndpoint) return { failingForMs: 0 };
      // In a WITH: TypeORM answers a bare UPDATE … RETURNING as [rows, count].
      const [row] = (await manager.query(
        outcome.ok
          ? `WITH updated AS (
               UPDATE webhook_endpoints SET consecutive_failures = 0, failing_since = NULL, last_success_at = now()
               WHERE id = $1 RETURNING id)
             SELECT 0::float8 AS "failingForMs" FROM updated`
          : `WITH updated AS (
               UPDATE webhook_endpoints SET consecutive_failures = consecutive_failures + 1,
                 failing_since = coalesce(failing_since, now()) WHERE id = $1 RETURNING failing_since)
             SELECT (extract(epoch FROM now() - failing_since) * 1000)::float8 AS "failingForMs" FROM updated`,
        [delivery.endpointId],
      )) as { failingForMs: number }[];
      return { failingForMs: row?.failingForMs ?? 0 };
    });
  }

  /** Re-seals every endpoint secret still sealed with an old key (see ConnectionStore.rotateKeys). */
  async rotateKeys(): Promise<number> {
    const rows = await this.rows<{ id: string; sealed: string }>(
      `SELECT id, secret_encrypted AS sealed FROM webhook_endpoints`,
      [],
    );
    let rotated = 0;
    for (const row of rows) {
      if (!this.secrets.needsRotation(row.sealed)) continue;
      const secret = this.secrets.open(row.sealed, `webhook:${row.id}`);
      await this.rows(`UPDATE webhook_endpoints SET secret_encrypted = $2 WHERE id = $1`, [
        row.id,
        this.seal(row.id, secret),
      ]);
      rotated += 1;
    }
    return rotated;
  }

  private seal(endpointId: string, secret: string): string {
    // Bound to the endpoint: a sealed secret copied to another row does not open.
    return this.secrets.seal(secret, `webhook:${endpointId}`);
  }
}
