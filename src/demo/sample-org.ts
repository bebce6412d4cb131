/**
 * A deterministic sample organization for the demo, the README examples, tests and benchmarks.
 *
 * Pure: no I/O, no clock, no Math.random. Every value (UUIDs included) comes from one seeded PRNG,
 * so the same options always give byte-identical output.
 */
import { DirectorySource, EmploymentStatus, EmploymentType, GroupType } from '../entities/enums';

export interface SampleOrgOptions {
  /** Head count, at least {@link MIN_SAMPLE_EMPLOYEES}. */
  employees: number;
  /** 32-bit integer; different seeds give different organizations. */
  seed?: number;
  /** E-mail domain, default {@link DEFAULT_SAMPLE_DOMAIN}. */
  domain?: string;
}

/** One row of `employees`, minus org_id and the columns the database fills in. */
export interface SampleEmployee {
  id: string;
  employeeNumber: string;
  email: string;
  displayName: string;
  firstName: string;
  lastName: string;
  preferredName: string | null;
  jobTitle: string;
  department: string;
  division: string;
  costCenter: string;
  location: string;
  phone: string | null;
  company: string;
  username: string;
  personalEmail: string | null;
  timeZone: string;
  status: EmploymentStatus;
  employmentType: EmploymentType;
  /** YYYY-MM-DD */
  startDate: string;
  /** YYYY-MM-DD, set for terminated and retired people. */
  terminationDate: string | null;
  managerId: string | null;
  managerRef: string | null;
  source: DirectorySource;
  externalId: string;
  idpId: string | null;
  userId: string | null;
  customAttributes: Record<string, string>;
}

/** One row of `directory_groups`, minus org_id and the columns the database fills in. */
export interface SampleGroup {
  id: string;
  name: string;
  displayName: string;
  description: string;
  source: DirectorySource;
  externalId: string;
  isSecurityGroup: boolean;
  groupType: GroupType;
  customAttributes: Record<string, string | boolean>;
}

export interface SampleMembership {
  groupId: string;
  employeeId: string;
}

export interface SampleNesting {
  parentGroupId: string;
  childGroupId: string;
}

export interface SampleOrganization {
  /** In pre-order: every manager comes before their reports. */
  employees: SampleEmployee[];
  groups: SampleGroup[];
  memberships: SampleMembership[];
  nesting: SampleNesting[];
}

export const DEFAULT_SAMPLE_DOMAIN = 'acme.example';
export const DEFAULT_SAMPLE_SEED = 20241122;
/** Below this the fixed skeleton (CEO, executives, department heads, Jane Smith's team) does not fit. */
export const MIN_SAMPLE_EMPLOYEES = 50;

/** E-mails (with the default domain) of the named people every sample organization contains. */
export const SAMPLE_KEY_PEOPLE = {
  ceo: 'elena.vasquez@acme.example',
  cto: 'thomas.whitfield@acme.example',
  infrastructureDirector: 'priya.ramirez@acme.example',
  devOpsLead: 'jane.smith@acme.example',
  networkEngineer: 'marcus.chen@acme.example',
} as const;

const COMPANY = 'Acme Corp';
const MAX_FAN_OUT = 15;
const DAY_MS = 86_400_000;
/** "Today" for the sample: dates are drawn relative to it, never to the wall clock. */
const REFERENCE_DAY = Date.UTC(2024, 10, 15) / DAY_MS;
const FOUNDED_DAY = Date.UTC(2006, 0, 9) / DAY_MS;

// ---------------------------------------------------------------------------------------------
// PRNG
// ---------------------------------------------------------------------------------------------

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const ALPHANUMERIC = 'abcdefghijklmnopqrstuvwxyz0123456789';
const DIGITS = '0123456789';
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

function hex32(n: number): string {
  return HEX[(n >>> 24) & 255] + HEX[(n >>> 16) & 255] + HEX[(n >>> 8) & 255] + HEX[n & 255];
}

/** sfc32 (small, fast, passes PractRand), seeded through splitmix32 so that nearby seeds diverge. */
class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    let s = seed >>> 0;
    const splitmix = (): number => {
      s = (s + 0x9e3779b9) | 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = splitmix();
    this.b = splitmix();
    this.c = splitmix();
    this.d = splitmix();
    for (let i = 0; i < 12; i++) this.uint32();
  }

  uint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.uint32() / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  chars(length: number, alphabet: string): string {
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[this.int(alphabet.length)];
    return out;
  }

  digits(length: number): string {
    return this.chars(length, DIGITS);
  }

  /** A version 4 (random) UUID, drawn from this generator. */
  uuid(): string {
    const w0 = this.uint32();
    const w1 = ((this.uint32() & 0xffff0fff) | 0x00004000) >>> 0; // version nibble = 4
    const w2 = ((this.uint32() & 0x3fffffff) | 0x80000000) >>> 0; // variant bits = 10
    const w3 = this.uint32();
    // Assembled from byte pairs rather than sliced: this runs a few times per employee.
    return (
      hex32(w0) +
      '-' +
      HEX[w1 >>> 24] +
      HEX[(w1 >>> 16) & 255] +
      '-' +
      HEX[(w1 >>> 8) & 255] +
      HEX[w1 & 255] +
      '-' +
      HEX[w2 >>> 24] +
      HEX[(w2 >>> 16) & 255] +
      '-' +
      HEX[(w2 >>> 8) & 255] +
      HEX[w2 & 255] +
      hex32(w3)
    );
  }

  /** Up to k distinct items of the pool, in random order (partial Fisher–Yates on a copy). */
  sample<T>(pool: readonly T[], k: number): T[] {
    const copy = pool.slice();
    const n = Math.min(k, copy.length);
    for (let i = 0; i < n; i++) {
      const j = i + this.int(copy.length - i);
      const tmp = copy[i];
      copy[i] = copy[j];
      copy[j] = tmp;
    }
    return copy.slice(0, n);
  }
}

/** Picks values in proportion to integer weights, in O(log n) per draw. */
class Weighted<T> {
  readonly values: T[] = [];
  private readonly cumulative: number[] = [];
  private total = 0;

  constructor(entries: ReadonlyArray<readonly [T, number]>) {
    for (const [value, weight] of entries) {
      this.total += weight;
      this.values.push(value);
      this.cumulative.push(this.total);
    }
  }

  pick(random: Random): T {
    const target = random.next() * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cumulative[mid] > target) hi = mid;
      else lo = mid + 1;
    }
    return this.values[lo];
  }
}

// ---------------------------------------------------------------------------------------------
// Reference data
// ---------------------------------------------------------------------------------------------

/** Nicknames some people go by; their display name then uses it. */
const NICKNAMES: Readonly<Record<string, readonly string[]>> = {
  William: ['Bill', 'Will'],
  Robert: ['Bob', 'Rob'],
  Michael: ['Mike'],
  Elizabeth: ['Liz', 'Beth'],
  Katherine: ['Kate', 'Kathy'],
  Christopher: ['Chris'],
  Jennifer: ['Jen', 'Jenny'],
  Margaret: ['Maggie', 'Peggy'],
  Daniel: ['Dan', 'Danny'],
  Samuel: ['Sam'],
  Benjamin: ['Ben'],
  Nicholas: ['Nick'],
  Matthew: ['Matt'],
  Thomas: ['Tom'],
  Anthony: ['Tony'],
  Joseph: ['Joe'],
  James: ['Jim', 'Jamie'],
  Richard: ['Rick', 'Rich'],
  Rebecca: ['Becky'],
  Alexander: ['Alex'],
  Alexandra: ['Alex', 'Sasha'],
  Jonathan: ['Jon'],
  Patricia: ['Pat', 'Trish'],
  Steven: ['Steve'],
  Andrew: ['Andy', 'Drew'],
  Edward: ['Ed', 'Ted'],
  Timothy: ['Tim'],
  Susan: ['Sue'],
  Deborah: ['Deb'],
  Wei: ['David'],
  Xiaoming: ['Sam'],
  'Ji-ho': ['Jay'],
  Hiroshi: ['Hiro'],
  Siddharth: ['Sid'],
  Venkatesh: ['Venky'],
  Oluwaseun: ['Seun'],
  Nikolai: ['Nick'],
  Katarzyna: ['Kasia'],
};

/** Lower-case ASCII for e-mail local parts and usernames (José → jose, O'Brien → obrien). */
function ascii(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '');
}

/** A pool name with what is derived from it computed once, not per person. */
interface PoolName {
  text: string;
  ascii: string;
  /** Position in its pool: identifies the name in numeric keys. */
  index: number;
  nicknames: readonly string[] | null;
}

/** Pools hold fewer names than this; `first.index * POOL_KEY + last.index` identifies a pair. */
const POOL_KEY = 4096;

function namePool(entries: ReadonlyArray<readonly [string, number]>): Weighted<PoolName> {
  const names = entries.map(([text], index) => ({
    text,
    ascii: ascii(text),
    index,
    nicknames: NICKNAMES[text] ?? null,
  }));
  // Numeric keys stand for the ASCII forms, so those must be distinct (and non-empty).
  if (
    new Set(names.map((name) => name.ascii)).size !== names.length ||
    names.some((name) => name.ascii === '')
  )
    throw new Error('name pool: ASCII forms must be distinct and non-empty');
  if (names.length > POOL_KEY) throw new Error('name pool: too many names');
  return new Weighted(names.map((name, i) => [name, entries[i][1]] as const));
}

function poolName(pool: Weighted<PoolName>, text: string): PoolName {
  const name = pool.values.find((candidate) => candidate.text === text);
  if (name === undefined) throw new Error(`name pool: "${text}" is missing`);
  return name;
}

/** Weight 1 unless given: common names are drawn far more often, so display names collide. */
function weighted(spec: string): Array<readonly [string, number]> {
  return spec
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0)
    .map((entry) => {
      const [name, weight] = entry.split(':');
      return [name, weight === undefined ? 1 : Number(weight)] as const;
    });
}

const FIRST_NAMES = namePool(
  weighted(`
  James:6, John:6, Michael:6, David:6, Robert:5, William:4, Mary:5, Jennifer:5, Sarah:5, Jessica:4, Emily:4, Maria:4,
  Daniel:3, Christopher:3, Matthew:3, Joseph:3, Thomas:3, Richard:3, Anthony:3, Mark:3, Steven:3, Andrew:3, Kevin:3,
  Brian:3, Jane:3, Elizabeth:3, Patricia:3, Linda:3, Susan:3, Karen:3, Lisa:3, Ashley:3, Michelle:3, Laura:3, Emma:3,
  Olivia:3, Wei:3, Priya:3, Mohammed:3, José:3, Carlos:3, Juan:3, Ana:3,
  Alexander, Alexandra, Benjamin, Samuel, Nicholas, Jonathan, Timothy, Edward, Ryan, Jacob, Ethan, Noah, Liam, Lucas,
  Nathan, Aaron, Adam, Eric, Gregory, Patrick, Sean, Kyle, Tyler, Jason, Justin, Scott, Jeffrey, Paul, George, Peter,
  Henry, Marcus, Rebecca, Katherine, Margaret, Rachel, Hannah, Grace, Sophia, Isabella, Mia, Charlotte, Amelia,
  Victoria, Natalie, Samantha, Stephanie, Nicole, Megan, Lauren, Deborah, Helen, Sandra, Angela, Melissa, Kimberly,
  Diana, Renée, Zoë, François, Björn, Xiaoming, Mei, Hiroshi, Yuki, Haruto, Sakura, Ji-ho, Min-jun, Seo-yeon, Raj,
  Anil, Sunita, Arjun, Deepa, Siddharth, Venkatesh, Lakshmi, Fatima, Aisha, Omar, Yusuf, Layla, Oluwaseun, Chinedu,
  Ngozi, Kwame, Amara, Thandiwe, Javier, Alejandro, Diego, Lucía, Valentina, Camila, Mateo, Gabriel, Rafael, Pedro,
  João, Giulia, Luca, Francesca, Hans, Klaus, Anja, Lars, Ingrid, Nikolai, Olga, Dmitri, Katarzyna, Piotr, Elena,
  Siobhán, Aoife, Declan, Fiona, Callum
`),
);

const LAST_NAMES = namePool(
  weighted(`
  Smith:8, Johnson:6, Williams:5, Brown:5, Jones:5, Garcia:5, Miller:4, Davis:4, Rodriguez:4, Martinez:4, Lee:4,
  Nguyen:4, Chen:4, Patel:4, Kim:3, Wang:3, Hernandez:3, Lopez:3, Gonzalez:3, Wilson:3, Anderson:3, Taylor:3,
  Thomas, Moore, Jackson, Martin, Perez, Thompson, White, Harris, Sanchez, Clark, Ramirez, Lewis, Robinson, Walker,
  Young, Allen, King, Wright, Scott, Torres, Hill, Flores, Green, Adams, Nelson, Baker, Hall, Rivera, Campbell,
  Mitchell, Carter, Roberts, Li, Zhang, Liu, Shah, Kumar, Singh, Gupta, Park, Choi, Tanaka, Suzuki, Sato, Müller,
  Schmidt, Fischer, Weber, Rossi, Russo, Bianchi, Dubois, Bernard, Silva, Santos, Oliveira, Costa, O'Brien, O'Connor,
  Murphy, Kelly, Sullivan, Walsh, MacDonald, Fraser, Novak, Kowalski, Ivanov, Petrov, Cohen, Levi, Haddad, Khan, Ali,
  Ahmed, Hussain, Okafor, Adeyemi, Mensah, Mwangi, Nkosi, Diallo, Jensen, Hansen, Larsen, Andersson, Johansson,
  Virtanen, Van der Berg, de Vries, Whitfield, Vasquez, Reyes, Cruz, Morales, Ortiz, Gutierrez, Chavez, Ramos, Ruiz,
  Alvarez, Mendoza, Castillo, Jimenez, Moreno, Herrera, Vargas, Castro, Fernandez, Bennett, Brooks, Foster, Hughes,
  Price, Sanders, Ross, Powell, Patterson, Jenkins, Russell, Butler, Barnes, Henderson, Coleman, Bryant, Reed, Cook,
  Morgan, Bell, Bailey, Cooper, Richardson, Howard, Ward, Peterson, Gray, Watson, Smith-Jones
`),
);

/** The sample organization's given names and surnames, for fakes that need realistic names. */
export const SAMPLE_GIVEN_NAMES: readonly string[] = FIRST_NAMES.values.map((name) => name.text);
export const SAMPLE_SURNAMES: readonly string[] = LAST_NAMES.values.map((name) => name.text);

type Division = 'Corporate' | 'Technology' | 'Revenue' | 'Operations';
type ExecutiveKey = 'cto' | 'cfo' | 'cro' | 'coo' | 'cpo' | 'clo';

interface ExecutiveSpec {
  key: ExecutiveKey;
  title: string;
  division: Division;
}

const EXECUTIVES: readonly ExecutiveSpec[] = [
  { key: 'cto', title: 'Chief Technology Officer', division: 'Technology' },
  { key: 'cfo', title: 'Chief Financial Officer', division: 'Corporate' },
  { key: 'cro', title: 'Chief Revenue Officer', division: 'Revenue' },
  { key: 'coo', title: 'Chief Operating Officer', division: 'Operations' },
  { key: 'cpo', title: 'Chief People Officer', division: 'Corporate' },
  { key: 'clo', title: 'General Counsel', division: 'Corporate' },
];

interface DepartmentSpec {
  name: string;
  division: Division;
  costCenter: string;
  /** Share of the head count. */
  weight: number;
  reportsTo: ExecutiveKey | null;
  headTitle: string;
  /** Sub-areas used in managers' titles; a manager's whole subtree shares one. */
  areas: readonly string[];
  /** Individual contributors' titles. */
  roles: readonly string[];
  /** 'numeric': Network Engineer II, Sr. Network Engineer; 'word': Associate/Senior Accountant. */
  levels: 'numeric' | 'word';
  homes: readonly string[];
}

const EXECUTIVE_DEPARTMENT: DepartmentSpec = {
  name: 'Executive',
  division: 'Corporate',
  costCenter: 'CC-1000',
  weight: 0,
  reportsTo: null,
  headTitle: 'Chief Executive Officer',
  areas: ['Executive Office'],
  roles: ['Executive Assistant'],
  levels: 'word',
  homes: ['Austin HQ - Bldg 1'],
};

const DEPARTMENTS: readonly DepartmentSpec[] = [
  {
    name: 'IT Infrastructure',
    division: 'Technology',
    costCenter: 'CC-4200',
    weight: 10,
    reportsTo: 'cto',
    headTitle: 'Director of Infrastructure',
    areas: [
      'Network Operations',
      'Cloud Platform',
      'End User Computing',
      'Data Center Operations',
      'Identity & Access',
    ],
    roles: [
      'Systems Administrator',
      'Network Engineer',
      'DevOps Engineer',
      'Site Reliability Engineer',
      'Cloud Engineer',
      'Database Administrator',
      'Desktop Support Technician',
      'Storage Engineer',
    ],
    levels: 'numeric',
    homes: ['Austin HQ - Bldg 3'],
  },
  {
    name: 'Application Development',
    division: 'Technology',
    costCenter: 'CC-4100',
    weight: 20,
    reportsTo: 'cto',
    headTitle: 'VP of Engineering',
    areas: ['Platform', 'Payments', 'Mobile', 'Web Experience', 'Integrations', 'Developer Tools'],
    roles: [
      'Software Engineer',
      'Frontend Engineer',
      'Backend Engineer',
      'QA Engineer',
      'Mobile Engineer',
      'Product Designer',
      'Technical Writer',
    ],
    levels: 'numeric',
    homes: ['Austin HQ - Bldg 3', 'San Francisco Office', 'Bangalore'],
  },
  {
    name: 'Security',
    division: 'Technology',
    costCenter: 'CC-4300',
    weight: 4,
    reportsTo: 'cto',
    headTitle: 'Director of Information Security',
    areas: ['Security Operations', 'Governance & Risk', 'Application Security'],
    roles: ['Security Analyst', 'Security Engineer', 'Penetration Tester', 'GRC Analyst'],
    levels: 'numeric',
    homes: ['Austin HQ - Bldg 3'],
  },
  {
    name: 'Data & Analytics',
    division: 'Technology',
    costCenter: 'CC-4400',
    weight: 5,
    reportsTo: 'cto',
    headTitle: 'Director of Data & Analytics',
    areas: ['Data Engineering', 'Business Intelligence', 'Data Science'],
    roles: ['Data Engineer', 'Data Analyst', 'Data Scientist', 'BI Developer'],
    levels: 'numeric',
    homes: ['Chicago Office'],
  },
  {
    name: 'Human Resources',
    division: 'Corporate',
    costCenter: 'CC-1100',
    weight: 5,
    reportsTo: 'cpo',
    headTitle: 'Director of Human Resources',
    areas: ['Talent Acquisition', 'People Operations', 'Total Rewards', 'Learning & Development'],
    roles: ['HR Generalist', 'Recruiter', 'HR Business Partner', 'Payroll Specialist', 'Benefits Specialist'],
    levels: 'word',
    homes: ['Austin HQ - Bldg 1'],
  },
  {
    name: 'Finance',
    division: 'Corporate',
    costCenter: 'CC-1200',
    weight: 6,
    reportsTo: 'cfo',
    headTitle: 'VP of Finance',
    areas: ['Accounting', 'FP&A', 'Treasury', 'Tax'],
    roles: [
      'Accountant',
      'Financial Analyst',
      'Accounts Payable Specialist',
      'Tax Analyst',
      'Internal Auditor',
    ],
    levels: 'word',
    homes: ['New York Office'],
  },
  {
    name: 'Legal',
    division: 'Corporate',
    costCenter: 'CC-1300',
    weight: 2,
    reportsTo: 'clo',
    headTitle: 'Deputy General Counsel',
    areas: ['Commercial Legal', 'Compliance', 'Privacy'],
    roles: ['Corporate Counsel', 'Paralegal', 'Compliance Analyst', 'Contracts Administrator'],
    levels: 'word',
    homes: ['New York Office'],
  },
  {
    name: 'Procurement',
    division: 'Corporate',
    costCenter: 'CC-1400',
    weight: 2,
    reportsTo: 'cfo',
    headTitle: 'Director of Procurement',
    areas: ['Strategic Sourcing', 'Vendor Management'],
    roles: ['Buyer', 'Procurement Specialist', 'Vendor Analyst'],
    levels: 'word',
    homes: ['Chicago Office'],
  },
  {
    name: 'Sales',
    division: 'Revenue',
    costCenter: 'CC-2100',
    weight: 17,
    reportsTo: 'cro',
    headTitle: 'VP of Sales',
    areas: ['Enterprise Sales', 'Mid-Market Sales', 'EMEA Sales', 'Sales Operations', 'Channel Partnerships'],
    roles: [
      'Account Executive',
      'Sales Development Representative',
      'Solutions Engineer',
      'Sales Operations Analyst',
    ],
    levels: 'word',
    homes: ['New York Office', 'Chicago Office', 'London', 'Toronto Office'],
  },
  {
    name: 'Marketing',
    division: 'Revenue',
    costCenter: 'CC-2200',
    weight: 7,
    reportsTo: 'cro',
    headTitle: 'VP of Marketing',
    areas: ['Brand', 'Demand Generation', 'Product Marketing', 'Content'],
    roles: [
      'Marketing Specialist',
      'Content Strategist',
      'Product Marketer',
      'Marketing Operations Analyst',
      'Graphic Designer',
    ],
    levels: 'word',
    homes: ['San Francisco Office'],
  },
  {
    name: 'Customer Support',
    division: 'Operations',
    costCenter: 'CC-3100',
    weight: 15,
    reportsTo: 'coo',
    headTitle: 'Director of Customer Support',
    areas: ['Tier 1 Support', 'Tier 2 Support', 'Customer Success', 'Support Operations'],
    roles: [
      'Support Specialist',
      'Technical Support Engineer',
      'Customer Success Associate',
      'Support Analyst',
    ],
    levels: 'numeric',
    homes: ['Denver Office', 'Bangalore', 'London'],
  },
  {
    name: 'Facilities',
    division: 'Operations',
    costCenter: 'CC-3200',
    weight: 3,
    reportsTo: 'coo',
    headTitle: 'Director of Facilities',
    areas: ['Workplace Services', 'Real Estate', 'Safety & Security'],
    roles: ['Facilities Coordinator', 'Maintenance Technician', 'Receptionist', 'Security Officer'],
    levels: 'word',
    homes: ['Austin HQ - Bldg 2', 'Chicago Office'],
  },
];

interface LocationSpec {
  name: string;
  timeZone: string;
  /** Phone number without its last four digits. */
  phonePrefix: string;
}

const LOCATIONS: readonly LocationSpec[] = [
  { name: 'Austin HQ - Bldg 1', timeZone: 'America/Chicago', phonePrefix: '+1-512-555-' },
  { name: 'Austin HQ - Bldg 2', timeZone: 'America/Chicago', phonePrefix: '+1-512-555-' },
  { name: 'Austin HQ - Bldg 3', timeZone: 'America/Chicago', phonePrefix: '+1-512-555-' },
  { name: 'Chicago Office', timeZone: 'America/Chicago', phonePrefix: '+1-312-555-' },
  { name: 'New York Office', timeZone: 'America/New_York', phonePrefix: '+1-212-555-' },
  { name: 'San Francisco Office', timeZone: 'America/Los_Angeles', phonePrefix: '+1-415-555-' },
  { name: 'Denver Office', timeZone: 'America/Denver', phonePrefix: '+1-303-555-' },
  { name: 'Toronto Office', timeZone: 'America/Toronto', phonePrefix: '+1-416-555-' },
  { name: 'London', timeZone: 'Europe/London', phonePrefix: '+44-20-7946-' },
  { name: 'Bangalore', timeZone: 'Asia/Kolkata', phonePrefix: '+91-80-4000-' },
];
const LOCATION_BY_NAME = new Map(LOCATIONS.map((location) => [location.name, location]));
const REMOTE_TIME_ZONES: readonly LocationSpec[] = [
  { name: 'Remote', timeZone: 'America/New_York', phonePrefix: '+1-617-555-' },
  { name: 'Remote', timeZone: 'America/New_York', phonePrefix: '+1-404-555-' },
  { name: 'Remote', timeZone: 'America/Chicago', phonePrefix: '+1-214-555-' },
  { name: 'Remote', timeZone: 'America/Denver', phonePrefix: '+1-720-555-' },
  { name: 'Remote', timeZone: 'America/Phoenix', phonePrefix: '+1-602-555-' },
  { name: 'Remote', timeZone: 'America/Los_Angeles', phonePrefix: '+1-206-555-' },
];

const PERSONAL_MAIL_DOMAINS = ['gmail.com', 'outlook.com', 'yahoo.com', 'icloud.com', 'proton.me'];
const PRONOUNS = ['she/her', 'he/him', 'they/them'];
const SHIRT_SIZES = ['S', 'M', 'L', 'XL'];

/** Status of people without reports (managers are active or on leave only). */
const LEAF_STATUSES = new Weighted<EmploymentStatus>([
  [EmploymentStatus.ACTIVE, 8830],
  [EmploymentStatus.ON_LEAVE, 300],
  [EmploymentStatus.CONTRACTOR, 250],
  [EmploymentStatus.TERMINATED, 250],
  [EmploymentStatus.SUSPENDED, 120],
  [EmploymentStatus.RETIRED, 50],
]);

const EMPLOYMENT_TYPES = new Weighted<EmploymentType>([
  [EmploymentType.FULL_TIME, 90],
  [EmploymentType.PART_TIME, 5],
  [EmploymentType.INTERN, 2],
  [EmploymentType.TEMPORARY, 3],
]);

const SOURCES = new Weighted<DirectorySource>([
  [DirectorySource.AZURE_AD, 75],
  [DirectorySource.OKTA, 15],
  [DirectorySource.WORKDAY, 10],
]);

// ---------------------------------------------------------------------------------------------
// Generation
// ---------------------------------------------------------------------------------------------

/** A fixed person of the skeleton. */
interface KeyPerson {
  firstName: string;
  lastName: string;
  title: string;
  startDate: string;
  location: string;
}

const ELENA: KeyPerson = {
  firstName: 'Elena',
  lastName: 'Vasquez',
  title: 'Chief Executive Officer',
  startDate: '2009-04-06',
  location: 'Austin HQ - Bldg 1',
};
const THOMAS: KeyPerson = {
  firstName: 'Thomas',
  lastName: 'Whitfield',
  title: 'Chief Technology Officer',
  startDate: '2012-09-17',
  location: 'Austin HQ - Bldg 1',
};
const PRIYA: KeyPerson = {
  firstName: 'Priya',
  lastName: 'Ramirez',
  title: 'Director of Infrastructure',
  startDate: '2015-02-02',
  location: 'Austin HQ - Bldg 3',
};
const JANE: KeyPerson = {
  firstName: 'Jane',
  lastName: 'Smith',
  title: 'Sr. DevOps Engineer',
  startDate: '2017-06-12',
  location: 'Austin HQ - Bldg 3',
};
const MARCUS: KeyPerson = {
  firstName: 'Marcus',
  lastName: 'Chen',
  title: 'Network Engineer II',
  startDate: '2021-03-08',
  location: 'Austin HQ - Bldg 3',
};
const KEY_PEOPLE = [ELENA, THOMAS, PRIYA, JANE, MARCUS];
/** Jane Smith's team: Marcus Chen plus this many others. */
const JANE_OTHER_REPORTS = 3;

/** One position of the org chart, before a person fills it. */
interface Slot {
  managerIndex: number;
  department: DepartmentSpec;
  division: Division;
  /** The slot plus everyone below it. */
  subtreeSize: number;
  reports: number;
  area: string;
  /** Fixed title (executives, department heads, key people); otherwise derived later. */
  title: string | null;
  key: KeyPerson | null;
}

/** Builds the reporting tree (pre-order) without people in it. Linear in the head count. */
class ChartBuilder {
  readonly slots: Slot[] = [];

  constructor(private readonly random: Random) {}

  add(slot: Omit<Slot, 'subtreeSize' | 'reports'>, subtreeSize: number): number {
    // Explicit fields rather than a spread: this runs once per employee.
    this.slots.push({
      managerIndex: slot.managerIndex,
      department: slot.department,
      division: slot.division,
      area: slot.area,
      title: slot.title,
      key: slot.key,
      subtreeSize,
      reports: 0,
    });
    if (slot.managerIndex >= 0) this.slots[slot.managerIndex].reports++;
    return this.slots.length - 1;
  }

  /**
   * Fills `budget` positions below `manager` in about `levels` levels. The fan-out aims at
   * budget^(1/levels) (with jitter), so big departments get deeper rather than wider.
   */
  grow(manager: number, budget: number, levels: number, maxFanOut = MAX_FAN_OUT): void {
    if (budget <= 0) return;
    const parent = this.slots[manager];
    let fanOut: number;
    if (levels <= 1 || budget <= 3) fanOut = Math.min(budget, maxFanOut);
    else {
      const ideal = Math.pow(budget, 1 / levels) * (0.7 + 0.6 * this.random.next());
      fanOut = Math.max(2, Math.min(maxFanOut, budget, Math.round(ideal)));
    }
    // Split the budget by random weights; each child gets at least its own position.
    const weights: number[] = [];
    let total = 0;
    for (let i = 0; i < fanOut; i++) {
      const w = 0.35 + this.random.next();
      weights.push(w);
      total += w;
    }
    const extra = budget - fanOut;
    const sizes = weights.map((w) => 1 + Math.floor((extra * w) / total));
    let left = budget - sizes.reduce((sum, size) => sum + size, 0);
    for (let i = 0; left > 0; i = (i + 1) % fanOut, left--) sizes[i]++;
    for (const size of sizes) {
      // Each branch under a department head gets its own area; deeper managers inherit it.
      const area = isHead(parent) ? this.random.pick(parent.department.areas) : parent.area;
      const child = this.add(
        {
          managerIndex: manager,
          department: parent.department,
          division: parent.division,
          area,
          title: null,
          key: null,
        },
        size,
      );
      this.grow(child, size - 1, levels - 1);
    }
  }
}

function isHead(slot: Slot): boolean {
  return slot.title === slot.department.headTitle;
}

/** Levels below a department head: ~6 reports per manager on average. */
function levelsFor(budget: number): number {
  return Math.max(2, Math.ceil(Math.log(Math.max(budget, 2)) / Math.log(6)));
}

/** Integer shares of `total` proportional to `weights`, each at least `minimum`. */
function apportion(total: number, weights: readonly number[], minimum: readonly number[]): number[] {
  const reserved = minimum.reduce((sum, m) => sum + m, 0);
  const weightSum = weights.reduce((sum, w) => sum + w, 0);
  const free = Math.max(0, total - reserved);
  const shares = weights.map((w, i) => minimum[i] + Math.floor((free * w) / weightSum));
  let left = total - shares.reduce((sum, s) => sum + s, 0);
  for (let i = 0; left > 0; i = (i + 1) % shares.length, left--) shares[i]++;
  return shares;
}

function buildChart(random: Random, headCount: number): Slot[] {
  const chart = new ChartBuilder(random);
  const executive = EXECUTIVE_DEPARTMENT;
  const ceo = chart.add(
    {
      managerIndex: -1,
      department: executive,
      division: 'Corporate',
      area: 'Executive Office',
      title: ELENA.title,
      key: ELENA,
    },
    headCount,
  );
  const base = { department: executive, area: 'Executive Office', managerIndex: ceo } as const;
  chart.add({ ...base, division: 'Corporate', title: 'Executive Assistant', key: null }, 1);

  // Executives, then each department under its executive. Sizes only matter for titles here.
  const departmentsOf = (key: ExecutiveKey): DepartmentSpec[] =>
    DEPARTMENTS.filter((d) => d.reportsTo === key);
  const fixed = 2 + EXECUTIVES.length;
  const minimum = DEPARTMENTS.map((d) => (d.name === 'IT Infrastructure' ? 2 + JANE_OTHER_REPORTS + 2 : 2));
  const budgets = apportion(
    headCount - fixed,
    DEPARTMENTS.map((d) => d.weight),
    minimum,
  );
  const budgetOf = new Map(DEPARTMENTS.map((d, i) => [d, budgets[i]]));

  for (const spec of EXECUTIVES) {
    const owned = departmentsOf(spec.key);
    const size = 1 + owned.reduce((sum, d) => sum + (budgetOf.get(d) ?? 0), 0);
    const exec = chart.add(
      { ...base, division: spec.division, title: spec.title, key: spec.key === 'cto' ? THOMAS : null },
      size,
    );
    for (const department of owned) {
      const budget = budgetOf.get(department) ?? 2;
      const isInfrastructure = department.name === 'IT Infrastructure';
      const head = chart.add(
        {
          managerIndex: exec,
          department,
          division: department.division,
          area: department.areas[0],
          title: department.headTitle,
          key: isInfrastructure ? PRIYA : null,
        },
        budget,
      );
      if (isInfrastructure) {
        // Jane Smith's small team comes first and stays fixed: Marcus Chen plus a few engineers.
        const team = 1 + JANE_OTHER_REPORTS;
        const jane = chart.add(
          {
            managerIndex: head,
            department,
            division: department.division,
            area: 'Cloud Platform',
            title: JANE.title,
            key: JANE,
          },
          team + 1,
        );
        chart.add(
          {
            managerIndex: jane,
            department,
            division: department.division,
            area: 'Cloud Platform',
            title: MARCUS.title,
            key: MARCUS,
          },
          1,
        );
        for (let i = 0; i < JANE_OTHER_REPORTS; i++) {
          const role = random.pick(['DevOps Engineer', 'Site Reliability Engineer', 'Cloud Engineer']);
          const title = `${role} ${random.pick(['I', 'II', 'III'])}`;
          chart.add(
            {
              managerIndex: jane,
              department,
              division: department.division,
              area: 'Cloud Platform',
              title,
              key: null,
            },
            1,
          );
        }
        const rest = budget - 1 - (team + 1);
        chart.grow(head, rest, levelsFor(rest), MAX_FAN_OUT - 1);
      } else {
        chart.grow(head, budget - 1, levelsFor(budget - 1));
      }
    }
  }
  return chart.slots;
}

/**
 * Hands out names unique per organization by appending 2, 3, … to repeats (john.smith2). Callers
 * identify each base by a number built from name-pool indexes: hashing 100k concatenated strings
 * would be the slowest part of the generator.
 */
class UniqueNames<K> {
  private readonly used = new Map<K, number>();

  take(key: K, base: string): string {
    const count = this.used.get(key);
    if (count === undefined) {
      this.used.set(key, 1);
      return base;
    }
    // Bases never end in a digit, so "john.smith2" cannot collide with another base.
    this.used.set(key, count + 1);
    return `${base}${count + 1}`;
  }
}

/** Formatting through Date is slow at 100k rows, and there are only a few thousand distinct days. */
const isoDates: string[] = [];
function isoDate(day: number): string {
  const slot = day - FOUNDED_DAY; // dense, non-negative index: every sample date is after the founding
  let iso = slot >= 0 ? isoDates[slot] : undefined;
  if (iso === undefined) {
    iso = new Date(day * DAY_MS).toISOString().slice(0, 10);
    if (slot >= 0) isoDates[slot] = iso;
  }
  return iso;
}

function dayOf(iso: string): number {
  return Date.parse(`${iso}T00:00:00Z`) / DAY_MS;
}

function titleFor(
  random: Random,
  slot: Slot,
  department: DepartmentSpec,
  employmentType: EmploymentType,
): string {
  if (slot.title !== null) return slot.title;
  if (slot.reports > 0) {
    const size = slot.subtreeSize;
    if (size > 1500) return `Senior Director, ${slot.area}`;
    if (size > 300) return `Director, ${slot.area}`;
    if (size > 60) return `Senior Manager, ${slot.area}`;
    if (size > 16) return `Manager, ${slot.area}`;
    // Small teams: engineering-style departments often have a lead engineer rather than a manager.
    if (department.levels === 'numeric' && random.chance(0.5)) return `Lead ${random.pick(department.roles)}`;
    return `Team Lead, ${slot.area}`;
  }
  const role = random.pick(department.roles);
  if (employmentType === EmploymentType.INTERN) return `${role} Intern`;
  const r = random.next();
  if (department.levels === 'numeric') {
    if (r < 0.3) return `${role} I`;
    if (r < 0.65) return `${role} II`;
    if (r < 0.85) return `${role} III`;
    return `Sr. ${role}`;
  }
  if (r < 0.2) return `Associate ${role}`;
  if (r < 0.75) return role;
  return `Senior ${role}`;
}

function locationFor(random: Random, department: DepartmentSpec): LocationSpec {
  const r = random.next();
  if (r < 0.6) return LOCATION_BY_NAME.get(random.pick(department.homes)) ?? LOCATIONS[0];
  if (r < 0.8) return random.pick(REMOTE_TIME_ZONES);
  return random.pick(LOCATIONS);
}

function phoneFor(random: Random, location: LocationSpec): string {
  // 555-0100…0199 is the fictional range in North America; 020 7946 0xxx in London.
  const last4 =
    location.name === 'London'
      ? `0${random.digits(3)}`
      : location.name === 'Bangalore'
        ? random.digits(4)
        : `01${random.digits(2)}`;
  return location.phonePrefix + last4;
}

/**
 * Random ids that must not repeat (Okta ids, Workday ids, user ids): a head drawn without
 * repetition, then random characters. Uniqueness is tracked on the head as a number, which is far
 * cheaper than a set of strings. UUIDs skip this: 122 random bits do not repeat at these sizes.
 */
class UniqueIds {
  private readonly used = new Set<number>();
  private readonly space: number;

  constructor(
    private readonly random: Random,
    private readonly prefix: string,
    private readonly alphabet: string,
    private readonly headLength: number,
    private readonly tailLength: number,
  ) {
    this.space = alphabet.length ** headLength;
    // Heads stay small integers (below 2^31), which V8 hashes much faster than heap numbers.
    if (this.space >= 2 ** 31) throw new Error('UniqueIds: head too long');
  }

  next(): string {
    let head: number;
    do head = this.random.int(this.space);
    while (this.used.has(head));
    this.used.add(head);
    let encoded = '';
    for (let i = 0, rest = head; i < this.headLength; i++, rest = Math.floor(rest / this.alphabet.length))
      encoded = this.alphabet[rest % this.alphabet.length] + encoded;
    return this.prefix + encoded + this.random.chars(this.tailLength, this.alphabet);
  }
}

function fillPeople(random: Random, slots: readonly Slot[], domain: string): SampleEmployee[] {
  const emails = new UniqueNames<number>();
  const usernames = new UniqueNames<number>();
  const oktaIds = new UniqueIds(random, '00u', BASE62, 5, 12); // 00u + 17 characters, as Okta's
  const workdayIds = new UniqueIds(random, 'WD', DIGITS, 7, 0);
  const userIds = new UniqueIds(random, 'usr_', ALPHANUMERIC, 5, 7);
  const emailKey = (first: PoolName, last: PoolName): number => first.index * POOL_KEY + last.index;
  const usernameKey = (first: PoolName, last: PoolName): number =>
    first.ascii.charCodeAt(0) * POOL_KEY + last.index;
  // The named people keep the plain addresses (they come first anyway); namesakes get jane.smith2.
  const keyNames = new Map(
    KEY_PEOPLE.map((person) => [
      person,
      [poolName(FIRST_NAMES, person.firstName), poolName(LAST_NAMES, person.lastName)],
    ]),
  );
  for (const [first, last] of keyNames.values()) {
    emails.take(emailKey(first, last), '');
    usernames.take(usernameKey(first, last), '');
  }

  const employees: SampleEmployee[] = [];
  for (let index = 0; index < slots.length; index++) {
    const slot = slots[index];
    const key = slot.key;
    const isManager = slot.reports > 0;
    const isLeaf = !isManager && key === null && slot.title === null;

    // Matrixed staff: a few individual contributors belong to another department than their manager.
    const department = isLeaf && random.chance(0.01) ? random.pick(DEPARTMENTS) : slot.department;

    const [first, last] = (key && keyNames.get(key)) || [FIRST_NAMES.pick(random), LAST_NAMES.pick(random)];
    const firstName = first.text;
    const lastName = last.text;
    const preferredName =
      !key && first.nicknames !== null && random.chance(0.3) ? random.pick(first.nicknames) : null;
    const displayName = `${preferredName ?? firstName} ${lastName}`;
    const emailBase = `${first.ascii}.${last.ascii}`;
    const email = `${key ? emailBase : emails.take(emailKey(first, last), emailBase)}@${domain}`;
    const usernameBase = first.ascii[0] + last.ascii;
    const username = key ? usernameBase : usernames.take(usernameKey(first, last), usernameBase);

    let status = EmploymentStatus.ACTIVE;
    if (isLeaf) status = LEAF_STATUSES.pick(random);
    else if (isManager && key === null && random.chance(0.03)) status = EmploymentStatus.ON_LEAVE;
    const employmentType =
      status === EmploymentStatus.CONTRACTOR
        ? EmploymentType.CONTRACTOR
        : isLeaf
          ? EMPLOYMENT_TYPES.pick(random)
          : EmploymentType.FULL_TIME;

    // Dates: managers tend to have longer tenure; interns are recent.
    const span = REFERENCE_DAY - FOUNDED_DAY;
    let tenure: number;
    if (employmentType === EmploymentType.INTERN) tenure = 20 + random.int(300);
    else if (isManager) tenure = Math.floor(span * Math.sqrt(random.next()));
    else tenure = Math.floor(span * Math.pow(random.next(), 1.6));
    if (status === EmploymentStatus.TERMINATED) tenure = Math.max(tenure, 90);
    if (status === EmploymentStatus.RETIRED) tenure = Math.max(tenure, 3650);
    const startDay = key ? dayOf(key.startDate) : REFERENCE_DAY - Math.min(span, tenure);
    let terminationDate: string | null = null;
    if (status === EmploymentStatus.TERMINATED || status === EmploymentStatus.RETIRED) {
      const employed = 30 + random.int(REFERENCE_DAY - startDay - 30);
      terminationDate = isoDate(startDay + employed);
    }

    const location = key
      ? (LOCATION_BY_NAME.get(key.location) ?? LOCATIONS[0])
      : slot.department === EXECUTIVE_DEPARTMENT
        ? LOCATIONS[0]
        : locationFor(random, department);

    const source = key ? DirectorySource.AZURE_AD : SOURCES.pick(random);
    let externalId: string;
    let idpId: string | null;
    if (source === DirectorySource.OKTA) {
      externalId = oktaIds.next();
      idpId = random.chance(0.95) ? externalId : null;
    } else if (source === DirectorySource.WORKDAY) {
      externalId = workdayIds.next();
      // HR records link to the person's Azure AD object id once provisioned.
      idpId = random.chance(0.85) ? random.uuid() : null;
    } else {
      externalId = random.uuid(); // the Azure AD object id
      idpId = key || random.chance(0.95) ? externalId : null;
    }

    const userId = key || isManager || random.chance(0.77) ? userIds.next() : null;

    const customAttributes: Record<string, string> = {};
    if (location.name !== 'Remote' && random.chance(0.35))
      customAttributes.officeExtension = random.digits(4);
    if (random.chance(0.3)) {
      customAttributes.badgeColor =
        employmentType === EmploymentType.CONTRACTOR
          ? 'green'
          : employmentType === EmploymentType.INTERN
            ? 'orange'
            : 'blue';
    }
    if (random.chance(0.1)) customAttributes.pronouns = random.pick(PRONOUNS);
    if (random.chance(0.05)) customAttributes.shirtSize = random.pick(SHIRT_SIZES);

    const personalEmail = random.chance(0.25)
      ? `${emailBase}${random.digits(2)}@${random.pick(PERSONAL_MAIL_DOMAINS)}`
      : null;

    employees.push({
      id: random.uuid(),
      // Disjoint ranges per index keep numbers unique while looking random.
      employeeNumber: `EMP${10_000_000 + index * 7 + random.int(7)}`,
      email,
      displayName,
      firstName,
      lastName,
      preferredName,
      jobTitle: key ? key.title : titleFor(random, slot, department, employmentType),
      department: department.name,
      division: slot.department === EXECUTIVE_DEPARTMENT ? slot.division : department.division,
      costCenter: department.costCenter,
      location: location.name,
      phone: random.chance(0.9) || key ? phoneFor(random, location) : null,
      company: COMPANY,
      username,
      personalEmail,
      timeZone: location.timeZone,
      status,
      employmentType,
      startDate: isoDate(startDay),
      terminationDate,
      managerId: slot.managerIndex >= 0 ? employees[slot.managerIndex].id : null,
      managerRef: null,
      source,
      externalId,
      idpId,
      userId,
      customAttributes,
    });
  }
  return employees;
}

/** Collects groups with their direct members (unique per group) and their nesting. */
class GroupBook {
  readonly groups: SampleGroup[] = [];
  readonly nesting: SampleNesting[] = [];
  private readonly members: Array<Set<number>> = [];
  private readonly oktaIds: UniqueIds;

  constructor(
    random: Random,
    private readonly employees: readonly SampleEmployee[],
  ) {
    this.oktaIds = new UniqueIds(random, '00g', BASE62, 5, 12);
  }

  add(
    group: Omit<SampleGroup, 'id' | 'externalId' | 'isSecurityGroup' | 'customAttributes'> &
      Partial<Pick<SampleGroup, 'customAttributes' | 'externalId'>>,
    random: Random,
  ): number {
    // Given ids (Workday supervisory orgs) are unique by construction.
    const externalId =
      group.externalId ?? (group.source === DirectorySource.OKTA ? this.oktaIds.next() : random.uuid());
    this.groups.push({
      id: random.uuid(),
      name: group.name,
      displayName: group.displayName,
      description: group.description,
      source: group.source,
      externalId,
      isSecurityGroup: group.groupType === GroupType.SECURITY,
      groupType: group.groupType,
      customAttributes: group.customAttributes ?? {},
    });
    this.members.push(new Set());
    return this.groups.length - 1;
  }

  addMembers(group: number, employeeIndexes: Iterable<number>): void {
    const members = this.members[group];
    for (const index of employeeIndexes) members.add(index);
  }

  nest(parent: number, child: number): void {
    this.nesting.push({ parentGroupId: this.groups[parent].id, childGroupId: this.groups[child].id });
  }

  memberships(): SampleMembership[] {
    const out: SampleMembership[] = [];
    this.members.forEach((members, group) => {
      const groupId = this.groups[group].id;
      for (const index of members) out.push({ groupId, employeeId: this.employees[index].id });
    });
    return out;
  }
}

/** Terminated and retired people have been removed from groups; everyone else is in them. */
function isCurrent(employee: SampleEmployee): boolean {
  return employee.status !== EmploymentStatus.TERMINATED && employee.status !== EmploymentStatus.RETIRED;
}

function groupName(department: string): string {
  return department.replace(/&/g, ' ').trim().replace(/\s+/g, '-');
}

function clamp(value: number, min: number, max: number): number {
  return Math.max(min, Math.min(max, Math.round(value)));
}

function buildGroups(
  random: Random,
  slots: readonly Slot[],
  employees: readonly SampleEmployee[],
  domain: string,
): Pick<SampleOrganization, 'groups' | 'memberships' | 'nesting'> {
  const book = new GroupBook(random, employees);
  const n = employees.length;
  const keyIndex = (person: KeyPerson): number => slots.findIndex((slot) => slot.key === person);
  const elena = keyIndex(ELENA);
  const thomas = keyIndex(THOMAS);
  const priya = keyIndex(PRIYA);
  const jane = keyIndex(JANE);
  const marcus = keyIndex(MARCUS);

  // Current people by department, and the engineer pools the technical groups draw from.
  const byDepartment = new Map<string, number[]>();
  const infrastructure: number[] = [];
  const engineers: number[] = [];
  const cloudPeople: number[] = [];
  const networkPeople: number[] = [];
  employees.forEach((employee, index) => {
    if (!isCurrent(employee)) return;
    const list = byDepartment.get(employee.department) ?? [];
    list.push(index);
    byDepartment.set(employee.department, list);
    const infra = employee.department === 'IT Infrastructure';
    if (!infra && employee.department !== 'Application Development') return;
    const title = employee.jobTitle;
    if (slots[index].reports > 0 || !/Engineer|Administrator|Developer/.test(title)) return;
    engineers.push(index);
    if (infra) {
      infrastructure.push(index);
      if (/Cloud|DevOps|Site Reliability/.test(title)) cloudPeople.push(index);
      if (/Network/.test(title)) networkPeople.push(index);
    }
  });
  const withoutKeyPeople = (pool: number[]): number[] =>
    pool.filter((i) => i !== jane && i !== marcus && i !== priya);

  // Department groups (one per department, the Executive office included).
  const departmentGroups = new Map<string, number>();
  for (const department of [EXECUTIVE_DEPARTMENT, ...DEPARTMENTS]) {
    const group = book.add(
      {
        name: groupName(department.name),
        displayName: department.name,
        description: `Everyone in ${department.name} (${department.costCenter})`,
        source: DirectorySource.AZURE_AD,
        groupType: GroupType.DEPARTMENT,
        customAttributes: { costCenter: department.costCenter, division: department.division },
      },
      random,
    );
    book.addMembers(group, byDepartment.get(department.name) ?? []);
    departmentGroups.set(department.name, group);
  }

  // Distribution lists: All-Hands holds every department group (and Technology-Division, a diamond).
  const distribution = (name: string, description: string): number =>
    book.add(
      {
        name,
        displayName: name.replace(/-/g, ' '),
        description,
        source: DirectorySource.AZURE_AD,
        groupType: GroupType.DISTRIBUTION,
        customAttributes: { mail: `${name.toLowerCase()}@${domain}`, mailEnabled: true },
      },
      random,
    );
  const allHands = distribution('All-Hands', 'Company-wide announcements');
  const technologyDivision = distribution('Technology-Division', 'Everyone in the Technology division');
  book.addMembers(allHands, [elena]);
  book.addMembers(technologyDivision, [thomas]);
  for (const [name, group] of departmentGroups) {
    book.nest(allHands, group);
    const spec = DEPARTMENTS.find((d) => d.name === name);
    if (spec?.division === 'Technology') book.nest(technologyDivision, group);
  }
  book.nest(allHands, technologyDivision);

  // Named groups: security groups from Entra ID, the ops rotation from Okta.
  const named =
    (source: DirectorySource, groupType: GroupType) =>
    (name: string, description: string): number =>
      book.add({ name, displayName: name.replace(/-/g, ' '), description, source, groupType }, random);
  const security = named(DirectorySource.AZURE_AD, GroupType.SECURITY);
  const vpnUsers = security('VPN-Users', 'May connect to the corporate VPN');
  const cloudAdmins = security('Cloud-Admins', 'Administrators of the cloud accounts');
  const cloudPlatform = security('Cloud-Platform-Team', 'Engineers who run the cloud platform');
  const networkAdmins = security('Network-Admins', 'Administrators of routers, switches and firewalls');
  const onCall = security('On-Call-Rotation', 'Engineers on the production on-call rotation');

  // VPN: the whole Technology division plus about a third of everyone else.
  const vpn: number[] = [jane];
  employees.forEach((employee, index) => {
    if (isCurrent(employee) && (employee.division === 'Technology' || random.chance(0.35))) vpn.push(index);
  });
  book.addMembers(vpnUsers, vpn);

  const admins = [jane, priya, ...random.sample(withoutKeyPeople(cloudPeople), clamp(n / 250, 3, 40))];
  book.addMembers(cloudAdmins, admins);
  // Cloud-Platform-Team members are not direct Cloud-Admins members: they are admins only through nesting.
  const adminSet = new Set(admins);
  const platformPool = withoutKeyPeople(engineers).filter((i) => !adminSet.has(i));
  book.addMembers(cloudPlatform, random.sample(platformPool, clamp(n / 100, 5, 80)));
  book.nest(cloudAdmins, cloudPlatform);
  book.nest(vpnUsers, cloudPlatform); // a second parent
  book.addMembers(networkAdmins, [
    marcus,
    ...random.sample(withoutKeyPeople(networkPeople), clamp(n / 150, 3, 40)),
  ]);
  book.addMembers(onCall, [jane, ...random.sample(withoutKeyPeople(engineers), clamp(n / 100, 6, 60))]);

  // A nesting cycle, as directories do contain them: Escalation ⊃ Primary ⊃ Secondary ⊃ Escalation.
  const ops = named(DirectorySource.OKTA, GroupType.GROUP);
  const escalation = ops('Ops-Escalation', 'Escalation path for production incidents');
  const primary = ops('Ops-Primary', 'Primary responders for production incidents');
  const secondary = ops('Ops-Secondary', 'Secondary responders for production incidents');
  const responders = random.sample(
    withoutKeyPeople(infrastructure.length >= 9 ? infrastructure : engineers),
    9,
  );
  book.addMembers(escalation, [priya, ...responders.slice(0, 2)]);
  book.addMembers(primary, responders.slice(2, 6));
  book.addMembers(secondary, responders.slice(6, 9));
  book.nest(escalation, primary);
  book.nest(primary, secondary);
  book.nest(secondary, escalation);

  // A team group per manager with at least five reports, as the HR system exports them.
  const reportsOf: number[][] = slots.map(() => []);
  slots.forEach((slot, index) => {
    if (slot.managerIndex >= 0) reportsOf[slot.managerIndex].push(index);
  });
  const teamNames = new UniqueNames<string>();
  let supervisoryOrg = 100_000;
  reportsOf.forEach((reports, manager) => {
    if (reports.length < 5) return;
    const lead = employees[manager];
    const slug = lead.displayName
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^A-Za-z0-9]+/g, '-');
    const team = book.add(
      {
        name: teamNames.take(slug, `Team-${slug}`),
        displayName: `${lead.displayName}'s Team`,
        description: `${lead.displayName} (${lead.jobTitle}) and their direct reports`,
        source: DirectorySource.WORKDAY,
        externalId: `SUP${supervisoryOrg++}`,
        groupType: GroupType.TEAM,
        customAttributes: { managerEmployeeNumber: lead.employeeNumber },
      },
      random,
    );
    book.addMembers(team, [manager, ...reports.filter((i) => isCurrent(employees[i]))]);
  });

  return { groups: book.groups, memberships: book.memberships(), nesting: book.nesting };
}

/**
 * Generates a realistic, fully deterministic organization: a reporting tree under Elena Vasquez
 * (the CEO) with departments, divisions and cost centers, colliding names, a mix of statuses and
 * sources, and groups with nesting (a diamond, a group with two parents and a cycle).
 *
 * The same options always give byte-identical output; run time and size are linear in
 * `options.employees` (100k employees in well under a second).
 *
 * @throws RangeError when `employees` is below {@link MIN_SAMPLE_EMPLOYEES} or not an integer.
 */
export function generateSampleOrganization(options: SampleOrgOptions): SampleOrganization {
  const { employees: headCount, seed = DEFAULT_SAMPLE_SEED } = options;
  if (!Number.isSafeInteger(headCount) || headCount < MIN_SAMPLE_EMPLOYEES)
    throw new RangeError(`employees must be an integer of at least ${MIN_SAMPLE_EMPLOYEES}`);
  if (!Number.isSafeInteger(seed)) throw new RangeError('seed must be an integer');
  const domain = (options.domain ?? DEFAULT_SAMPLE_DOMAIN).trim().toLowerCase();
  if (!/^[a-z0-9.-]+\.[a-z]{2,}$/.test(domain)) throw new RangeError(`invalid domain "${options.domain}"`);

  const random = new Random(seed);
  const slots = buildChart(random, headCount);
  const employees = fillPeople(random, slots, domain);
  return { employees, ...buildGroups(random, slots, employees, domain) };
}
