import { ChangeEventKind, ChangeEventRecord, ChangeEventStore } from '../directory/change-events';
import { ChangeEventBus } from './bus';

/** Events read per statement while a stream catches up. */
const PAGE = 500;

/** Replay and live streams of an organization's change events (what the graph offers). */
export class ChangeEvents {
  constructor(
    readonly store: ChangeEventStore,
    private readonly bus: ChangeEventBus,
  ) {}

  /**
   * The organization's committed events after `afterSeq` (null: from now on), then each event as
   * its transaction commits, in seq order, until `signal` aborts or the consumer returns. Every
   * event comes from the table, read by seq: the notification only says "up to N committed".
   */
  async *stream(
    orgId: string,
    afterSeq: string | null,
    types: readonly ChangeEventKind[] | null,
    signal?: AbortSignal,
  ): AsyncGenerator<ChangeEventRecord> {
    let wake: (() => void) | null = null;
    let pending = true;
    const stop = this.bus.onEventsCommitted((committedOrg) => {
      if (committedOrg !== orgId) return;
      pending = true;
      wake?.();
    });
    const aborted = new Promise<void>((resolve) =>
      signal?.addEventListener('abort', () => resolve(), { once: true }),
    );
    try {
      // Listening before reading the position: nothing committed in between goes unheard.
      await this.bus.start();
      let position = afterSeq ?? (await this.store.lastSeq(orgId));
      while (!signal?.aborted) {
        if (pending) {
          pending = false;
          // Up to the head as it is now; the type filter applies in SQL but the position moves
          // over every event read, so skipped types are never read again.
          const head = await this.store.lastSeq(orgId);
          while (BigInt(position) < BigInt(head)) {
            const page = await this.store.between(orgId, position, head, PAGE, types);
            for (const event of page.events) yield event;
            position = page.until;
          }
          continue;
        }
        await Promise.race([new Promise<void>((resolve) => (wake = resolve)), aborted]);
        wake = null;
      }
    } finally {
      stop();
    }
  }
}
