import { SAMPLE_GIVEN_NAMES, SAMPLE_SURNAMES } from '../src/demo/sample-org';
import { FakeGraph, FakeTenant, memberAccount, personId } from '../test/fakes/graph';

/**
 * The fake Microsoft Graph of test/fakes/graph in a process of its own, seeded with a deterministic
 * tenant, for the sync bench: the process under test then holds only the sync's own memory.
 *
 *   node dist/bench/fake-graph-server.js <users>
 *
 * prints one JSON line, {"origin", "config"} (config: an Entra connection's settings that reach it,
 * client secret and test CA included), then serves until killed. POST /__bench/change?every=k changes
 * the job title of every k-th person, so that the next delta round returns them (an incremental
 * sync's 1%).
 *
 * The tenant: N members with Graph's full set of user properties and realistic, colliding names
 * (every 50th without a mailbox, every
 * 97th disabled), a management tree in which manager j has 3 to 12 reports (7.5 on average, depth 6
 * at 100k), N/20 groups of the three kinds, each person in 3 of them, and every 100th group nesting
 * the next one.
 */
const users = Number(process.argv[2]);
if (!Number.isSafeInteger(users) || users < 1) {
  console.error('usage: fake-graph-server <users>');
  process.exit(2);
}
const groups = Math.max(10, Math.round(users / 20));
const DEPARTMENTS = ['Engineering', 'Sales', 'Finance', 'Operations', 'Support', 'Marketing', 'Legal'];
const TITLES = ['Engineer', 'Senior Engineer', 'Analyst', 'Account Executive', 'Designer', 'Specialist'];

function groupId(index: number): string {
  return `00000000-0000-4000-a000-${String(index).padStart(12, '0')}`;
}

/**
 * Names from the sample organization's pools, so that they collide and share words as real names
 * do (the lookup vocabulary of 100k people is a few hundred words, not one per person).
 */
const givenName = (i: number) => SAMPLE_GIVEN_NAMES[(i * 7) % SAMPLE_GIVEN_NAMES.length];
const surname = (i: number) => SAMPLE_SURNAMES[(i * 13 + Math.floor(i / 97)) % SAMPLE_SURNAMES.length];

/** Manager of each person: breadth first, manager j takes the next 3 + (7j mod 10) people. */
function managers(count: number): Int32Array {
  const managerOf = new Int32Array(count).fill(-1);
  let next = 1;
  for (let manager = 0; next < count; manager++) {
    const reports = 3 + ((manager * 7) % 10);
    for (let k = 0; k < reports && next < count; k++) managerOf[next++] = manager;
  }
  return managerOf;
}

function seed(tenant: FakeTenant): void {
  const managerOf = managers(users);
  for (let i = 0; i < users; i++) {
    const manager = managerOf[i];
    tenant.addUser({
      id: personId(i),
      managerId: manager < 0 ? null : personId(manager),
      ...memberAccount(i),
      displayName: `${givenName(i)} ${surname(i)}`,
      givenName: givenName(i),
      surname: surname(i),
      jobTitle: manager < 0 ? 'Chief Executive' : TITLES[i % TITLES.length],
      department: DEPARTMENTS[i % DEPARTMENTS.length],
      employeeId: `E${String(i).padStart(8, '0')}`,
      employeeType: i % 10 === 9 ? 'Contractor' : 'Employee',
      officeLocation: ['Lisbon', 'Oslo', 'Austin', 'Pune'][i % 4],
      businessPhones: [`+1 555 ${String(i % 10_000).padStart(4, '0')}`],
      accountEnabled: i % 97 !== 96,
    });
  }
  const members: string[][] = Array.from({ length: groups }, () => []);
  for (let i = 0; i < users; i++) {
    for (let k = 0; k < 3; k++) members[(i * 7 + k * 131) % groups].push(personId(i));
  }
  for (let g = 0; g < groups; g++) {
    const kind = g % 3;
    tenant.addGroup({
      id: groupId(g),
      displayName: `Group ${g}`,
      description: kind === 0 ? `Security group ${g}` : null,
      mailEnabled: kind !== 0,
      securityEnabled: kind !== 1,
      groupTypes: kind === 2 ? ['Unified'] : [],
      members: [
        ...members[g].map((id) => ({ type: 'user' as const, id })),
        ...(g % 100 === 0 && g + 1 < groups ? [{ type: 'group' as const, id: groupId(g + 1) }] : []),
      ],
    });
    members[g] = [];
  }
}

async function main(): Promise<void> {
  const fake = new FakeGraph();
  seed(fake.tenant);
  let revision = 0;
  fake.control('/__bench/change', (query) => {
    const every = Number(query.get('every') ?? 100);
    revision += 1;
    let changed = 0;
    for (let i = 0; i < users; i += every) {
      fake.tenant.updateUser(personId(i), { jobTitle: `Engineer r${revision}` });
      changed += 1;
    }
    return { changed };
  });
  await fake.start();
  console.log(JSON.stringify({ origin: fake.origin, config: fake.config() }));
  const stop = () => void fake.stop().finally(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
