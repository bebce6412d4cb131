import { FakeAwsGroup, FakeAwsUser, FakeIdentityStore } from './fake-identitystore';
import { IDP_DEPARTMENTS as DEPARTMENTS, seededName } from '../names';

export interface SeededAwsStore {
  users: FakeAwsUser[];
  groups: FakeAwsGroup[];
  /** UserId of the n-th person. */
  userId(index: number): string;
}

/** A stable 36-character id in the identity store's UUID-like form. */
export function awsUserId(index: number): string {
  const hex = index.toString(16).padStart(12, '0');
  return `9067${hex.slice(0, 4)}-aaaa-bbbb-cccc-${hex}`.slice(0, 36);
}

/**
 * A realistic store: `people` users in a management tree of fan-out 3 (5,000 people are 8 levels
 * deep), the enterprise extension on most, some disabled accounts, names with apostrophes, accents
 * and CJK, and one group per department plus an all-staff group.
 */
export function seedAwsStore(store: FakeIdentityStore, options: { people: number }): SeededAwsStore {
  const users: FakeAwsUser[] = [];
  for (let index = 0; index < options.people; index += 1) {
    const { first, last } = seededName(index);
    const userName = `user${index}@example.org`;
    const managerIndex = index === 0 ? null : Math.floor((index - 1) / 3);
    users.push({
      UserId: awsUserId(index),
      UserName: userName,
      DisplayName: `${first} ${last}`,
      Name: { GivenName: first, FamilyName: last },
      Title: index === 0 ? 'Chief Executive Officer' : `Specialist ${index % 7}`,
      UserType: index % 17 === 0 ? 'Contractor' : 'Employee',
      Timezone: 'Europe/Dublin',
      UserStatus: index % 53 === 52 ? 'DISABLED' : 'ENABLED',
      Emails: [
        { Value: `person${index}@example.org`, Type: 'work', Primary: true },
        { Value: `p${index}@home.example`, Type: 'home' },
      ],
      PhoneNumbers:
        index % 5 === 0 ? [{ Value: `+353 1 555 ${String(index).padStart(4, '0')}`, Type: 'work' }] : [],
      Addresses: [
        { Locality: index % 2 ? 'Dublin' : 'Berlin', Country: index % 2 ? 'IE' : 'DE', Type: 'work' },
      ],
      ...(index % 11 === 10
        ? {}
        : {
            enterprise: {
              employeeNumber: `E${String(index).padStart(6, '0')}`,
              costCenter: `CC-${(index % 40) + 100}`,
              organization: 'Example Org',
              division: index % 2 ? 'EMEA' : 'Global',
              department: DEPARTMENTS[index % DEPARTMENTS.length],
              ...(managerIndex !== null ? { manager: { value: awsUserId(managerIndex) } } : {}),
            },
          }),
    });
  }
  const groups: FakeAwsGroup[] = DEPARTMENTS.map((department, d) => ({
    GroupId: `g-${String(d).padStart(4, '0')}-dept`,
    DisplayName: `${department} team`,
    Description: `Everyone in ${department}`,
    members: users.filter((_, index) => index % DEPARTMENTS.length === d).map((user) => user.UserId),
  }));
  groups.push({
    GroupId: 'g-9999-all',
    DisplayName: 'All staff',
    members: users.map((user) => user.UserId),
  });
  store.users = users;
  store.groups = groups;
  return { users, groups, userId: awsUserId };
}
