import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, KeyLike, SignJWT } from 'jose';
import { EmployeeByIdDocument } from '../generated/graphql';
import { dataOf, startTestApp, TEST_JWT_SECRET, TestApp } from '../support/app';
import { createEmployee, createOrganization } from '../support/factories';

/** Tokens from an identity provider, verified against its JWKS endpoint (RS256). */
describe('JWKS token verification', () => {
  let jwks: Server;
  let app: TestApp;
  let privateKey: KeyLike;
  let orgId: string;
  let employeeId: string;

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    privateKey = pair.privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'key-1', alg: 'RS256', use: 'sig' };
    jwks = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    const { port } = jwks.address() as AddressInfo;
    app = await startTestApp({
      AUTH_JWT_SECRET: '',
      AUTH_JWKS_URL: `http://127.0.0.1:${port}/.well-known/jwks.json`,
      AUTH_ISSUER: 'https://idp.example.test/',
      AUTH_AUDIENCE: 'itsm-directory',
    });
    orgId = await createOrganization(app.db.dataSource);
    employeeId = (await createEmployee(app.db.dataSource, orgId, { displayName: 'Jo Jwks' })).id;
  });
  afterAll(async () => {
    await app.stop();
    await new Promise<void>((resolve) => jwks.close(() => resolve()));
  });

  const sign = (
    claims: Record<string, unknown>,
    options: { kid?: string; issuer?: string; audience?: string } = {},
  ) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: options.kid ?? 'key-1' })
      .setIssuer(options.issuer ?? 'https://idp.example.test/')
      .setAudience(options.audience ?? 'itsm-directory')
      .setExpirationTime('10m')
      .sign(privateKey);

  it('accepts a token signed with a key from the JWKS', async () => {
    const token = await sign({ org_id: orgId });
    const data = dataOf(await app.request(EmployeeByIdDocument, { id: employeeId }, { token }));
    expect(data.employee?.displayName).toBe('Jo Jwks');
  });

  it.each([
    ['another audience', { audience: 'someone-else' }, 'token claim "aud" is not valid'],
    ['another issuer', { issuer: 'https://evil.example.test/' }, 'token claim "iss" is not valid'],
    ['an unknown key id', { kid: 'key-2' }, 'token was signed with an unknown key'],
  ])('refuses a token for %s', async (_label, options, message) => {
    const response = await app.request(
      EmployeeByIdDocument,
      { id: employeeId },
      { token: await sign({ org_id: orgId }, options) },
    );
    expect(response.status).toBe(401);
    expect(response.errors?.[0]).toMatchObject({ message, extensions: { code: 'UNAUTHENTICATED' } });
  });

  it('refuses an HS256 token when keys come from a JWKS', async () => {
    const token = await new SignJWT({ org_id: orgId })
      .setProtectedHeader({ alg: 'HS256' })
      .setExpirationTime('10m')
      .sign(new TextEncoder().encode(TEST_JWT_SECRET));
    const response = await app.request(EmployeeByIdDocument, { id: employeeId }, { token });
    expect(response.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });
});
