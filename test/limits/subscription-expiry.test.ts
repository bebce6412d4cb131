import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { signDevToken } from '../../src/auth/token-verifier';
import { startTestApp, TEST_JWT_SECRET, TestApp } from '../support/app';
import { createOrganization } from '../support/factories';

/** Issue 10, finding 6: a subscription must not outlive its token. */
describe('subscriptions and token expiry', () => {
  let app: TestApp;
  let orgId: string;

  beforeAll(async () => {
    app = await startTestApp({}, { sync: true });
    orgId = await createOrganization(app.db.dataSource, 'Expiring');
  });
  afterAll(() => app.stop());

  it('closes the connection with 4401 when the token expires', async () => {
    const token = await signDevToken(TEST_JWT_SECRET, { orgId, roles: ['admin'], expiresIn: '2s' });
    const client = createClient({
      url: app.url.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${token}` },
      retryAttempts: 0,
    });
    const connected = new Promise<void>((resolve) => client.on('connected', () => resolve()));
    const closed = new Promise<{ code: number; reason: string }>((resolve) =>
      client.on('closed', (event) => {
        const { code, reason } = event as { code: number; reason: string };
        resolve({ code, reason: String(reason) });
      }),
    );
    const ended = new Promise<unknown>((resolve) =>
      client.subscribe(
        { query: 'subscription { syncJobUpdated { id status } }' },
        { next: () => undefined, error: resolve, complete: () => resolve('completed') },
      ),
    );
    try {
      await connected;
      // The subscription was accepted while the token was valid; it ends when the token does.
      expect(await closed).toEqual({ code: 4401, reason: 'Token expired' });
      await ended;
    } finally {
      await client.dispose();
    }
  });
});
