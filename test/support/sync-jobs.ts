import { dataOf, TestApp } from './app';

/**
 * Polls `syncJob(id)` until the job leaves QUEUED/RUNNING and returns it with the given fields.
 * Fails the test with a clear message when it does not finish in time.
 */
export async function waitForSyncJob<T extends { status: string }>(
  app: TestApp,
  token: string,
  id: string,
  fields: string,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { syncJob } = dataOf(
      await app.request<{ syncJob: T }, { id: string }>(
        `query ($id: ID!) { syncJob(id: $id) { ${fields} } }`,
        { id },
        { token },
      ),
    );
    if (!['QUEUED', 'RUNNING'].includes(syncJob.status)) return syncJob;
    if (Date.now() > deadline)
      throw new Error(`sync ${id} did not finish within ${timeoutMs} ms (still ${syncJob.status})`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Triggers a sync of the connection through the graph, as an admin would, and waits for its end. */
export async function runSync<T extends { status: string }>(
  app: TestApp,
  token: string,
  connectionId: string,
  fields: string,
  syncType: 'FULL' | 'INCREMENTAL' = 'FULL',
  timeoutMs = 60_000,
): Promise<T> {
  const { triggerSync } = dataOf(
    await app.request<{ triggerSync: { id: string } }, Record<string, unknown>>(
      `mutation ($input: TriggerSyncInput!) { triggerSync(input: $input) { id } }`,
      { input: { connectionId, syncType } },
      { token },
    ),
  );
  return waitForSyncJob<T>(app, token, triggerSync.id, fields, timeoutMs);
}
