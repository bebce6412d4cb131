import { FakeGoogleGroup, FakeGoogleUser, FakeGoogleWorkspace } from './fake-google';
import { IDP_DEPARTMENTS as DEPARTMENTS, seededName } from '../names';

export const googleUserId = (index: number): string => `1${String(index).padStart(20, '0')}`;
export const googleEmail = (index: number): string => `person${index}@example.org`;
export const GOOGLE_ADMIN_EMAIL = googleEmail(0);

/**
 * A realistic account: `people` users in a management tree of fan-out 3 (5,000 people are 8 levels
 * deep), managers as `relations`, HR attributes in the primary organization, an employee number in
 * externalIds, an `Employment` custom schema, some suspended and archived accounts, names with
 * apostrophes, accents and CJK; a group per department and an All staff group whose members are the
 * department groups (nested) plus the account itself (type CUSTOMER).
 */
export function seedGoogleWorkspace(fake: FakeGoogleWorkspace, options: { people: number }): void {
  const users: FakeGoogleUser[] = [];
  for (let index = 0; index < options.people; index += 1) {
    const { first, last } = seededName(index);
    const department = DEPARTMENTS[index % DEPARTMENTS.length];
    users.push({
      id: googleUserId(index),
      primaryEmail: googleEmail(index),
      name: { givenName: first, familyName: last, fullName: `${first} ${last}` },
      isAdmin: index === 0,
      suspended: index % 41 === 40,
      archived: index % 97 === 96,
      orgUnitPath: `/${department}`,
      aliases: index % 10 === 0 ? [`alias${index}@example.org`] : undefined,
      emails: [
        { address: googleEmail(index), primary: true },
        { address: `p${index}@home.example`, type: 'home' },
      ],
      phones:
        index % 5 === 0 ? [{ value: `+1 555 01${String(index).padStart(4, '0')}`, type: 'work' }] : undefined,
      relations:
        index === 0 ? undefined : [{ value: googleEmail(Math.floor((index - 1) / 3)), type: 'manager' }],
      organizations: [
        {
          title: index === 0 ? 'Chief Executive Officer' : `Specialist ${index % 7}`,
          department,
          costCenter: `CC-${(index % 40) + 100}`,
          description: index % 2 ? 'EMEA' : 'Americas',
          location: index % 2 ? 'Dublin' : 'New York',
          name: 'Example Org',
          primary: true,
          fullTimeEquivalent: index % 13 === 0 ? 50_000 : 100_000,
        },
      ],
      externalIds: [{ value: `E${String(index).padStart(6, '0')}`, type: 'organization' }],
      customSchemas: { Employment: { Badge: `B-${index}`, Languages: [{ value: 'en' }, { value: 'fr' }] } },
    });
  }
  const groups: FakeGoogleGroup[] = DEPARTMENTS.map((department, d) => ({
    id: `0${d}group${department.toLowerCase()}`,
    email: `${department.toLowerCase()}@example.org`,
    name: `${department} team`,
    description: `Everyone in ${department}`,
    members: users
      .filter((_, index) => index % DEPARTMENTS.length === d)
      .map((user) => ({ id: user.id, email: user.primaryEmail, type: 'USER' as const, role: 'MEMBER' })),
  }));
  groups.push({
    id: '09groupallstaff',
    email: 'all@example.org',
    name: 'All staff',
    members: [
      ...groups.map((group) => ({
        id: group.id,
        email: group.email,
        type: 'GROUP' as const,
        role: 'MEMBER',
      })),
      { id: 'C03az79cb', email: '', type: 'CUSTOMER' as const, role: 'MEMBER' },
    ],
  });
  fake.users = users;
  fake.groups = groups;
}
