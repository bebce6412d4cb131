/**
 * A deterministic HR tenant shared by the BambooHR and SuccessFactors fakes (each renders it in its
 * own wire format): a reporting tree three wide (5,000 people reach 8 levels below the top), people
 * who left, people who start in the future, people leaving soon, contractors and part-timers, and
 * names with apostrophes, accents and CJK characters. Generated per index: nothing is read from disk.
 */
export const HR_DEPARTMENTS = [
  'Engineering',
  'Sales',
  'Marketing',
  'Finance',
  'People',
  'Support',
  'Legal',
  'R&D',
] as const;
export const HR_DIVISIONS = ['Product', 'Go-To-Market', 'Operations'] as const;
export const HR_LOCATIONS = ['Berlin', 'New York', 'London', 'Singapore', 'São Paulo', '東京'] as const;
const FIRST_NAMES = [
  'Zoë',
  'José',
  'Łukasz',
  'Siobhán',
  'Ana',
  'Björn',
  '美咲',
  'Chloé',
  'Nikolaj',
  'Renée',
  '伟',
  'Dmitri',
  'Ngozi',
  'François',
  'Aoife',
  'Mateo',
];
const LAST_NAMES = [
  "O'Brien",
  'Núñez',
  'Müller-Lüdenscheidt',
  "D'Angelo",
  '王',
  'Smith',
  'Søndergaard',
  '佐藤',
  'García Márquez',
  'Nguyễn',
  'Kowalski',
  'Øvergård',
  "N'Diaye",
  'Lee',
  'Ivanova',
  'Dubois',
];
const TITLES = [
  'Engineer',
  'Senior Engineer',
  'Account Executive',
  'Analyst',
  'Manager',
  'Specialist',
  'Designer',
  'Counsel',
];

/** Timestamps of the seeded data: in the past, one minute apart. */
export const HR_SEED_EPOCH = Date.parse('2024-01-01T00:00:00.000Z');
/** The fakes' "today" (the start of the current UTC day): future dates are after it, past ones before. */
export const HR_TODAY = Math.floor(Date.now() / 86_400_000) * 86_400_000;
const DAY = 24 * 3600_000;

export type HrEmploymentKind = 'Full-Time' | 'Part-Time' | 'Contractor' | 'Intern';

export interface HrWorker {
  index: number;
  /** Numeric id (BambooHR employee id; SuccessFactors userId is derived from it). */
  id: number;
  employeeNumber: string;
  firstName: string;
  lastName: string;
  preferredName: string | null;
  email: string;
  jobTitle: string;
  department: string;
  division: string;
  costCenter: string;
  location: string;
  phone: string;
  employmentType: HrEmploymentKind;
  /** YYYY-MM-DD */
  hireDate: string;
  terminationDate: string | null;
  /** The source's own active flag (false once terminated). */
  active: boolean;
  managerIndex: number | null;
  /** Last change, epoch ms. */
  lastModified: number;
  /** Free-text custom field with odd characters ("T-shirt size"). */
  shirtSize: string;
}

export type HrWorkerKind = 'terminated' | 'future_hire' | 'leaving' | 'current';

/** What kind of worker index i is: every 97th left, every 89th starts later, every 53rd is leaving. */
export function workerKind(index: number): HrWorkerKind {
  if (index === 0) return 'current';
  if (index % 97 === 13) return 'terminated';
  if (index % 89 === 7) return 'future_hire';
  if (index % 53 === 11) return 'leaving';
  return 'current';
}

/** The manager of i in a tree three wide. */
export function managerIndexOf(index: number): number | null {
  return index === 0 ? null : Math.floor((index - 1) / 3);
}

/** Levels below and including the top for n people. */
export function levelOf(index: number): number {
  let level = 1;
  for (let i = index; i > 0; i = Math.floor((i - 1) / 3)) level += 1;
  return level;
}

function day(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function hrWorker(index: number): HrWorker {
  const kind = workerKind(index);
  const employmentType: HrEmploymentKind =
    index % 31 === 4
      ? 'Contractor'
      : index % 23 === 5
        ? 'Part-Time'
        : index % 67 === 17
          ? 'Intern'
          : 'Full-Time';
  const hire =
    kind === 'future_hire' ? HR_TODAY + (10 + (index % 40)) * DAY : HR_TODAY - (30 + (index % 2000)) * DAY;
  const termination =
    kind === 'terminated'
      ? HR_TODAY - (1 + (index % 20)) * DAY
      : kind === 'leaving'
        ? HR_TODAY + (5 + (index % 20)) * DAY
        : null;
  const department = HR_DEPARTMENTS[index % HR_DEPARTMENTS.length];
  return {
    index,
    id: 1000 + index,
    employeeNumber: `E${String(index).padStart(6, '0')}`,
    firstName: FIRST_NAMES[index % FIRST_NAMES.length],
    lastName: LAST_NAMES[Math.floor(index / FIRST_NAMES.length) % LAST_NAMES.length],
    preferredName: index % 11 === 3 ? 'Sam' : null,
    email: `worker${index}@acme.test`,
    jobTitle: index === 0 ? 'Chief Executive Officer' : TITLES[index % TITLES.length],
    department,
    division: HR_DIVISIONS[index % HR_DIVISIONS.length],
    costCenter: `CC-${4100 + (index % HR_DEPARTMENTS.length) * 10}`,
    location: HR_LOCATIONS[index % HR_LOCATIONS.length],
    phone: `+1 555 ${String(index % 10_000).padStart(4, '0')}`,
    employmentType,
    hireDate: day(hire),
    terminationDate: termination === null ? null : day(termination),
    active: kind !== 'terminated',
    managerIndex: managerIndexOf(index),
    lastModified: HR_SEED_EPOCH + index * 60_000,
    shirtSize: index % 7 === 0 ? "L (men's)" : 'M',
  };
}

/** Counts a test can compare with: how many of n workers are of each kind. */
export function countKinds(n: number): Record<HrWorkerKind, number> {
  const counts: Record<HrWorkerKind, number> = { terminated: 0, future_hire: 0, leaving: 0, current: 0 };
  for (let i = 0; i < n; i += 1) counts[workerKind(i)] += 1;
  return counts;
}
