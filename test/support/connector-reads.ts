import { HttpTransport, OutboundPolicy } from '../../src/connectors/http';
import { ConnectorError, ReadRequest, SourcePage, SourceRecordError } from '../../src/connectors/types';

/** A read request as the engine makes one, never cancelled. */
export const readRequest = (
  mode: 'full' | 'incremental' = 'full',
  cursor: string | null = null,
): ReadRequest => ({
  mode,
  cursor,
  signal: new AbortController().signal,
});

/** Every page of a connector stream: the records, the record errors, and how many pages came. */
export async function collectPages<T>(
  pages: AsyncIterable<SourcePage<T>>,
): Promise<{ records: T[]; errors: SourceRecordError[]; pages: number }> {
  const records: T[] = [];
  const errors: SourceRecordError[] = [];
  let count = 0;
  for await (const page of pages) {
    records.push(...page.records);
    errors.push(...page.errors);
    count += 1;
  }
  return { records, errors, pages: count };
}

/** The ConnectorError the work fails with; anything else (or success) fails the test. */
export async function connectorFailure(work: Promise<unknown>): Promise<ConnectorError> {
  try {
    await work;
  } catch (error) {
    if (error instanceof ConnectorError) return error;
    throw error;
  }
  throw new Error('expected a ConnectorError');
}

/** The shared transport, allowed to reach this one fake only. */
export function transportTo(url: string): HttpTransport {
  return new HttpTransport({ outbound: new OutboundPolicy({ allowHosts: [new URL(url).host] }) });
}

/** Retry settings with waits shortened to milliseconds, for fakes that throttle or fail. */
export const FAST_RETRY = { maxThrottleRetries: 3, maxTemporaryRetries: 2, backoffMs: 1, maxWaitMs: 2_000 };
