import { request } from 'node:http';
import { connect } from 'node:net';
import { createOrganization } from '../support/factories';
import { startTestApp, TestApp } from '../support/app';
import { ERROR, scimClient, scimConnection, USER } from './support';

/** Issue 10, finding 5: an oversized SCIM body is answered, not reset. */
describe('SCIM request bodies', () => {
  let app: TestApp;
  let token: string;

  beforeAll(async () => {
    app = await startTestApp({}, { sync: true });
    const orgId = await createOrganization(app.db.dataSource, 'Scim limits');
    ({ token } = await scimConnection(app, await app.token(orgId, ['admin']), 'Entra'));
  });
  afterAll(() => app.stop());

  it('answers a 5 MB body with 413 and a SCIM error', async () => {
    const scim = scimClient(app, token);
    const response = await scim('POST', '/Users', {
      schemas: [USER],
      userName: 'big@scim.test',
      padding: 'x'.repeat(5 * 1024 * 1024),
    });
    expect(response.status).toBe(413);
    expect(response.body.schemas).toEqual([ERROR]);
    expect(response.body.status).toBe('413');
  });

  it('answers a 5 MB body sent in chunks with 413 and a SCIM error, not a reset connection', async () => {
    const url = new URL(app.url.replace(/\/graphql$/, '/scim/v2/Users'));
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const outgoing = request(
        url,
        {
          method: 'POST',
          headers: { 'content-type': 'application/scim+json', authorization: `Bearer ${token}` },
        },
        (incoming) => {
          let body = '';
          incoming.setEncoding('utf8');
          incoming.on('data', (chunk: string) => (body += chunk));
          incoming.on('end', () => resolve({ status: incoming.statusCode ?? 0, body }));
          incoming.on('error', reject);
        },
      );
      outgoing.on('error', reject);
      outgoing.write(`{"schemas":["${USER}"],"userName":"chunks@scim.test","padding":"`);
      const chunk = 'y'.repeat(64 * 1024);
      for (let sent = 0; sent < 5 * 1024 * 1024; sent += chunk.length) outgoing.write(chunk);
      outgoing.end('"}');
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toMatchObject({ schemas: [ERROR], status: '413' });
  });

  it('answers a client that writes all of a 5 MB body before it reads', async () => {
    const url = new URL(app.url);
    const body = Buffer.from(
      JSON.stringify({ schemas: [USER], userName: 'raw@scim.test', padding: 'z'.repeat(5 * 1024 * 1024) }),
    );
    const head = Buffer.from(
      `POST /scim/v2/Users HTTP/1.1\r\nhost: ${url.host}\r\ncontent-type: application/scim+json\r\n` +
        `authorization: Bearer ${token}\r\ncontent-length: ${body.length}\r\n\r\n`,
    );
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(url.port), url.hostname);
      let received = '';
      socket.on('data', (chunk) => (received += chunk.toString('utf8')));
      socket.on('end', () => resolve(received));
      socket.on('error', reject);
      socket.write(Buffer.concat([head, body]));
    });
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(answer).toContain(ERROR);
  });

  it('answers a 5 MB GraphQL body with 413', async () => {
    const response = await fetch(app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ __typename }`, variables: { padding: 'x'.repeat(5 * 1024 * 1024) } }),
    });
    expect(response.status).toBe(413);
  });
});
