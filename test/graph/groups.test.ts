import { EmployeeGroupsDocument, GroupMembersDocument, GroupsDocument } from '../generated/graphql';
import { dataOf, startTestApp, TestApp } from '../support/app';
import { addMembers, createEmployee, createGroup, createOrganization, nestGroup } from '../support/factories';

/**
 * Cloud-Admins ⊃ Cloud-Platform (⊃ Platform-Oncall); Platform-Oncall has two parents.
 * Ops-A ⊃ Ops-B ⊃ Ops-A is a cycle in the source.
 */
describe('groups', () => {
  let app: TestApp;
  let token: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    app = await startTestApp();
    const ds = app.db.dataSource;
    const orgId = await createOrganization(ds);
    token = await app.token(orgId);
    for (const name of ['Jane', 'Marcus', 'Sarah', 'Omar', 'Lena']) {
      ids[name] = (await createEmployee(ds, orgId, { displayName: `${name} Example`, firstName: name })).id;
    }
    const groups: [
      string,
      Partial<{ isSecurityGroup: boolean; groupType: 'security' | 'team' | 'distribution' }>,
    ][] = [
      ['Cloud-Admins', { isSecurityGroup: true, groupType: 'security' }],
      ['Cloud-Platform', { groupType: 'team' }],
      ['Platform-Oncall', { groupType: 'team' }],
      ['On-Call', { groupType: 'distribution' }],
      ['Ops-A', {}],
      ['Ops-B', {}],
    ];
    for (const [name, extra] of groups) {
      ids[name] = (await createGroup(ds, orgId, { name, ...(extra as object) })).id;
    }
    await addMembers(ds, orgId, ids['Cloud-Admins'], [ids.Jane]);
    await addMembers(ds, orgId, ids['Cloud-Platform'], [ids.Marcus, ids.Jane]);
    await addMembers(ds, orgId, ids['Platform-Oncall'], [ids.Sarah]);
    await addMembers(ds, orgId, ids['Ops-A'], [ids.Omar]);
    await addMembers(ds, orgId, ids['Ops-B'], [ids.Lena]);
    await nestGroup(ds, orgId, ids['Cloud-Admins'], ids['Cloud-Platform']);
    await nestGroup(ds, orgId, ids['Cloud-Platform'], ids['Platform-Oncall']);
    await nestGroup(ds, orgId, ids['On-Call'], ids['Platform-Oncall']);
    await nestGroup(ds, orgId, ids['Ops-A'], ids['Ops-B']);
    await nestGroup(ds, orgId, ids['Ops-B'], ids['Ops-A']);
  });
  afterAll(() => app.stop());

  it('resolves nested members once each, through the nearest group', async () => {
    const data = dataOf(await app.request(GroupMembersDocument, { id: ids['Cloud-Admins'] }, { token }));
    const group = data.group!;
    expect(group.memberCount).toBe(3);
    expect(group.members.totalCount).toBe(3);
    expect(
      group.members.edges.map((edge) => [
        edge.node.displayName,
        edge.membershipType,
        edge.viaGroup?.name ?? null,
      ]),
    ).toEqual([
      ['Jane Example', 'DIRECT', null],
      ['Marcus Example', 'NESTED', 'Cloud-Platform'],
      ['Sarah Example', 'NESTED', 'Platform-Oncall'],
    ]);
    expect(group.childGroups.map((child) => child.name)).toEqual(['Cloud-Platform']);
  });

  it('lists only direct members when resolveNested is false', async () => {
    const data = dataOf(
      await app.request(GroupMembersDocument, { id: ids['Cloud-Admins'], resolveNested: false }, { token }),
    );
    expect(data.group?.memberCount).toBe(1);
    expect(data.group?.members.edges.map((edge) => edge.node.displayName)).toEqual(['Jane Example']);
  });

  it('follows a group with many parents and shows them', async () => {
    const data = dataOf(await app.request(GroupMembersDocument, { id: ids['Platform-Oncall'] }, { token }));
    expect(data.group?.parentGroups.map((parent) => parent.name)).toEqual(['Cloud-Platform', 'On-Call']);
  });

  it('terminates on a nesting cycle and counts each member once', async () => {
    const data = dataOf(await app.request(GroupMembersDocument, { id: ids['Ops-A'] }, { token }));
    expect(data.group?.members.edges.map((edge) => [edge.node.displayName, edge.membershipType])).toEqual([
      ['Lena Example', 'NESTED'],
      ['Omar Example', 'DIRECT'],
    ]);
  });

  it("lists an employee's groups, direct and inherited", async () => {
    const data = dataOf(await app.request(EmployeeGroupsDocument, { id: ids.Sarah }, { token }));
    const memberships = data.employee!.groups.map((m) => [
      m.group.name,
      m.membershipType,
      m.viaGroup?.name ?? null,
    ]);
    expect(memberships).toEqual([
      ['Platform-Oncall', 'DIRECT', null],
      ['Cloud-Admins', 'NESTED', 'Platform-Oncall'],
      ['Cloud-Platform', 'NESTED', 'Platform-Oncall'],
      ['On-Call', 'NESTED', 'Platform-Oncall'],
    ]);
    const direct = dataOf(
      await app.request(EmployeeGroupsDocument, { id: ids.Sarah, resolveNested: false }, { token }),
    );
    expect(direct.employee?.groups.map((m) => m.group.name)).toEqual(['Platform-Oncall']);
  });

  it('pages through members with a cursor', async () => {
    const first = dataOf(
      await app.request(GroupMembersDocument, { id: ids['Cloud-Admins'], first: 2 }, { token }),
    );
    expect(first.group?.members.pageInfo.hasNextPage).toBe(true);
    const rest = dataOf(
      await app.request(
        GroupMembersDocument,
        { id: ids['Cloud-Admins'], first: 2, after: first.group!.members.pageInfo.endCursor },
        { token },
      ),
    );
    expect(rest.group?.members.edges.map((edge) => edge.node.displayName)).toEqual(['Sarah Example']);
  });

  it('pages the members of several groups in one query, each group its own page', async () => {
    const response = await app.request<
      {
        groups: {
          edges: { node: { name: string; members: { edges: { node: { displayName: string } }[] } } }[];
        };
      },
      Record<string, never>
    >(
      `{ groups(first: 10) { edges { node { name members(first: 2) { edges { node { displayName } } } } } } }`,
      {},
      {
        token,
      },
    );
    const pages = Object.fromEntries(
      dataOf(response).groups.edges.map(({ node }) => [
        node.name,
        node.members.edges.map((edge) => edge.node.displayName),
      ]),
    );
    expect(pages).toEqual({
      'Cloud-Admins': ['Jane Example', 'Marcus Example'],
      'Cloud-Platform': ['Jane Example', 'Marcus Example'],
      'Platform-Oncall': ['Sarah Example'],
      'On-Call': ['Sarah Example'],
      'Ops-A': ['Lena Example', 'Omar Example'],
      'Ops-B': ['Lena Example', 'Omar Example'],
    });
  });

  it('filters groups by security flag, type and name', async () => {
    const security = dataOf(
      await app.request(GroupsDocument, { filter: { isSecurityGroup: true } }, { token }),
    );
    expect(security.groups.edges.map((edge) => edge.node.name)).toEqual(['Cloud-Admins']);
    const search = dataOf(await app.request(GroupsDocument, { filter: { search: 'ops-' } }, { token }));
    expect(search.groups.totalCount).toBe(2);
    const teams = dataOf(await app.request(GroupsDocument, { filter: { groupType: 'TEAM' } }, { token }));
    expect(teams.groups.edges.map((edge) => edge.node.name)).toEqual(['Cloud-Platform', 'Platform-Oncall']);
  });
});
