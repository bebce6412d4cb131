/**
 * A deterministic Workday tenant for the fake: N workers in a management tree exactly 8 levels deep,
 * active, on-leave, terminated and future-hire workers, contractors and part-timers, names with
 * apostrophes, accents and CJK characters, departments and cost centers, and team organizations.
 * Workers are kept as plain records; the fake renders them as report entries or REST workers.
 */

export interface FakeWorker {
  index: number;
  /** The Workday ID (32 hex digits): the REST API's id. */
  wid: string;
  /** Employee_ID: the report's id. */
  employeeId: string;
  firstName: string;
  lastName: string;
  preferredName: string | null;
  email: string | null;
  phone: string;
  title: string;
  department: string;
  division: string;
  costCenter: string;
  location: string;
  company: string;
  managerIndex: number | null;
  status: 'Active' | 'On Leave' | 'Terminated' | 'Pre-Hire';
  employeeType: 'Regular' | 'Contractor' | 'Intern' | 'Fixed Term';
  timeType: 'Full time' | 'Part time';
  hireDate: string;
  terminationDate: string | null;
  badgeNumber: number;
  /** Last change, epoch ms: what the "updated since" prompt filters on. */
  updatedAt: number;
}

export interface FakeTeam {
  id: string;
  name: string;
  /** Indexes of members. */
  members: number[];
}

/** The management tree's depth: the top and seven levels below. */
export const LEVELS = 8;
/** The date the seeded tenant treats as today (hire and termination dates are around it). */
export const TENANT_TODAY = '2026-06-15';
/** Timestamps of the seeded data: well in the past. */
export const SEED_EPOCH = Date.parse('2025-01-01T00:00:00.000Z');

const GIVEN = [
  'Siobhán',
  "D'Arcy",
  'José',
  'Zoë',
  'Łukasz',
  'Anaïs',
  'Björn',
  'Nguyễn Văn',
  'Ana',
  'Mark',
  'Priya',
  'Søren',
  'Chloé',
  'Émile',
  'Jürgen',
  'Kwame',
];
const FAMILY = [
  "O'Brien",
  'Núñez',
  'Müller',
  'Østergård',
  "D'Angelo",
  'Smith',
  'García-López',
  'Kowalski',
  'Nakamura',
  'Dubois',
  'Patel',
  'van der Berg',
];
/** Some people carry CJK names (given name, family name) as Workday stores them. */
const CJK: [string, string][] = [
  ['小龙', '李'],
  ['美咲', '佐藤'],
  ['伟', '王'],
  ['지민', '김'],
  ['翔太', '高橋'],
];
export const DEPARTMENTS = [
  'Engineering',
  'R&D – Platform',
  'Sales',
  'Ventes & Marketing',
  'Finance',
  'People',
  'Support',
  '研究開発',
];
const DIVISIONS = ['Product', 'Go-to-Market', 'G&A'];
const LOCATIONS = ['San Francisco', 'São Paulo', 'Zürich', '東京', "Côte d'Ivoire – Abidjan", 'Berlin'];
const TITLES = [
  'Software Engineer',
  'Senior Engineer',
  'Account Executive',
  'Analyst',
  'Designer',
  'Recruiter',
  'Support Specialist',
];
export const COMPANY = 'Acmé Holdings, Inc.';

const ascii = (text: string) =>
  text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ł/g, 'l')
    .replace(/ø/gi, 'o')
    .toLowerCase()
    .replace(/[^a-z]/g, '');

function widOf(i: number): string {
  return (i * 2654435761 + 0x9e3779b9).toString(16).padStart(12, '0').slice(-12).padStart(32, 'a');
}

export const employeeIdOf = (i: number) => String(21_000 + i);

/**
 * How many people sit on each of the 8 levels: a span s with 1 + s + … + s^6 ≤ N, the rest on the
 * last level, so that every tenant from a few hundred people up has exactly 8 levels.
 */
export function levelSizes(count: number): number[] {
  let low = 1;
  let high = count;
  for (let step = 0; step < 60; step++) {
    const mid = (low + high) / 2;
    let sum = 0;
    for (let d = 0; d < LEVELS - 1; d++) sum += Math.round(mid ** d);
    if (sum < count) low = mid;
    else high = mid;
  }
  const sizes: number[] = [];
  let used = 0;
  for (let d = 0; d < LEVELS - 1; d++) {
    const size = Math.max(1, Math.min(Math.round(low ** d), count - used - (LEVELS - 1 - d)));
    sizes.push(size);
    used += size;
  }
  sizes.push(count - used);
  return sizes;
}

/** The manager of each person (breadth first: level by level, reports spread evenly over the level above). */
export function managersOf(count: number): Int32Array {
  const managers = new Int32Array(count).fill(-1);
  const sizes = levelSizes(count);
  let levelStart = 0;
  for (let d = 1; d < sizes.length; d++) {
    const aboveStart = levelStart;
    const above = sizes[d - 1];
    levelStart += above;
    for (let j = 0; j < sizes[d]; j++)
      managers[levelStart + j] = aboveStart + Math.floor((j * above) / sizes[d]);
  }
  return managers;
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Person i; `hasReports` keeps managers active (a terminated manager with reports is a data problem, tested elsewhere). */
export function seededWorker(
  i: number,
  managerIndex: number | null,
  hasReports: boolean,
  today = TENANT_TODAY,
  domain = 'acme.example',
): FakeWorker {
  const cjk = i % 23 === 5 ? CJK[i % CJK.length] : null;
  const firstName = cjk ? cjk[0] : GIVEN[(i * 7) % GIVEN.length];
  const lastName = cjk ? cjk[1] : FAMILY[(i * 13 + Math.floor(i / 97)) % FAMILY.length];
  const slug = cjk ? `w${employeeIdOf(i)}` : `${ascii(firstName)}.${ascii(lastName)}${i}`;
  let status: FakeWorker['status'] = 'Active';
  let hireDate = addDays('2015-01-05', i % 3000);
  let terminationDate: string | null = null;
  if (!hasReports && i > 0) {
    if (i % 37 === 11) {
      status = 'Terminated';
      terminationDate = addDays(today, -((i % 300) + 1));
    } else if (i % 53 === 7) {
      status = 'On Leave';
    } else if (i % 61 === 13) {
      // Half of the future hires say so in their status, half only through their hire date.
      status = i % 2 === 0 ? 'Pre-Hire' : 'Active';
      hireDate = addDays(today, (i % 60) + 1);
    }
  }
  const employeeType: FakeWorker['employeeType'] =
    i % 11 === 3 ? 'Contractor' : i % 97 === 40 ? 'Intern' : i % 89 === 20 ? 'Fixed Term' : 'Regular';
  return {
    index: i,
    wid: widOf(i),
    employeeId: employeeIdOf(i),
    firstName,
    lastName,
    preferredName: i % 19 === 2 && !cjk ? `${firstName.slice(0, 3)}` : null,
    email: `${slug}@${domain}`,
    phone: `+1 415 555 ${String(i % 10_000).padStart(4, '0')}`,
    title:
      i === 0
        ? 'Chief Executive Officer'
        : hasReports
          ? `Manager, ${TITLES[i % TITLES.length]}`
          : TITLES[i % TITLES.length],
    department: DEPARTMENTS[i % DEPARTMENTS.length],
    division: DIVISIONS[i % DIVISIONS.length],
    costCenter: `CC-${1000 + (i % 40)}`,
    location: LOCATIONS[i % LOCATIONS.length],
    company: COMPANY,
    managerIndex,
    status,
    employeeType,
    timeType: i % 7 === 4 ? 'Part time' : 'Full time',
    hireDate,
    terminationDate,
    badgeNumber: 500_000 + i,
    updatedAt: SEED_EPOCH + i * 1000,
  };
}

/** N workers (dates around `today`, YYYY-MM-DD) and N/100 (at least 3) team organizations of the people i ≡ t (mod teams). */
export function seedTenant(
  count: number,
  today = TENANT_TODAY,
): { workers: FakeWorker[]; teams: FakeTeam[] } {
  const managers = managersOf(count);
  const hasReports = new Uint8Array(count);
  for (let i = 0; i < count; i++) if (managers[i] >= 0) hasReports[managers[i]] = 1;
  const workers: FakeWorker[] = [];
  for (let i = 0; i < count; i++)
    workers.push(seededWorker(i, managers[i] < 0 ? null : managers[i], hasReports[i] === 1, today));
  const teamCount = Math.max(3, Math.floor(count / 100));
  const teams: FakeTeam[] = [];
  for (let t = 0; t < teamCount; t++) {
    const members: number[] = [];
    for (let i = t; i < count; i += teamCount) members.push(i);
    teams.push({ id: `TEAM-${t}`, name: t % 5 === 0 ? `Équipe ${t} – Ops` : `Team ${t}`, members });
  }
  return { workers, teams };
}

/** The depth of person i in the tree (1 for the top). */
export function depthOf(workers: readonly FakeWorker[], i: number): number {
  let depth = 1;
  for (let at = workers[i].managerIndex; at !== null; at = workers[at].managerIndex) depth++;
  return depth;
}
