import { FakeTenant, FakeUserProperties } from './tenant';

/** Ids of what seedOrganization created, for the tests to find their way around. */
export interface SeededOrganization {
  /** Members in creation order: people[0] is the chief executive, everyone else reports up a tree of fan-out 5. */
  people: string[];
  guests: string[];
  /** The one member whose account is disabled. */
  disabled: string;
  groups: {
    /** Microsoft 365 group with every member: a team. */
    allStaff: string;
    /** Security group nesting platform (which nests engineering back: a cycle). */
    engineering: string;
    platform: string;
    /** Distribution list. */
    announcements: string;
    /** Mail-enabled security group. */
    admins: string;
  };
}

const DEPARTMENTS = ['Engineering', 'Sales', 'Finance', 'Operations'];

/** A deterministic id for person i, so failures are easy to read. */
export function personId(index: number): string {
  return `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`;
}

export function guestId(index: number): string {
  return `00000000-0000-4000-9000-${String(index).padStart(12, '0')}`;
}

/**
 * What member account i of a fake tenant carries besides its name and job: mailbox (a few have
 * none: the connector falls back to the UPN), UPN, company, on-premises attributes and dates.
 */
export function memberAccount(i: number): FakeUserProperties {
  return {
    mail: i % 50 === 7 ? null : `Person${i}@Contoso.test`,
    userPrincipalName: `person${i}@contoso.test`,
    companyName: 'Contoso',
    mobilePhone: null,
    userType: 'Member',
    onPremisesSamAccountName: `person${i}`,
    onPremisesImmutableId: Buffer.from(`immutable-${i}`).toString('base64'),
    onPremisesExtensionAttributes: { extensionAttribute1: `CC-${i % 7}`, extensionAttribute2: null },
    usageLocation: 'PT',
    employeeHireDate: '2020-01-15T00:00:00Z',
    createdDateTime: '2019-12-01T08:00:00Z',
  };
}

/**
 * A plausible tenant: `people` members in a management tree, `guests` guest accounts, one disabled
 * account, and five groups of every kind, with nesting (and a nesting cycle).
 */
export function seedOrganization(
  tenant: FakeTenant,
  options: { people: number; guests: number },
): SeededOrganization {
  const people: string[] = [];
  for (let i = 0; i < options.people; i++) {
    const id = personId(i);
    people.push(
      tenant.addUser({
        id,
        managerId: i === 0 ? null : personId(Math.floor((i - 1) / 5)),
        ...memberAccount(i),
        displayName: `Person ${i}`,
        givenName: 'Person',
        surname: `Number${i}`,
        jobTitle: i === 0 ? 'Chief Executive' : i < 6 ? 'Director' : 'Engineer',
        department: DEPARTMENTS[i % DEPARTMENTS.length],
        employeeId: `E${1000 + i}`,
        employeeType: i % 10 === 9 ? 'Contractor' : 'Employee',
        officeLocation: i % 2 ? 'Lisbon' : 'Oslo',
        businessPhones: [`+1 555 01${String(i % 100).padStart(2, '0')}`],
        accountEnabled: true,
      }),
    );
  }
  const disabled = people[options.people - 1];
  tenant.updateUser(disabled, { accountEnabled: false });
  const guests: string[] = [];
  for (let k = 0; k < options.guests; k++) {
    guests.push(
      tenant.addUser({
        id: guestId(k),
        displayName: `Guest ${k}`,
        mail: `guest${k}@partner.test`,
        userPrincipalName: `guest${k}_partner.test#EXT#@contoso.onmicrosoft.com`,
        accountEnabled: true,
        userType: 'Guest',
        createdDateTime: '2023-03-01T08:00:00Z',
      }),
    );
  }
  const user = (id: string) => ({ type: 'user' as const, id });
  const engineering = tenant.addGroup({
    displayName: 'Engineering',
    description: 'Everyone who builds',
    mailEnabled: false,
    securityEnabled: true,
    groupTypes: [],
    members: people.filter((_, i) => i % 4 === 0).map(user),
  });
  const platform = tenant.addGroup({
    displayName: 'Platform',
    description: null,
    mailEnabled: false,
    securityEnabled: true,
    groupTypes: [],
    members: [...people.slice(1, 11).map(user), { type: 'group', id: engineering }],
  });
  tenant.addMember(engineering, 'group', platform);
  const allStaff = tenant.addGroup({
    displayName: 'All Staff',
    description: 'The whole company',
    mailEnabled: true,
    securityEnabled: false,
    groupTypes: ['Unified'],
    members: [...people, ...guests].map(user),
  });
  const announcements = tenant.addGroup({
    displayName: 'Announcements',
    mailEnabled: true,
    securityEnabled: false,
    groupTypes: [],
    members: people.slice(0, 6).map(user),
  });
  const admins = tenant.addGroup({
    displayName: 'Admins',
    mailEnabled: true,
    securityEnabled: true,
    groupTypes: [],
    members: [user(people[1]), user(people[2])],
  });
  return { people, guests, disabled, groups: { allStaff, engineering, platform, announcements, admins } };
}
