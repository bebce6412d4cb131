import { dataOf, startTestApp, TestApp } from '../support/app';
import { createEmployee, createOrganization } from '../support/factories';
import { ENTERPRISE, ERROR, items, patch, scimClient, ScimClient, scimConnection, USER } from './support';

/** Tokens, tenant isolation, discovery, errors (RFC 7644 §3.12), ETags, paging and projections. */
describe('SCIM: protocol', () => {
  let app: TestApp;
  let orgId: string;
  let admin: string;
  let connectionId: string;
  let token: string;
  let scim: ScimClient;
  let userId: string;

  beforeAll(async () => {
    app = await startTestApp({}, { sync: true });
    orgId = await createOrganization(app.db.dataSource);
    admin = await app.token(orgId, ['admin']);
    ({ connectionId, token } = await scimConnection(app, admin, 'Entra'));
    scim = scimClient(app, token);
    const created = await scim('POST', '/Users', {
      schemas: [USER],
      userName: 'grace@example.com',
      name: { givenName: 'Grace', familyName: 'Hopper' },
      emails: [{ value: 'grace@example.com', type: 'work', primary: true }],
      title: 'Rear Admiral',
    });
    userId = String(created.body.id);
  });
  afterAll(async () => app.stop());

  const gql = async <T>(query: string, variables: Record<string, unknown> = {}, bearer = admin) =>
    app.request<T, Record<string, unknown>>(query, variables, { token: bearer });
  const expectError = (
    response: { status: number; body: unknown; headers: Headers },
    status: number,
    scimType?: string,
  ) => {
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toBe('application/scim+json');
    expect(response.body).toEqual({
      schemas: [ERROR],
      status: String(status),
      ...(scimType ? { scimType } : {}),
      detail: expect.any(String),
    });
  };

  describe('tokens', () => {
    it('shows a token once, lists it without its secret, and records its use', async () => {
      const listed = dataOf(
        await gql<{ scimTokens: Record<string, unknown>[] }>(
          `query ($id: ID!) { scimTokens(connectionId: $id) { id connectionId prefix createdAt lastUsedAt revokedAt active } }`,
          { id: connectionId },
        ),
      ).scimTokens;
      expect(listed).toHaveLength(1);
      expect(listed[0]).toMatchObject({
        connectionId,
        prefix: token.slice(0, 11),
        active: true,
        revokedAt: null,
      });
      expect(listed[0].lastUsedAt).not.toBeNull();
      expect(JSON.stringify(listed)).not.toContain(token);
      const [stored] = await app.db.dataSource.query(`SELECT * FROM scim_tokens WHERE connection_id = $1`, [
        connectionId,
      ]);
      expect(JSON.stringify(stored)).not.toContain(token.slice(12));
      expect(token).toMatch(/^scim_[A-Za-z0-9_-]{43}$/);
    });

    it('refuses missing, wrong and revoked tokens with 401', async () => {
      const missing = await scim('GET', '/Users', undefined, { token: null });
      expectError(missing, 401);
      expect(missing.headers.get('www-authenticate')).toBe('Bearer realm="scim"');
      expectError(await scim('GET', '/Users', undefined, { token: 'scim_wrong' }), 401);
      expectError(await scim('GET', '/Users', undefined, { token: await app.token(orgId, ['admin']) }), 401);

      const { createScimToken } = dataOf(
        await gql<{ createScimToken: { id: string; token: string } }>(
          `mutation ($id: ID!) { createScimToken(connectionId: $id) { id token } }`,
          { id: connectionId },
        ),
      );
      expect((await scim('GET', '/Users', undefined, { token: createScimToken.token })).status).toBe(200);
      const { revokeScimToken } = dataOf(
        await gql<{ revokeScimToken: { active: boolean; revokedAt: string } }>(
          `mutation ($id: ID!) { revokeScimToken(id: $id) { active revokedAt } }`,
          { id: createScimToken.id },
        ),
      );
      expect(revokeScimToken.active).toBe(false);
      expectError(await scim('GET', '/Users', undefined, { token: createScimToken.token }), 401);
    });

    it('are for SCIM connections and for admins only', async () => {
      const hris = dataOf(
        await gql<{ createDirectoryConnection: { id: string } }>(
          `mutation { createDirectoryConnection(input: { name: "HR file", source: HRIS_IMPORT, config: { file: "/tmp/x.json" } }) { id } }`,
        ),
      ).createDirectoryConnection.id;
      const refused = await gql(`mutation ($id: ID!) { createScimToken(connectionId: $id) { token } }`, {
        id: hris,
      });
      expect(refused.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      const reader = await gql(
        `mutation ($id: ID!) { createScimToken(connectionId: $id) { token } }`,
        { id: connectionId },
        await app.token(orgId),
      );
      expect(reader.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      const pull = await gql(`mutation ($id: ID!) { triggerSync(input: { connectionId: $id }) { id } }`, {
        id: connectionId,
      });
      expect(pull.errors?.[0].message).toMatch(/cannot be pull-synced|pushed/);
    });
  });

  describe('isolation', () => {
    it("keeps another organization's token (and another connection's) away from these resources", async () => {
      const otherOrg = await createOrganization(app.db.dataSource);
      const other = await scimConnection(app, await app.token(otherOrg, ['admin']), 'Other org');
      const sibling = await scimConnection(app, admin, 'Second SCIM connection');
      for (const foreign of [scimClient(app, other.token), scimClient(app, sibling.token)]) {
        expectError(await foreign('GET', `/Users/${userId}`), 404);
        expectError(
          await foreign('PATCH', `/Users/${userId}`, patch({ op: 'replace', path: 'title', value: 'x' })),
          404,
        );
        expectError(
          await foreign('PUT', `/Users/${userId}`, { schemas: [USER], userName: 'grace@example.com' }),
          404,
        );
        expectError(await foreign('DELETE', `/Users/${userId}`), 404);
        const list = await foreign(
          'GET',
          `/Users?filter=${encodeURIComponent('userName eq "grace@example.com"')}`,
        );
        expect(list.body.totalResults).toBe(0);
        expect((await foreign('GET', '/Users')).body.totalResults).toBe(0);
      }
      // Nor can a group of the other connection take this user as a member.
      const group = await scimClient(app, sibling.token)('POST', '/Groups', {
        displayName: 'G',
        members: [{ value: userId }],
      });
      expectError(group, 400, 'invalidValue');
      expect((await scim('GET', `/Users/${userId}`)).body.title).toBe('Rear Admiral');
    });

    it('does not list people of the organization that the connection does not own', async () => {
      await createEmployee(app.db.dataSource, orgId, { email: 'hand.entered@example.com' });
      expect((await scim('GET', '/Users')).body.totalResults).toBe(1);
    });
  });

  describe('errors', () => {
    it('answers malformed JSON with invalidSyntax and a bad filter with invalidFilter', async () => {
      expectError(await scim('POST', '/Users', undefined, { raw: '{"userName": ' }), 400, 'invalidSyntax');
      expectError(await scim('POST', '/Users', undefined, { raw: '[1]' }), 400, 'invalidSyntax');
      expectError(await scim('PATCH', `/Users/${userId}`, { Operations: [] }), 400, 'invalidSyntax');
      expectError(
        await scim('PATCH', `/Users/${userId}`, patch({ op: 'copy', path: 'title' })),
        400,
        'invalidSyntax',
      );
      for (const filter of [
        'userName eq',
        'userName zz "x"',
        '(userName eq "x"',
        'userName eq "x" )',
        'nope eq "x"',
        'name eq "x"',
        'active gt true',
        'meta.created gt "not a date"',
      ]) {
        const response = await scim('GET', `/Users?filter=${encodeURIComponent(filter)}`);
        expect([filter, response.status, response.body.scimType]).toEqual([filter, 400, 'invalidFilter']);
      }
    });

    it('answers unknown PATCH paths with invalidPath, unmatched filters with noTarget, read-only ones with mutability', async () => {
      expectError(
        await scim(
          'PATCH',
          `/Users/${userId}`,
          patch({ op: 'replace', path: 'favouriteColour', value: 'x' }),
        ),
        400,
        'invalidPath',
      );
      expectError(
        await scim(
          'PATCH',
          `/Users/${userId}`,
          patch({ op: 'replace', path: 'emails[type eq "work"].colour', value: 'x' }),
        ),
        400,
        'invalidPath',
      );
      expectError(
        await scim(
          'PATCH',
          `/Users/${userId}`,
          patch({ op: 'replace', path: 'emails[value co "nomatch"].type', value: 'home' }),
        ),
        400,
        'noTarget',
      );
      expectError(await scim('PATCH', `/Users/${userId}`, patch({ op: 'remove' })), 400, 'noTarget');
      expectError(
        await scim('PATCH', `/Users/${userId}`, patch({ op: 'replace', path: 'id', value: 'x' })),
        400,
        'mutability',
      );
      expectError(
        await scim('PATCH', `/Users/${userId}`, patch({ op: 'replace', path: 'meta.created', value: 'x' })),
        400,
        'mutability',
      );
      expectError(
        await scim('PUT', `/Users/${userId}`, {
          id: '00000000-0000-0000-0000-000000000000',
          userName: 'grace@example.com',
        }),
        400,
        'mutability',
      );
      expectError(
        await scim('PATCH', `/Users/${userId}`, patch({ op: 'replace', path: 'active', value: 'maybe' })),
        400,
        'invalidValue',
      );
      expectError(
        await scim('PATCH', `/Users/${userId}`, patch({ op: 'remove', path: 'userName' })),
        400,
        'invalidValue',
      );
      expect((await scim('GET', `/Users/${userId}`)).body.title).toBe('Rear Admiral');
    });

    it('answers a taken userName with 409 uniqueness, and accepts a shared email or none', async () => {
      expectError(
        await scim('POST', '/Users', { schemas: [USER], userName: 'GRACE@example.com' }),
        409,
        'uniqueness',
      );
      await createEmployee(app.db.dataSource, orgId, { email: 'taken@example.com' });
      const other = await scim('POST', '/Users', {
        schemas: [USER],
        userName: 'ada@example.com',
        emails: [{ value: 'ada@example.com' }],
      });
      expect(other.status).toBe(201);
      // An email another person of the directory (owned by another source) has.
      const [hris] = await app.db.dataSource.query(
        `INSERT INTO directory_connections (org_id, name, source, config_encrypted) VALUES ($1, 'HR', 'hris_import', 'x') RETURNING id`,
        [orgId],
      );
      await app.db.dataSource.query(
        `UPDATE employees SET connection_id = $1 WHERE email = 'taken@example.com'`,
        [hris.id],
      );
      // E-mails may be shared (uniqueness "none" in /Schemas).
      const shared = await scim(
        'PATCH',
        `/Users/${other.body.id}`,
        patch({ op: 'replace', path: 'emails[type eq "work"].value', value: 'taken@example.com' }),
      );
      expect(shared.status).toBe(200);
      expectError(
        await scim(
          'PATCH',
          `/Users/${other.body.id}`,
          patch({ op: 'replace', path: 'userName', value: 'grace@example.com' }),
        ),
        409,
        'uniqueness',
      );
      // SCIM requires only userName: a user without e-mail is created.
      expect((await scim('POST', '/Users', { schemas: [USER], userName: 'no-email-here' })).status).toBe(201);
      expectError(
        await scim('POST', '/Users', {
          schemas: [USER],
          userName: 'bad@example.com',
          emails: [{ value: 'not an email' }],
        }),
        400,
        'invalidValue',
      );
      expectError(
        await scim('POST', '/Users', { schemas: [USER], name: { givenName: 'No' } }),
        400,
        'invalidValue',
      );
    });

    it('adopts a person no source owns yet instead of duplicating them', async () => {
      const existing = await createEmployee(app.db.dataSource, orgId, {
        email: 'alan@example.com',
        startDate: '2020-01-02',
      });
      const created = await scim('POST', '/Users', {
        schemas: [USER],
        userName: 'alan@example.com',
        title: 'Mathematician',
      });
      expect(created.status).toBe(201);
      expect(created.body.id).toBe(existing.id);
      const [row] = await app.db.dataSource.query(
        `SELECT connection_id, start_date::text, job_title FROM employees WHERE id = $1`,
        [existing.id],
      );
      expect(row).toEqual({
        connection_id: connectionId,
        start_date: '2020-01-02',
        job_title: 'Mathematician',
      });
    });

    it('refuses a manager cycle, and members that would nest a group in itself', async () => {
      const boss = await scim('POST', '/Users', {
        schemas: [USER, ENTERPRISE],
        userName: 'boss@example.com',
        [ENTERPRISE]: { manager: { value: userId } },
      });
      expect(boss.status).toBe(201);
      expectError(
        await scim(
          'PATCH',
          `/Users/${userId}`,
          patch({ op: 'replace', path: `${ENTERPRISE}:manager`, value: boss.body.id }),
        ),
        400,
        'invalidValue',
      );
      expectError(
        await scim(
          'PATCH',
          `/Users/${userId}`,
          patch({ op: 'replace', path: `${ENTERPRISE}:manager`, value: userId }),
        ),
        400,
        'invalidValue',
      );
      const outer = await scim('POST', '/Groups', { displayName: 'Outer' });
      const inner = await scim('POST', '/Groups', {
        displayName: 'Inner',
        members: [{ value: outer.body.id, type: 'Group' }],
      });
      expect(inner.status).toBe(201);
      expectError(
        await scim(
          'PATCH',
          `/Groups/${outer.body.id}`,
          patch({ op: 'add', path: 'members', value: [{ value: inner.body.id }] }),
        ),
        400,
        'invalidValue',
      );
      expectError(
        await scim(
          'PATCH',
          `/Groups/${outer.body.id}`,
          patch({ op: 'add', path: 'members', value: [{ value: outer.body.id }] }),
        ),
        400,
        'invalidValue',
      );
    });

    it('answers unsupported endpoints and methods', async () => {
      expectError(await scim('GET', '/Me'), 501);
      expectError(await scim('GET', '/Bulk'), 405);
      expectError(await scim('DELETE', '/Users'), 405);
      expectError(await scim('GET', '/Widgets'), 404);
      expectError(await scim('GET', '/Users/not-an-id'), 404);
      expectError(
        await scim('POST', '/Users', undefined, {
          raw: JSON.stringify({ userName: 'x'.repeat(5 * 1024 * 1024) }),
        }),
        413,
      );
    });
  });

  describe('versions', () => {
    it('honours If-Match: 412 on a stale version, the write on the current one', async () => {
      const current = await scim('GET', `/Users/${userId}`);
      const etag = String(current.headers.get('etag'));
      expect(etag).toMatch(/^W\/"[0-9a-f]{16}"$/);
      expect(
        (await scim('GET', `/Users/${userId}`, undefined, { headers: { 'if-none-match': etag } })).status,
      ).toBe(304);
      const stale = await scim(
        'PATCH',
        `/Users/${userId}`,
        patch({ op: 'replace', path: 'title', value: 'Commodore' }),
        {
          headers: { 'if-match': 'W/"0000000000000000"' },
        },
      );
      expectError(stale, 412);
      const fresh = await scim(
        'PATCH',
        `/Users/${userId}`,
        patch({ op: 'replace', path: 'title', value: 'Commodore' }),
        {
          headers: { 'if-match': etag },
        },
      );
      expect(fresh.status).toBe(200);
      expect(fresh.headers.get('etag')).not.toBe(etag);
      expectError(
        await scim('DELETE', `/Users/${userId}`, undefined, { headers: { 'if-match': etag } }),
        412,
      );
      // An unchanged write keeps the version.
      const again = await scim(
        'PATCH',
        `/Users/${userId}`,
        patch({ op: 'replace', path: 'title', value: 'Commodore' }),
      );
      expect(again.headers.get('etag')).toBe(fresh.headers.get('etag'));
    });
  });

  describe('concurrency', () => {
    it('serialises concurrent writes of one connection: none fails, no membership is lost', async () => {
      const created = await Promise.all(
        Array.from({ length: 8 }, (_, n) =>
          scim('POST', '/Users', { schemas: [USER], userName: `parallel${n}@example.com` }),
        ),
      );
      expect(created.map((response) => response.status)).toEqual(Array(8).fill(201));
      const target = String(created[0].body.id);
      const patched = await Promise.all(
        Array.from({ length: 8 }, (_, n) =>
          scim(
            'PATCH',
            `/Users/${target}`,
            patch({ op: 'add', path: 'phoneNumbers', value: [{ value: `+${n}`, type: `t${n}` }] }),
          ),
        ),
      );
      expect(patched.map((response) => response.status)).toEqual(Array(8).fill(200));
      const group = await scim('POST', '/Groups', { displayName: 'Parallel' });
      await Promise.all(
        created.map((user) =>
          scim(
            'PATCH',
            `/Groups/${group.body.id}`,
            patch({ op: 'add', path: 'members', value: [{ value: user.body.id }] }),
          ),
        ),
      );
      expect(items((await scim('GET', `/Groups/${group.body.id}`)).body.members)).toHaveLength(8);
    });
  });

  describe('queries', () => {
    it('pages with startIndex and count, caps count at 1000, and counts with count=0', async () => {
      await app.db.dataSource.query(
        `INSERT INTO employees (org_id, connection_id, source, external_id, email, display_name, username)
         SELECT $1, $2, 'scim', 'bulk-' || n, 'bulk' || n || '@example.com', 'Bulk ' || lpad(n::text, 4, '0'), 'bulk' || n || '@example.com'
         FROM generate_series(1, 1005) n`,
        [orgId, connectionId],
      );
      const total = (await scim('GET', '/Users?count=0')).body;
      expect(total).toMatchObject({ itemsPerPage: 0, Resources: [] });
      expect(Number(total.totalResults)).toBeGreaterThan(1005);
      const capped = await scim('GET', '/Users?count=5000&attributes=userName');
      expect(capped.body.itemsPerPage).toBe(1000);
      const page = await scim(
        'GET',
        `/Users?filter=${encodeURIComponent('userName sw "bulk"')}&sortBy=displayName&sortOrder=descending&startIndex=3&count=2`,
      );
      expect(page.body).toMatchObject({ totalResults: 1005, startIndex: 3, itemsPerPage: 2 });
      expect(items(page.body.Resources).map((user) => user.displayName)).toEqual(['Bulk 1003', 'Bulk 1002']);
      const beyond = await scim(
        'GET',
        `/Users?filter=${encodeURIComponent('userName sw "bulk"')}&startIndex=2000`,
      );
      expect(beyond.body).toMatchObject({ totalResults: 1005, itemsPerPage: 0, Resources: [] });
      expectError(await scim('GET', '/Users?count=ten'), 400, 'invalidValue');
      expectError(await scim('GET', '/Users?sortBy=favouriteColour'), 400, 'invalidValue');
    });

    it('returns only the attributes asked for, or all but the excluded ones', async () => {
      const only = await scim(
        'GET',
        `/Users/${userId}?attributes=userName,name.familyName,${ENTERPRISE}:department`,
      );
      expect(only.body).toEqual({
        schemas: [USER, ENTERPRISE],
        id: userId,
        userName: 'grace@example.com',
        name: { familyName: 'Hopper' },
      });
      const without = await scim(
        'GET',
        `/Users/${userId}?excludedAttributes=emails,groups,name.givenName,id`,
      );
      expect(without.body.emails).toBeUndefined();
      expect(without.body.groups).toBeUndefined();
      expect(without.body.id).toBe(userId);
      expect(without.body.name).toEqual({ formatted: 'Grace Hopper', familyName: 'Hopper' });
    });

    it('searches with POST /.search', async () => {
      const response = await scim('POST', '/Users/.search', {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'],
        filter: 'title eq "commodore"',
        attributes: ['userName'],
        startIndex: 1,
        count: 10,
      });
      expect(response.status).toBe(200);
      expect(response.body.Resources).toEqual([
        { schemas: [USER, ENTERPRISE], id: userId, userName: 'grace@example.com' },
      ]);
    });
  });

  describe('discovery', () => {
    it('serves ServiceProviderConfig, Schemas and ResourceTypes (no token needed; a bad one is refused)', async () => {
      const config = await scim('GET', '/ServiceProviderConfig', undefined, { token: null });
      expect(config.status).toBe(200);
      expect(config.body).toMatchObject({
        patch: { supported: true },
        bulk: { supported: true },
        filter: { supported: true, maxResults: 1000 },
        etag: { supported: true },
        sort: { supported: true },
        authenticationSchemes: [{ type: 'oauthbearertoken' }],
      });
      const schemas = await scim('GET', '/Schemas');
      expect(items(schemas.body.Resources).map((schema) => schema.id)).toEqual([
        USER,
        ENTERPRISE,
        'urn:ietf:params:scim:schemas:core:2.0:Group',
      ]);
      const user = await scim('GET', `/Schemas/${USER}`);
      const userName = items(user.body.attributes).find((attribute) => String(attribute.name) === 'userName');
      expect(userName).toMatchObject({
        type: 'string',
        required: true,
        caseExact: false,
        uniqueness: 'server',
        mutability: 'readWrite',
      });
      const types = await scim('GET', '/ResourceTypes');
      expect(items(types.body.Resources).map((type) => type.endpoint)).toEqual(['/Users', '/Groups']);
      expect((await scim('GET', '/ResourceTypes/User')).body.schemaExtensions).toEqual([
        { schema: ENTERPRISE, required: false },
      ]);
      expectError(await scim('GET', '/Schemas/urn:nope'), 404);
      expectError(await scim('GET', '/ServiceProviderConfig', undefined, { token: 'scim_bad' }), 401);
    });
  });
});
