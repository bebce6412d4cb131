/**
 * The directory the LDAP tests run against, generated in code: N people in a management tree under
 * four department OUs, a few people whose DNs need escaping (commas, quotes, slashes, plus signs,
 * leading and trailing spaces, a multi-valued RDN, non-ASCII, a leading '#') and whose managers and
 * group memberships are written in other spellings of the same DNs, and groups with nesting (many
 * parents, a cycle), a groupOfUniqueNames, and members that are not people we read.
 *
 * Every entry carries both OpenLDAP's entryUUID and the AD-like attributes of ad-like.schema, so the
 * same data is read with the connector's OpenLDAP and Active Directory flavors. Ids are derived from
 * the entry's position, so tests know them in advance.
 */
import { objectGuidBytes } from '../../../src/connectors/ldap/ldap-entry';
import { LdifEntry } from './ldif';

export const BASE_DN = 'dc=example,dc=com';
export const PEOPLE_DN = `ou=people,${BASE_DN}`;
export const GROUPS_DN = `ou=groups,${BASE_DN}`;
export const DEPARTMENTS = ['engineering', 'sales', 'operations', 'finance'] as const;
/** Everything is last modified at this time when loaded, so that later changes stand out. */
export const LOADED_AT = '20240101000000Z';
export const AD = {
  NORMAL_ACCOUNT: 0x200,
  ACCOUNTDISABLE: 0x2,
  DONT_EXPIRE_PASSWORD: 0x10000,
  GLOBAL_SECURITY: -2147483646, // 0x80000002
  DOMAIN_LOCAL_SECURITY: -2147483644, // 0x80000004
  UNIVERSAL_SECURITY: -2147483640, // 0x80000008
  GLOBAL_DISTRIBUTION: 2,
  UNIVERSAL_DISTRIBUTION: 8,
};

export interface TestPerson {
  /** 'u42' for generated people, 's1'… for the escaped-DN ones. */
  key: string;
  dn: string;
  uid: string;
  mail: string;
  displayName: string;
  entryUUID: string;
  /** objectGUID as Windows writes it (what the AD flavor must produce). */
  guid: string;
  guidBytes: Buffer;
  /** The manager's key, or null. */
  manager: string | null;
  /** The manager's DN exactly as written into the entry (often another spelling). */
  managerDnAsWritten: string | null;
  disabled: boolean;
  userAccountControl: number;
  usn: number;
}

export interface TestGroup {
  key: string;
  dn: string;
  cn: string;
  entryUUID: string;
  guid: string;
  groupType: number;
  /** Member keys we expect after resolution. */
  users: string[];
  groups: string[];
  /** Member values that name nothing we read (they must be skipped). */
  strangers: string[];
  /** Member DNs exactly as written (users, groups and strangers). */
  memberDns: string[];
  unique?: boolean;
}

export interface Dataset {
  people: TestPerson[];
  groups: TestGroup[];
  person(key: string): TestPerson;
  group(key: string): TestGroup;
  entries: LdifEntry[];
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const uuid = (prefix: string, n: number) => `${prefix}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

/**
 * The escaped-DN people. DNs are written here by hand (not by the code under test), each with the
 * form of its manager's DN used elsewhere: a different case, hex escapes instead of backslash
 * escapes, another order of a multi-valued RDN's parts.
 */
const SPECIAL: {
  key: string;
  dn: string;
  /** Another spelling of the same DN, used where others point at this person. */
  alias: string;
  cn: string;
  uid: string;
  guid?: string;
  guidBytes?: Buffer;
  disabled?: boolean;
}[] = [
  {
    key: 's1',
    dn: `cn=Smith\\, John,${PEOPLE_DN}`,
    alias: 'CN=SMITH\\2C JOHN,OU=PEOPLE,DC=EXAMPLE,DC=COM',
    cn: 'Smith, John',
    uid: 'jsmith',
    // Microsoft's documented example (Guid.ToByteArray): these bytes are 35918bc9-196d-40ea-9779-889d79b753f0.
    guid: '35918bc9-196d-40ea-9779-889d79b753f0',
    guidBytes: Buffer.from('c98b91356d19ea409779889d79b753f0', 'hex'),
  },
  {
    key: 's2',
    dn: `cn=\\"Quoted\\" Name,${PEOPLE_DN}`,
    alias: `cn=\\22quoted\\22 name,${PEOPLE_DN}`,
    cn: '"Quoted" Name',
    uid: 'quoted',
    // Atlassian Crowd's documented example: bytes 6797e1e5… are e5e19767-b5ec-4f15-960f-865c28c015fa.
    guid: 'e5e19767-b5ec-4f15-960f-865c28c015fa',
    guidBytes: Buffer.from('6797e1e5ecb5154f960f865c28c015fa', 'hex'),
  },
  {
    key: 's3',
    dn: `cn=a/b\\+c\\;d\\<e\\>f\\=g\\#h,${PEOPLE_DN}`,
    alias: `cn=A/B\\2Bc\\3Bd\\3Ce\\3Ef\\3Dg\\23h,${PEOPLE_DN}`,
    cn: 'a/b+c;d<e>f=g#h',
    uid: 'specials',
    // Bytes that happen to be valid UTF-8 ("ABCDEFGHIJKLMNOP"): a client must still read them as bytes.
    guid: '44434241-4645-4847-494a-4b4c4d4e4f50',
    guidBytes: Buffer.from('ABCDEFGHIJKLMNOP', 'latin1'),
  },
  {
    key: 's4',
    dn: `cn=\\ Leading and trailing\\ ,${PEOPLE_DN}`,
    alias: `cn=\\20leading AND trailing\\20,${PEOPLE_DN}`,
    cn: ' Leading and trailing ',
    uid: 'spaces',
    disabled: true,
  },
  {
    key: 's5',
    dn: `cn=Multi Valued+uid=mv1,${PEOPLE_DN}`,
    alias: `UID=mv1+CN=multi valued,${PEOPLE_DN}`,
    cn: 'Multi Valued',
    uid: 'mv1',
  },
  {
    key: 's6',
    dn: `cn=Ünïcødé Ñame,${PEOPLE_DN}`,
    alias: `cn=\\C3\\9Cn\\C3\\AFc\\C3\\B8d\\C3\\A9 \\C3\\91ame,${PEOPLE_DN}`,
    cn: 'Ünïcødé Ñame',
    uid: 'unicode',
  },
  {
    key: 's7',
    dn: `cn=\\#Hash Start,${PEOPLE_DN}`,
    alias: `cn=\\23hash start,${PEOPLE_DN}`,
    cn: '#Hash Start',
    uid: 'hash',
  },
];

export function buildDataset(options: { users: number; fanOut?: number }): Dataset {
  const fanOut = options.fanOut ?? 10;
  const people: TestPerson[] = [];
  const entries: LdifEntry[] = [];
  const userDn = (i: number) => `uid=user${pad(i, 5)},ou=${DEPARTMENTS[i % DEPARTMENTS.length]},${PEOPLE_DN}`;

  for (let i = 0; i < options.users; i += 1) {
    const disabled = i % 97 === 13;
    const manager = i === 0 ? null : Math.floor((i - 1) / fanOut);
    const guid = uuid('a0000000', i);
    const uac =
      AD.NORMAL_ACCOUNT | (disabled ? AD.ACCOUNTDISABLE : 0) | (i % 3 === 0 ? AD.DONT_EXPIRE_PASSWORD : 0);
    people.push({
      key: `u${i}`,
      dn: userDn(i),
      uid: `user${pad(i, 5)}`,
      mail: `user${pad(i, 5)}@example.com`,
      displayName: `First${i} Last${i}`,
      entryUUID: uuid('00000000', i),
      guid,
      guidBytes: objectGuidBytes(guid),
      manager: manager === null ? null : `u${manager}`,
      managerDnAsWritten: manager === null ? null : userDn(manager),
      disabled,
      userAccountControl: uac,
      usn: 1000 + i,
    });
  }
  SPECIAL.forEach((special, n) => {
    const index = options.users + n;
    const guid = special.guid ?? uuid('c0000000', n);
    const previous = n === 0 ? null : SPECIAL[n - 1];
    const disabled = special.disabled ?? false;
    people.push({
      key: special.key,
      dn: special.dn,
      uid: special.uid,
      mail: `${special.uid}@example.com`,
      displayName: special.cn,
      entryUUID: uuid('00000000', index),
      guid,
      guidBytes: special.guidBytes ?? objectGuidBytes(guid),
      manager: previous ? previous.key : 'u0',
      managerDnAsWritten: previous ? previous.alias : userDn(0),
      disabled,
      // Other flags set too: only bit 0x2 may decide.
      userAccountControl: AD.NORMAL_ACCOUNT | AD.DONT_EXPIRE_PASSWORD | (disabled ? AD.ACCOUNTDISABLE : 0),
      usn: 1000 + index,
    });
  });

  for (const person of people) {
    const i = person.key.startsWith('u') ? Number(person.key.slice(1)) : null;
    const special = SPECIAL.find((entry) => entry.key === person.key);
    const department = i === null ? 'engineering' : DEPARTMENTS[i % DEPARTMENTS.length];
    entries.push({
      dn: person.dn,
      attributes: {
        objectClass: ['inetOrgPerson', 'user'],
        uid: person.uid,
        cn: special ? special.cn : person.displayName,
        sn: special ? special.cn.trim().split(' ').pop() : `Last${i}`,
        givenName: special ? undefined : `First${i}`,
        displayName: special ? undefined : person.displayName,
        mail: person.mail,
        title: i === 0 ? 'Chief Executive Officer' : i !== null && i <= 110 ? 'Manager' : 'Engineer',
        departmentNumber: department,
        employeeNumber: `E${pad(i ?? 90000 + Number(person.key.slice(1)), 5)}`,
        telephoneNumber: `+1 555 ${pad(i ?? 0, 7)}`,
        l: i !== null && i % 2 === 0 ? 'Berlin' : 'Paris',
        manager: person.managerDnAsWritten ?? undefined,
        entryUUID: person.entryUUID,
        modifyTimestamp: LOADED_AT,
        objectGUID: person.guidBytes,
        userAccountControl: String(person.userAccountControl),
        uSNChanged: String(person.usn),
        sAMAccountName: person.uid,
        userPrincipalName: `${person.uid}@corp.example.com`,
        employeeID: `E${pad(i ?? 90000 + Number(person.key.slice(1)), 5)}`,
        company: 'Example Corp',
        department: department[0].toUpperCase() + department.slice(1),
        physicalDeliveryOfficeName: i !== null && i % 2 === 0 ? 'Berlin' : 'Paris',
        objectCategory: 'person',
      },
    });
  }

  const groups: TestGroup[] = [];
  const group = (
    key: string,
    cn: string,
    groupType: number,
    members: { users?: string[]; groups?: string[]; strangers?: string[] },
    dn = `cn=${cn},${GROUPS_DN}`,
    unique = false,
  ) => {
    const n = groups.length;
    groups.push({
      key,
      dn,
      cn,
      entryUUID: uuid('10000000', n),
      guid: uuid('b0000000', n),
      groupType,
      users: members.users ?? [],
      groups: members.groups ?? [],
      strangers: members.strangers ?? [],
      memberDns: [],
      unique,
    });
  };
  const byDepartment = (department: string) =>
    people
      .filter(
        (person) =>
          person.key.startsWith('u') &&
          Number(person.key.slice(1)) % 4 === DEPARTMENTS.indexOf(department as (typeof DEPARTMENTS)[number]),
      )
      .map((person) => person.key);

  for (const department of DEPARTMENTS) {
    const nested = department === 'engineering' || department === 'sales' ? ['shared'] : [];
    group(`dept-${department}`, `dept-${department}`, AD.GLOBAL_SECURITY, {
      users: byDepartment(department),
      groups: nested,
    });
  }
  group('shared', 'Shared Services', AD.GLOBAL_SECURITY, { users: ['u5', 'u6'] });
  group('special', 'Special People', AD.DOMAIN_LOCAL_SECURITY, {
    // Named by their other spellings (see SPECIAL), like the managers.
    users: SPECIAL.map((special) => special.key),
    strangers: [`cn=Ghost,${PEOPLE_DN}`, `ou=engineering,${PEOPLE_DN}`],
  });
  group(
    'rnd-europe',
    'R&D, Europe',
    AD.UNIVERSAL_DISTRIBUTION,
    { users: ['s1', 's2'] },
    `cn=R&D\\, Europe,${GROUPS_DN}`,
  );
  group('everyone', 'Everyone', AD.UNIVERSAL_SECURITY, {
    groups: [...DEPARTMENTS.map((department) => `dept-${department}`), 'special', 'rnd-europe', 'shared'],
  });
  group('cycle-a', 'Cycle A', AD.GLOBAL_SECURITY, { users: ['u7'], groups: ['cycle-b'] });
  group('cycle-b', 'Cycle B', AD.GLOBAL_SECURITY, { users: ['u8'], groups: ['cycle-c'] });
  group('cycle-c', 'Cycle C', AD.GLOBAL_SECURITY, { users: ['u9'], groups: ['cycle-a'] });
  group('leadership', 'Engineering Leadership', AD.GLOBAL_DISTRIBUTION, {
    users: Array.from({ length: 10 }, (_, k) => `u${k + 1}`),
  });
  group('unique-team', 'Unique Team', AD.UNIVERSAL_DISTRIBUTION, { users: ['u3', 'u4'] }, undefined, true);

  const personByKey = new Map(people.map((person) => [person.key, person]));
  const groupByKey = new Map(groups.map((entry) => [entry.key, entry]));
  const aliasOf = new Map(SPECIAL.map((special) => [special.key, special.alias]));
  for (const entry of groups) {
    const userDns = entry.users.map((key) =>
      entry.key === 'special' ? aliasOf.get(key)! : personByKey.get(key)!.dn,
    );
    const groupDns = entry.groups.map((key) =>
      // The escaped group is named in another spelling where it is nested.
      key === 'rnd-europe' ? `CN=R&D\\2C EUROPE,OU=Groups,DC=example,DC=com` : groupByKey.get(key)!.dn,
    );
    entry.memberDns = [...userDns, ...groupDns, ...entry.strangers];
    const members = entry.unique
      ? { uniqueMember: entry.memberDns.map((dn, k) => (k === 0 ? `${dn}#'0101'B` : dn)) }
      : { member: entry.memberDns };
    entries.push({
      dn: entry.dn,
      attributes: {
        objectClass: [entry.unique ? 'groupOfUniqueNames' : 'groupOfNames', 'group'],
        cn: entry.cn,
        description: `The ${entry.cn} group`,
        ...members,
        entryUUID: entry.entryUUID,
        modifyTimestamp: LOADED_AT,
        objectGUID: objectGuidBytes(entry.guid),
        groupType: String(entry.groupType),
        uSNChanged: String(500 + groups.indexOf(entry)),
        sAMAccountName: entry.cn.replace(/[^A-Za-z0-9-]/g, '_'),
        objectCategory: 'group',
      },
    });
  }

  return {
    people,
    groups,
    entries,
    person: (key) => {
      const found = personByKey.get(key);
      if (!found) throw new Error(`no person ${key}`);
      return found;
    },
    group: (key) => {
      const found = groupByKey.get(key);
      if (!found) throw new Error(`no group ${key}`);
      return found;
    },
  };
}
