/**
 * A deterministic Okta org for the fake: people in every lifecycle status, a reporting tree (mostly
 * by employee number in managerId, some by email in the base `manager` attribute), and groups of the
 * three types with complete member lists.
 */
import { FakeOkta, FakeOktaGroup, FakeOktaUser, OktaUserStatus } from './fake-okta';

export const DEPARTMENTS = ['Engineering', 'Sales', 'Marketing', 'Finance', 'People', 'Support'] as const;
const CITIES: [string, string][] = [
  ['Berlin', 'DE'],
  ['New York', 'US'],
  ['London', 'GB'],
  ['Singapore', 'SG'],
];
/** Timestamps of the seeded data: well in the past, five minutes apart. */
export const SEED_EPOCH = Date.parse('2024-01-01T00:00:00.000Z');

/** Lifecycle status of person i (every 50 people: one of each non-ACTIVE status). */
export function seededStatus(i: number): OktaUserStatus {
  const statuses: Record<number, OktaUserStatus> = {
    7: 'STAGED',
    13: 'SUSPENDED',
    21: 'DEPROVISIONED',
    29: 'LOCKED_OUT',
    33: 'PASSWORD_EXPIRED',
    41: 'RECOVERY',
    45: 'PROVISIONED',
  };
  return i === 0 ? 'ACTIVE' : (statuses[i % 50] ?? 'ACTIVE');
}

export function seededUserType(i: number): string {
  if (i % 25 === 4) return 'Contractor';
  if (i % 10 === 5) return 'Part-Time';
  if (i % 50 === 17) return 'Intern';
  if (i % 50 === 19) return 'Employee'; // names no employment type
  return 'Full-Time';
}

/** The manager of person i (a tree, six reports each); null for the top. */
export function seededManager(i: number): number | null {
  return i === 0 ? null : Math.floor((i - 1) / 6);
}

/** People whose manager is given as an email in `manager` rather than an employee number in managerId. */
export function managerByEmail(i: number): boolean {
  return i % 10 === 3;
}

export const emailOf = (i: number, domain = 'acme.test') => `user${i}@${domain}`;
export const employeeNumberOf = (i: number) => `E${10_000 + i}`;

export function seededProfile(i: number, domain = 'acme.test'): Record<string, unknown> {
  const [city, countryCode] = CITIES[i % CITIES.length];
  const manager = seededManager(i);
  const profile: Record<string, unknown> = {
    login: emailOf(i, domain),
    email: emailOf(i, domain),
    firstName: `First${i}`,
    lastName: `Last${i}`,
    displayName: `First${i} Last${i}`,
    title: i === 0 ? 'Chief Executive Officer' : `Engineer ${i % 4}`,
    department: DEPARTMENTS[i % DEPARTMENTS.length],
    division: i % 2 === 0 ? 'Product' : 'Operations',
    costCenter: `CC-${100 + (i % 7)}`,
    organization: 'Acme Corp',
    employeeNumber: employeeNumberOf(i),
    userType: seededUserType(i),
    city,
    countryCode,
    timezone: 'Europe/Berlin',
    mobilePhone: i % 3 === 0 ? `+49 170 ${String(i).padStart(6, '0')}` : null,
  };
  if (i % 2 === 0) profile.primaryPhone = `+49 30 ${String(i).padStart(6, '0')}`;
  if (manager !== null) {
    if (managerByEmail(i)) profile.manager = emailOf(manager, domain);
    else profile.managerId = employeeNumberOf(manager);
  }
  return profile;
}

export interface SeededOrg {
  people: FakeOktaUser[];
  groups: FakeOktaGroup[];
  /** lastUpdated of the most recently updated seeded person. */
  latestUpdate: number;
}

/** Fills the fake with `count` people and the groups over them. */
export function seedOktaOrg(fake: FakeOkta, count: number, domain = 'acme.test'): SeededOrg {
  const people: FakeOktaUser[] = [];
  for (let i = 0; i < count; i++) {
    const at = new Date(SEED_EPOCH + i * 5 * 60_000).toISOString();
    people.push(
      fake.addUser({
        profile: seededProfile(i, domain),
        status: seededStatus(i),
        created: new Date(SEED_EPOCH - 365 * 24 * 3600_000 + i * 3600_000).toISOString(),
        lastUpdated: at,
      }),
    );
  }
  // Okta keeps deprovisioned people out of group member lists in this fake.
  const current = people.filter((person) => person.status !== 'DEPROVISIONED');
  const groupTime = new Date(SEED_EPOCH).toISOString();
  const groups = DEPARTMENTS.map((department) =>
    fake.addGroup({
      name: department,
      description: `Everyone in ${department}`,
      members: current
        .filter((person) => person.profile.department === department)
        .map((person) => person.id),
      lastUpdated: groupTime,
    }),
  );
  groups.push(
    fake.addGroup({
      name: 'AD: VPN Users',
      type: 'APP_GROUP',
      description: null,
      members: current.filter((_, index) => index % 3 === 0).map((person) => person.id),
      lastUpdated: groupTime,
    }),
    fake.addGroup({
      name: 'Everyone',
      type: 'BUILT_IN',
      description: 'All users in your organization',
      members: current.map((person) => person.id),
      lastUpdated: groupTime,
    }),
  );
  return { people, groups, latestUpdate: SEED_EPOCH + (count - 1) * 5 * 60_000 };
}
