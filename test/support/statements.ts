import { Client } from 'pg';

/**
 * Counts the SQL statements this process actually sends to PostgreSQL (every pg Client.query
 * call, whoever makes it) while `work` runs.
 */
export async function countStatements<T>(
  work: () => Promise<T>,
): Promise<{ result: T; statements: string[] }> {
  const prototype = Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = prototype.query;
  const statements: string[] = [];
  prototype.query = function (this: Client, ...args: unknown[]) {
    const [config] = args;
    const text = typeof config === 'string' ? config : ((config as { text?: string })?.text ?? '');
    // A connection's statement_timeout is set when it goes from other work to a request (see
    // src/db/pool-share.ts): a session setting, not a statement of the query.
    if (!/^(SET|RESET) statement_timeout\b/.test(text)) statements.push(text.replace(/\s+/g, ' ').trim());
    return original.apply(this, args);
  };
  try {
    const result = await work();
    return { result, statements };
  } finally {
    prototype.query = original;
  }
}
