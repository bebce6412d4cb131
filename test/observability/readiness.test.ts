import { startTestApp, TestApp } from '../support/app';
import { refuseConnections } from '../support/databases';

/**
 * /readyz tells a load balancer to stop sending traffic while PostgreSQL does not answer, with a
 * 503 and a reason (it used to fail with a 500), and says ready again once it answers.
 */
describe('readiness without the database', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await refuseConnections(app.db.name, false);
    await app.stop();
  });

  const readiness = async () => {
    const response = await fetch(new URL('/readyz', app.url));
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it('answers 503 naming the database while it refuses connections, and 200 after', async () => {
    expect(await readiness()).toEqual({ status: 200, body: { status: 'ready' } });
    await refuseConnections(app.db.name, true);
    expect(await readiness()).toEqual({
      status: 503,
      body: { status: 'not ready', reason: 'the database (PostgreSQL) is unreachable' },
    });
    // Liveness does not depend on the database: the process is alive, only not ready.
    expect((await fetch(new URL('/healthz', app.url))).status).toBe(200);
    await refuseConnections(app.db.name, false);
    expect(await readiness()).toEqual({ status: 200, body: { status: 'ready' } });
  });
});
