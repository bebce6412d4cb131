/**
 * The LDAP connector's pure parts: DNs (RFC 4514), filters (RFC 4515), objectGUID byte order,
 * GeneralizedTime, the cursor, configuration validation, entry mapping and error mapping. The
 * connector against a real slapd is in ldap.test.ts.
 */
import {
  BusyError,
  InsufficientAccessError,
  InvalidCredentialsError,
  NoSuchObjectError,
  SizeLimitExceededError,
  StrongAuthRequiredError,
  UnavailableError,
} from 'ldapts';
import { ZodError } from 'zod';
import { ldapConnector, LdapConfig } from '../../src/connectors/ldap';
import {
  DnSyntaxError,
  escapeDnValue,
  formatDn,
  leafValue,
  normalizeDn,
  parseDn,
} from '../../src/connectors/ldap/dn';
import {
  andFilter,
  atLeastFilter,
  checkFilter,
  equalityFilter,
  escapeFilterBytes,
  escapeFilterValue,
  FilterSyntaxError,
  unescapeUtf8Runs,
} from '../../src/connectors/ldap/filter';
import {
  decodeCursor,
  encodeCursor,
  nextTimestamp,
  nextUsn,
  OVERLAP_MS,
} from '../../src/connectors/ldap/ldap-cursor';
import {
  EntryReader,
  formatGeneralizedTime,
  formatObjectGuid,
  mapGroupEntry,
  mapUserEntry,
  MappingContext,
  objectGuidBytes,
  parseGeneralizedTime,
} from '../../src/connectors/ldap/ldap-entry';
import { LdapTimeoutError, redact, toConnectorError } from '../../src/connectors/ldap/ldap-errors';
import { effectiveAttributes } from '../../src/connectors/ldap/ldap.config';
import { DnIndex } from '../../src/connectors/ldap/ldap.connector';
import { ConnectorError } from '../../src/connectors/types';

describe('DNs (RFC 4514)', () => {
  it('parses escapes, hex pairs, multi-valued RDNs and #hex values', () => {
    expect(parseDn('cn=Smith\\, John,ou=People,dc=example,dc=com')).toEqual([
      [{ type: 'cn', value: 'Smith, John' }],
      [{ type: 'ou', value: 'People' }],
      [{ type: 'dc', value: 'example' }],
      [{ type: 'dc', value: 'com' }],
    ]);
    expect(parseDn('cn=\\22Q\\22 \\2B\\3B\\3C\\3E\\3D\\5C,dc=x')[0][0].value).toBe('"Q" +;<>=\\');
    expect(parseDn('cn=A+uid=b,dc=x')[0]).toEqual([
      { type: 'cn', value: 'A' },
      { type: 'uid', value: 'b' },
    ]);
    // Runs of hex pairs are UTF-8.
    expect(parseDn('cn=\\C3\\9Cn\\C3\\AFc\\C3\\B8d\\C3\\A9,dc=x')[0][0].value).toBe('Ünïcødé');
    expect(parseDn('1.3.6.1.4.1.1466.0=#04024869,dc=x')[0][0]).toEqual({
      type: '1.3.6.1.4.1.1466.0',
      value: '04024869',
      hex: true,
    });
    expect(parseDn('')).toEqual([]);
  });

  it('keeps escaped leading and trailing spaces and drops unescaped ones', () => {
    expect(parseDn('cn=\\ padded\\ ,dc=x')[0][0].value).toBe(' padded ');
    expect(parseDn('cn=\\20padded\\20,dc=x')[0][0].value).toBe(' padded ');
    expect(parseDn('CN = Jane Doe , OU = x')).toEqual([
      [{ type: 'CN', value: 'Jane Doe' }],
      [{ type: 'OU', value: 'x' }],
    ]);
  });

  it('accepts the RFC 2253 quoted form and OID. prefixes when reading', () => {
    expect(parseDn('cn="Smith, John",dc=x')[0][0].value).toBe('Smith, John');
    expect(parseDn('OID.2.5.4.3=Jane,dc=x')[0][0].type).toBe('2.5.4.3');
  });

  it('rejects what is not a DN', () => {
    for (const bad of ['cn', 'cn=a,', '=a', 'cn=a\\', 'cn=a\\zz', 'cn=#abc', 'c n=a']) {
      expect(() => parseDn(bad)).toThrow(DnSyntaxError);
    }
  });

  it('escapes values so that they round-trip', () => {
    expect(escapeDnValue('Smith, John')).toBe('Smith\\, John');
    expect(escapeDnValue('a/b+c;d<e>f=g#h')).toBe('a/b\\+c\\;d\\<e\\>f=g#h');
    expect(escapeDnValue('"Q" \\')).toBe('\\"Q\\" \\\\');
    expect(escapeDnValue(' lead and trail ')).toBe('\\ lead and trail\\ ');
    expect(escapeDnValue('#hash')).toBe('\\#hash');
    expect(escapeDnValue('nul\0')).toBe('nul\\00');
    for (const value of ['Smith, John', ' x ', '#x', 'a+b', '"', '\\', 'Ünïcødé Ñame', 'a/b', '   ']) {
      const dn = formatDn([[{ type: 'cn', value }], [{ type: 'dc', value: 'x' }]]);
      expect(parseDn(dn)[0][0].value).toBe(value);
    }
  });

  it('normalizes every spelling of a name to the same key', () => {
    const key = normalizeDn('cn=Smith\\, John,ou=people,dc=example,dc=com');
    for (const spelling of [
      'CN=SMITH\\2C JOHN,OU=PEOPLE,DC=EXAMPLE,DC=COM',
      'cn=smith\\2c john, ou=People, dc=example, dc=com',
      'cn="Smith, John",ou=people,dc=example,dc=com',
      '2.5.4.3=Smith\\, John,2.5.4.11=people,0.9.2342.19200300.100.1.25=example,dc=com',
      'cn=Smith\\,  John,ou=people,dc=example,dc=com', // insignificant inner spaces (RFC 4518)
    ]) {
      expect(normalizeDn(spelling)).toBe(key);
    }
    expect(normalizeDn('uid=b+cn=A,dc=x')).toBe(normalizeDn('cn=a+UID=B,dc=x'));
    expect(normalizeDn('cn=Ünïcødé,dc=x')).toBe(normalizeDn('cn=\\c3\\9cn\\c3\\afc\\c3\\b8d\\c3\\a9,dc=x'));
    expect(normalizeDn('cn=Smith,dc=x')).not.toBe(normalizeDn('cn=Smith,dc=y'));
    expect(normalizeDn('cn=a\\,b,dc=x')).not.toBe(normalizeDn('cn=a,cn=b,dc=x'));
    // The key is itself a DN.
    expect(normalizeDn(key)).toBe(key);
  });

  it('reads the leaf value', () => {
    expect(leafValue('cn=R&D\\, Europe,ou=groups,dc=x')).toBe('R&D, Europe');
  });
});

describe('filters (RFC 4515)', () => {
  it('escapes the five special characters, nothing else', () => {
    expect(escapeFilterValue('*)(uid=*')).toBe('\\2a\\29\\28uid=\\2a');
    expect(escapeFilterValue('a\\b\0c')).toBe('a\\5cb\\00c');
    expect(escapeFilterValue('Ünïcødé & co')).toBe('Ünïcødé & co');
    expect(escapeFilterBytes(Buffer.from([0x00, 0x2a, 0xff]))).toBe('\\00\\2a\\ff');
  });

  it('cannot be widened by a value', () => {
    const malicious = '*)(uid=*';
    const filter = andFilter('(objectClass=inetOrgPerson)', equalityFilter('uid', malicious));
    expect(filter).toBe('(&(objectClass=inetOrgPerson)(uid=\\2a\\29\\28uid=\\2a))');
    // One equality item, not a wildcard plus a second clause.
    expect(checkFilter(filter)).toBe(filter);
    expect(atLeastFilter('modifyTimestamp', '20240101000000Z)(|(uid=*')).toBe(
      '(modifyTimestamp>=20240101000000Z\\29\\28|\\28uid=\\2a)',
    );
    expect(() => equalityFilter('uid=*)(cn', 'x')).toThrow(FilterSyntaxError);
  });

  it('accepts well-formed filters, including AD extensible matches', () => {
    for (const filter of [
      '(objectClass=user)',
      '(&(objectCategory=person)(objectClass=user)(!(userAccountControl:1.2.840.113556.1.4.803:=2)))',
      '(|(cn=Jo*hn*)(sn=*son)(mail=*))',
      '(cn:dn:=Jane)',
      '(:dn:2.4.6.8.10:=x)',
      '(&(cn>=a)(cn<=z)(cn~=jon))',
      '(cn=a\\2ab\\28\\29)',
      '(memberOf=CN=Staff,OU=Groups,DC=corp,DC=example)',
    ]) {
      expect(checkFilter(filter)).toBe(filter);
    }
    expect(checkFilter('objectClass=user')).toBe('(objectClass=user)');
  });

  it('rejects anything that could break out of the wrapping (&…)', () => {
    for (const filter of [
      '(uid=*)(uid=*', // the classic injection shape, as a whole filter
      '(objectClass=*))(|(uid=*',
      '(&(a=b)(c=d)',
      '(a=b))',
      '(a=b)(c=d)',
      '(&)',
      '(a=b(c)',
      '(a=\\zz)',
      '(a>=b*)',
      '(:=x)',
      '()',
      '',
    ]) {
      expect(() => checkFilter(filter)).toThrow(FilterSyntaxError);
    }
  });

  it('spells escaped UTF-8 as characters for ldapts (which would decode each byte on its own)', () => {
    expect(unescapeUtf8Runs('(cn=caf\\c3\\a9)')).toBe('(cn=café)');
    expect(unescapeUtf8Runs('(cn=a\\2a\\28)')).toBe('(cn=a\\2a\\28)');
    expect(unescapeUtf8Runs('(cn=\\5c\\c3\\a9)')).toBe('(cn=\\5cé)');
    expect(unescapeUtf8Runs('(objectGUID=\\c9\\8b\\91)')).toBe('(objectGUID=\\c9\\8b\\91)'); // not UTF-8
  });
});

describe('objectGUID byte order', () => {
  it('formats known values as Windows does', () => {
    // Microsoft's Guid.ToByteArray example.
    expect(formatObjectGuid(Buffer.from('c98b91356d19ea409779889d79b753f0', 'hex'))).toBe(
      '35918bc9-196d-40ea-9779-889d79b753f0',
    );
    // Atlassian Crowd's GuidHelper example.
    expect(formatObjectGuid(Buffer.from('6797e1e5ecb5154f960f865c28c015fa', 'hex'))).toBe(
      'e5e19767-b5ec-4f15-960f-865c28c015fa',
    );
    // Python's uuid.UUID(bytes_le=…) on the bytes 496772AF…
    expect(formatObjectGuid(Buffer.from('496772af62194d45b2503963fba0e277', 'hex'))).toBe(
      'af726749-1962-454d-b250-3963fba0e277',
    );
    expect(() => formatObjectGuid(Buffer.alloc(15))).toThrow(RangeError);
  });

  it('round-trips', () => {
    const guid = '35918bc9-196d-40ea-9779-889d79b753f0';
    expect(objectGuidBytes(guid).toString('hex')).toBe('c98b91356d19ea409779889d79b753f0');
    expect(formatObjectGuid(objectGuidBytes(guid))).toBe(guid);
  });
});

describe('GeneralizedTime', () => {
  it('reads the forms servers send', () => {
    expect(parseGeneralizedTime('20240101123045Z')?.toISOString()).toBe('2024-01-01T12:30:45.000Z');
    expect(parseGeneralizedTime('20240101123045.5Z')?.toISOString()).toBe('2024-01-01T12:30:45.500Z');
    expect(parseGeneralizedTime('20240101123045.0Z')?.toISOString()).toBe('2024-01-01T12:30:45.000Z');
    expect(parseGeneralizedTime('20240101140045+0130')?.toISOString()).toBe('2024-01-01T12:30:45.000Z');
    expect(parseGeneralizedTime('2024010112Z')?.toISOString()).toBe('2024-01-01T12:00:00.000Z');
    expect(parseGeneralizedTime('yesterday')).toBeNull();
    expect(formatGeneralizedTime(new Date('2024-01-01T12:30:45.900Z'))).toBe('20240101123045Z');
  });
});

describe('incremental cursor', () => {
  const scope = 'abc';

  it('round-trips and refuses cursors it cannot use', () => {
    const usn = encodeCursor({ v: 1, kind: 'usn', next: '12346', dc: 'CN=NTDS Settings,CN=DC1', scope });
    expect(decodeCursor(usn, { kind: 'usn', scope })).toMatchObject({
      next: '12346',
      dc: 'CN=NTDS Settings,CN=DC1',
    });
    const time = encodeCursor({ v: 1, kind: 'time', next: '20240101000001Z', scope });
    const expectExpired = (text: string, kind: 'usn' | 'time' = 'time') => {
      let caught: unknown;
      try {
        decodeCursor(text, { kind, scope });
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(ConnectorError);
      expect((caught as ConnectorError).code).toBe('CURSOR_EXPIRED');
    };
    expectExpired(time, 'usn');
    expectExpired(encodeCursor({ v: 1, kind: 'time', next: '20240101000001Z', scope: 'other' }));
    expectExpired('not json');
    expectExpired('{"v":2}');
    // A tampered cursor cannot smuggle filter text in.
    expectExpired(JSON.stringify({ v: 1, kind: 'time', next: '*)(uid=*', scope }));
    expectExpired(JSON.stringify({ v: 1, kind: 'usn', next: '1)(cn=*', dc: null, scope }), 'usn');
  });

  it('AD: starts after highestCommittedUSN, else after the highest uSNChanged seen; never goes back', () => {
    expect(nextUsn({ previous: null, highestCommitted: 5000n, maxSeen: 4990n })).toBe(5001n);
    expect(nextUsn({ previous: null, highestCommitted: null, maxSeen: 4990n })).toBe(4991n);
    expect(nextUsn({ previous: 6000n, highestCommitted: null, maxSeen: null })).toBe(6000n);
    expect(nextUsn({ previous: 6000n, highestCommitted: 5000n, maxSeen: null })).toBe(6000n);
    expect(nextUsn({ previous: null, highestCommitted: null, maxSeen: null })).toBeNull();
  });

  it('OpenLDAP: after the newest change, or re-reads the overlap window when changes are recent', () => {
    const startedAt = new Date('2024-06-01T12:00:00Z');
    // Old changes only: the second after the newest one.
    expect(nextTimestamp({ previous: null, startedAt, maxSeen: new Date('2024-01-01T00:00:00Z') })).toBe(
      '20240101000001Z',
    );
    // A change within the window: start the window before the read began.
    expect(nextTimestamp({ previous: null, startedAt, maxSeen: new Date('2024-06-01T11:59:30Z') })).toBe(
      formatGeneralizedTime(new Date(startedAt.getTime() - OVERLAP_MS)),
    );
    // Nothing seen: keep the previous position; never move back.
    const previous = new Date('2024-05-01T00:00:00Z');
    expect(nextTimestamp({ previous, startedAt, maxSeen: null })).toBe('20240501000000Z');
    expect(nextTimestamp({ previous, startedAt, maxSeen: new Date('2024-04-01T00:00:00Z') })).toBe(
      '20240501000000Z',
    );
  });
});

describe('configuration', () => {
  const valid = {
    url: 'ldaps://dc1.corp.example.com',
    bindDn: 'CN=svc-directory,OU=Service Accounts,DC=corp,DC=example,DC=com',
    bindPassword: 'pässwörd-123',
    baseDn: 'DC=corp,DC=example,DC=com',
  };
  const issues = (input: unknown): string[] => {
    try {
      ldapConnector.parseConfig(input);
    } catch (error) {
      if (error instanceof ZodError)
        return error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
      throw error;
    }
    return [];
  };

  it('fills the scalar defaults and parses its own output unchanged', () => {
    const config = ldapConnector.parseConfig(valid);
    expect(config).toEqual({
      ...valid,
      startTls: false,
      rejectUnauthorized: true,
      flavor: 'openldap',
      pageSize: 1000,
      timeoutMs: 30000,
    });
    expect(ldapConnector.parseConfig(config)).toEqual(config);
    expect(ldapConnector.secretFields).toEqual(['bindPassword']);
  });

  it('names bad fields without echoing the password', () => {
    const problems = issues({ ...valid, url: 'http://dc1', bindPassword: '', extra: 1, pageSize: 9000 });
    expect(problems.join('\n')).toMatch(/url: must be an ldap:\/\/ or ldaps:\/\/ URL/);
    expect(problems.join('\n')).toMatch(/bindPassword/);
    expect(problems.join('\n')).toMatch(/pageSize/);
    expect(problems.join('\n')).toMatch(/Unrecognized key/);
    expect(issues({ ...valid, bindPassword: 's3cret', url: 'ldap://user:pw@dc1' }).join()).not.toContain(
      's3cret',
    );
  });

  it('refuses a password over plain ldap:// to anything but loopback, and StartTLS on ldaps://', () => {
    expect(issues({ ...valid, url: 'ldap://dc1.corp.example.com' })).toEqual([
      'url: a bind over plain ldap:// exposes the password; use ldaps:// or set startTls',
    ]);
    expect(issues({ ...valid, url: 'ldap://dc1.corp.example.com', startTls: true })).toEqual([]);
    expect(issues({ ...valid, url: 'ldap://127.0.0.1:3389' })).toEqual([]);
    expect(issues({ ...valid, startTls: true })).toEqual([
      'startTls: StartTLS applies to ldap:// URLs; ldaps:// is TLS from the start',
    ]);
    expect(issues({ ...valid, url: 'ldaps://dc1/dc=x?cn' })[0]).toMatch(/^url: must be just/);
  });

  it('checks DNs, filters, attribute names and the CA certificate', () => {
    expect(issues({ ...valid, baseDn: 'not a dn' })[0]).toMatch(/^baseDn: is not a distinguished name/);
    expect(issues({ ...valid, userFilter: '(uid=*)(uid=*' })[0]).toMatch(
      /^userFilter: is not an LDAP filter/,
    );
    expect(issues({ ...valid, groupFilter: '(objectClass=*))(|(cn=*' })[0]).toMatch(/^groupFilter:/);
    // Valid LDAP, but ldapts cannot encode attribute options: refused when saved, not mid-sync.
    expect(issues({ ...valid, userFilter: '(description;lang-en=x)' })[0]).toMatch(
      /^userFilter: uses a form/,
    );
    expect(
      ldapConnector.parseConfig({ ...valid, userFilter: '(!(userAccountControl:1.2.840.113556.1.4.803:=2))' })
        .userFilter,
    ).toBe('(!(userAccountControl:1.2.840.113556.1.4.803:=2))');
    expect(issues({ ...valid, attributes: { email: 'mail)(x' } })[0]).toMatch(/^attributes.email:/);
    expect(issues({ ...valid, attributes: { nope: 'x' } })[0]).toMatch(/Unrecognized key/);
    expect(issues({ ...valid, caCertificatePem: 'hello' })[0]).toMatch(
      /^caCertificatePem: must be one or more PEM/,
    );
    expect(issues({ ...valid, flavor: 'novell' })[0]).toMatch(/^flavor:/);
  });

  it('applies attribute overrides over the flavor defaults', () => {
    const config = ldapConnector.parseConfig({
      ...valid,
      flavor: 'active_directory',
      attributes: { email: ['userPrincipalName', 'mail'], department: 'division' },
    });
    const map = effectiveAttributes(config);
    expect(map.email).toEqual(['userPrincipalName', 'mail']);
    expect(map.department).toEqual(['division']);
    expect(map.externalId).toEqual(['objectGUID']);
    expect(effectiveAttributes({ ...config, flavor: 'openldap', attributes: undefined }).externalId).toEqual([
      'entryUUID',
    ]);
  });
});

describe('entry mapping', () => {
  const config: LdapConfig = ldapConnector.parseConfig({
    url: 'ldaps://dc1',
    bindDn: 'cn=x',
    bindPassword: 'y',
    baseDn: 'dc=x',
    flavor: 'active_directory',
  });
  const guid = Buffer.from('c98b91356d19ea409779889d79b753f0', 'hex');
  const index = new DnIndex();
  index.add(normalizeDn('cn=Boss,ou=people,dc=x'), 'user', 'boss-id');
  index.add(normalizeDn('cn=Jane,ou=people,dc=x'), 'user', 'jane-id');
  index.add(normalizeDn('cn=Team,ou=groups,dc=x'), 'group', formatObjectGuid(guid));
  const context: MappingContext = {
    attributes: effectiveAttributes(config),
    resolve: (dn) => index.resolve(dn),
  };

  it('maps an AD person: GUID, disabled flag among others, manager by DN, absent values cleared', () => {
    const mapped = mapUserEntry(
      new EntryReader({
        dn: 'CN=Jane,OU=People,DC=x',
        objectGUID: guid,
        sAMAccountName: 'jane',
        mail: 'Jane@Example.com',
        givenName: 'Jane',
        sn: 'Doe',
        userAccountControl: '66050', // NORMAL_ACCOUNT | ACCOUNTDISABLE | DONT_EXPIRE_PASSWORD
        manager: 'cn=boss,OU=People,DC=x',
        employeeNumber: 'N1', // employeeID is preferred, but absent
        title: [],
      }),
      context,
    );
    expect(mapped).toEqual({
      ok: true,
      record: {
        externalId: '35918bc9-196d-40ea-9779-889d79b753f0',
        attributes: expect.objectContaining({
          username: 'jane',
          email: 'Jane@Example.com',
          firstName: 'Jane',
          lastName: 'Doe',
          employeeNumber: 'N1',
          jobTitle: null,
          department: null,
          status: 'suspended',
          customAttributes: { ldapDn: 'CN=Jane,OU=People,DC=x', userPrincipalName: null },
        }),
        manager: { kind: 'externalId', value: 'boss-id' },
      },
    });
  });

  it('names an unknown manager by its normalized DN, and says when there is none', () => {
    const unknown = mapUserEntry(
      new EntryReader({ dn: 'cn=Jane,dc=x', objectGUID: guid, manager: 'CN=Elsewhere,DC=Other' }),
      context,
    );
    expect(unknown.ok && unknown.record.manager).toEqual({
      kind: 'externalId',
      value: 'cn=elsewhere,dc=other',
    });
    const none = mapUserEntry(
      new EntryReader({ dn: 'cn=Jane,dc=x', objectGUID: guid, userAccountControl: '512' }),
      context,
    );
    expect(none.ok && none.record).toMatchObject({ manager: null, attributes: { status: 'active' } });
    // No mail: the person has no e-mail (stated as null, so a removed mail clears the stored one).
    expect(none.ok && none.record.attributes.email).toBeNull();
  });

  it('reads a GUID that ldapts decoded as text, falls back to the DN, and refuses a short GUID', () => {
    const asText = mapUserEntry(
      new EntryReader({ dn: 'cn=a,dc=x', objectGUID: 'ABCDEFGHIJKLMNOP' }),
      context,
    );
    expect(asText.ok && asText.record.externalId).toBe('44434241-4645-4847-494a-4b4c4d4e4f50');
    const noId = mapUserEntry(new EntryReader({ dn: 'CN=No Id,DC=X' }), context);
    expect(noId.ok && noId.record.externalId).toBe('cn=no id,dc=x');
    const short = mapUserEntry(new EntryReader({ dn: 'cn=a,dc=x', objectGUID: Buffer.alloc(8) }), context);
    expect(short).toEqual({
      ok: false,
      error: { message: 'cn=a,dc=x: objectGUID has 8 bytes; a GUID has 16' },
    });
  });

  it('maps an AD group: type from the security flag, members resolved, strangers and itself skipped', () => {
    const group = mapGroupEntry(
      new EntryReader({
        dn: 'cn=Team,ou=groups,dc=x',
        objectGUID: guid,
        cn: 'Team',
        groupType: '-2147483646',
      }),
      [
        'CN=JANE,OU=PEOPLE,DC=X',
        'cn=jane,ou=people,dc=x', // the same person again
        "cn=Boss,ou=people,dc=x#'0101'B", // uniqueMember with its optional UID
        'cn=Team,ou=groups,dc=x', // itself
        'cn=Computer01,ou=machines,dc=x',
        'not a dn',
      ],
      context,
    );
    expect(group).toEqual({
      ok: true,
      skippedMembers: 2,
      record: {
        externalId: '35918bc9-196d-40ea-9779-889d79b753f0',
        attributes: {
          name: 'Team',
          displayName: null,
          description: null,
          isSecurityGroup: true,
          groupType: 'security',
          customAttributes: { ldapDn: 'cn=Team,ou=groups,dc=x', groupScope: 'global' },
        },
        members: [
          { type: 'user', externalId: 'jane-id' },
          { type: 'user', externalId: 'boss-id' },
        ],
      },
    });
    const distribution = mapGroupEntry(
      new EntryReader({ dn: 'cn=List,dc=x', objectGUID: guid, groupType: '8' }),
      [],
      context,
    );
    expect(distribution.ok && distribution.record.attributes).toMatchObject({
      isSecurityGroup: false,
      groupType: 'distribution',
      customAttributes: { groupScope: 'universal' },
    });
  });

  it('reads ranged attributes (AD MaxValRange)', () => {
    const reader = new EntryReader({
      dn: 'cn=Big,dc=x',
      'member;range=0-1499': ['cn=a,dc=x', 'cn=b,dc=x'],
      member: [],
    });
    expect(reader.ranged('member')).toEqual({ values: ['cn=a,dc=x', 'cn=b,dc=x'], nextStart: 1500 });
    expect(
      new EntryReader({ dn: 'cn=Big,dc=x', 'member;range=1500-*': ['cn=c,dc=x'] }).ranged('member'),
    ).toEqual({
      values: ['cn=c,dc=x'],
      nextStart: null,
    });
    expect(new EntryReader({ dn: 'cn=Small,dc=x', member: ['cn=a,dc=x'] }).ranged('member')).toBeNull();
  });
});

describe('error mapping', () => {
  const context = {
    server: 'dc1:636',
    operation: 'search' as const,
    bindDn: 'cn=svc,dc=x',
    base: 'ou=people,dc=x',
    timeoutMs: 5000,
  };
  const mapped = (error: unknown, operation: 'bind' | 'search' | 'connect' | 'starttls' = 'search') =>
    toConnectorError(error, { ...context, operation });

  it('maps result codes by whether a retry can help', () => {
    expect(mapped(new InvalidCredentialsError(), 'bind')).toMatchObject({ code: 'AUTH' });
    const disabled = mapped(
      new InvalidCredentialsError(
        '80090308: LdapErr: DSID-0C09044E, comment: AcceptSecurityContext error, data 533, v4563',
      ),
      'bind',
    );
    expect(disabled.message).toBe('dc1:636 refused the bind as cn=svc,dc=x: the account is disabled');
    expect(mapped(new InsufficientAccessError())).toMatchObject({ code: 'PERMISSION' });
    expect(mapped(new NoSuchObjectError())).toMatchObject({
      code: 'NOT_FOUND',
      message: 'ou=people,dc=x does not exist on dc1:636, or cn=svc,dc=x cannot see it',
    });
    expect(mapped(new BusyError())).toMatchObject({ code: 'TEMPORARY' });
    expect(mapped(new UnavailableError())).toMatchObject({ code: 'TEMPORARY' });
    expect(mapped(new SizeLimitExceededError())).toMatchObject({ code: 'TEMPORARY' });
    expect(mapped(new StrongAuthRequiredError(), 'bind')).toMatchObject({ code: 'CONFIGURATION' });
  });

  it('maps network, timeout and TLS failures', () => {
    const errno = (code: string) => Object.assign(new Error(code), { code });
    expect(mapped(errno('ECONNREFUSED'), 'connect')).toMatchObject({ code: 'TEMPORARY', retryable: true });
    expect(mapped(new Error('Connection timeout'), 'connect')).toMatchObject({ code: 'TEMPORARY' });
    expect(mapped(new Error('SearchRequest: Operation timed out'))).toMatchObject({ code: 'TEMPORARY' });
    expect(mapped(new LdapTimeoutError('timed out'), 'starttls')).toMatchObject({ code: 'TEMPORARY' });
    const untrusted = mapped(errno('SELF_SIGNED_CERT_IN_CHAIN'), 'connect');
    expect(untrusted).toMatchObject({ code: 'CONFIGURATION', retryable: false });
    expect(untrusted.message).toMatch(/not trusted .* set caCertificatePem/);
    expect(mapped(errno('ERR_TLS_CERT_ALTNAME_INVALID'), 'connect').message).toMatch(
      /does not name this host/,
    );
    expect(mapped(errno('CERT_HAS_EXPIRED'), 'connect')).toMatchObject({ code: 'CONFIGURATION' });
    expect(mapped(errno('ERR_SSL_WRONG_VERSION_NUMBER'), 'connect')).toMatchObject({ code: 'CONFIGURATION' });
    // A reset while shaking hands: a port that does not speak TLS. Elsewhere: the network.
    const reset = toConnectorError(errno('ECONNRESET'), { ...context, operation: 'bind', handshake: true });
    expect(reset).toMatchObject({ code: 'CONFIGURATION' });
    expect(reset.message).toMatch(/check that the port speaks LDAPS/);
    expect(mapped(errno('ECONNRESET'), 'bind')).toMatchObject({ code: 'TEMPORARY' });
  });

  it('never lets the password out', () => {
    const error = new ConnectorError('AUTH', 'server said: bad password hunter2 for you');
    expect(redact(error, 'hunter2').message).toBe('server said: bad password [redacted] for you');
  });
});
