import { Client } from 'pg';
import { logger } from '../observability/logger';

/** The channel the database's flush notifies on, with the payload `<org id>:<last seq>`. */
export const CHANGE_EVENTS_CHANNEL = 'hrdir_change_events';

/** Called after a commit wrote events of an organization, up to and including `lastSeq` (decimal). */
export type EventsCommittedListener = (orgId: string, lastSeq: string) => void;

const RECONNECT_MS = 1_000;

/**
 * In-process news of committed change events, from Postgres LISTEN/NOTIFY. The database notifies
 * in the committing transaction (the flush trigger), and Postgres delivers a notification only
 * once that transaction has committed: a listener never hears of an event it cannot read yet, and
 * no write path has to remember to publish. Every process that starts a bus hears every commit of
 * every organization, from any API or worker process.
 *
 * Notifications carry no events: a listener reads them from change_events by seq (the gapless
 * per-organization sequence), so one missed or merged notification loses nothing. After the
 * LISTEN connection was lost and came back, the bus calls its listeners once for every
 * organization with events (its last seq now): what was notified meanwhile is not lost either.
 */
export class ChangeEventBus {
  private client: Client | null = null;
  private starting: Promise<void> | null = null;
  private closed = false;
  private readonly listeners = new Set<EventsCommittedListener>();
  private reconnectTimer: NodeJS.Timeout | null = null;

  constructor(private readonly databaseUrl: string) {}

  /**
   * Calls `listener` after every commit that wrote change events, until the returned function is
   * called. Listens to the database from the first listener on. Listeners run synchronously on
   * the notification; they should hand work off (queue it) and not throw.
   */
  onEventsCommitted(listener: EventsCommittedListener): () => void {
    this.listeners.add(listener);
    void this.start().catch(() => undefined);
    return () => this.listeners.delete(listener);
  }

  /** Resolves once the bus listens (a subscription starts reading only then, so it misses nothing). */
  start(): Promise<void> {
    if (this.closed) return Promise.reject(new Error('the change event bus is closed'));
    this.starting ??= this.connect().catch((error: unknown) => {
      this.starting = null;
      this.scheduleReconnect();
      throw error;
    });
    return this.starting;
  }

  private async connect(): Promise<void> {
    const client = new Client({
      connectionString: this.databaseUrl,
      application_name: 'hrdir-change-events',
    });
    client.on('notification', (message) => {
      if (message.channel !== CHANGE_EVENTS_CHANNEL || !message.payload) return;
      const [orgId, lastSeq] = message.payload.split(':');
      this.emit(orgId, lastSeq);
    });
    client.on('error', (error: Error) => {
      logger.warn({ reason: error.message }, 'change event bus lost its database connection');
      this.client = null;
      this.starting = null;
      void client.end().catch(() => undefined);
      this.scheduleReconnect();
    });
    await client.connect();
    await client.query(`LISTEN ${CHANGE_EVENTS_CHANNEL}`);
    this.client = client;
  }

  private scheduleReconnect(): void {
    if (this.closed || this.reconnectTimer || this.listeners.size === 0) return;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.start()
        // Notifications sent while nobody listened are gone: every organization's head, once.
        .then(() =>
          this.client?.query<{ org_id: string; last_seq: string }>(
            `SELECT org_id, last_seq::text FROM org_event_counters`,
          ),
        )
        .then((result) => {
          for (const row of result?.rows ?? []) this.emit(row.org_id, row.last_seq);
        })
        .catch(() => undefined);
    }, RECONNECT_MS);
    this.reconnectTimer.unref();
  }

  private emit(orgId: string, lastSeq: string): void {
    for (const listener of this.listeners) {
      try {
        listener(orgId, lastSeq);
      } catch (error) {
        logger.warn({ reason: (error as Error).message }, 'a change event listener failed');
      }
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.listeners.clear();
    await this.starting?.catch(() => undefined);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }
}
