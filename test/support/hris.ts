import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TEST_HRIS_IMPORT_DIR } from './operator-env';

export interface HrisPerson {
  id: string;
  employee_number?: string;
  email?: string | null;
  first_name?: string;
  last_name?: string;
  job_title?: string | null;
  department?: string | null;
  managers?: string[];
  groups?: string[];
  employment_status?: string;
  start_date?: string;
  [key: string]: unknown;
}

/** N people in a tree (person i reports to person floor((i-1)/fanOut)), in the HRIS snake_case form. */
export function hrisPeople(count: number, options: { fanOut?: number; domain?: string } = {}): HrisPerson[] {
  const fanOut = options.fanOut ?? 8;
  return Array.from({ length: count }, (_, i) => ({
    id: `P${i}`,
    employee_number: `E${String(i).padStart(6, '0')}`,
    email: `person${i}@${options.domain ?? 'acme.test'}`,
    first_name: `First${i}`,
    last_name: `Last${i}`,
    job_title: i === 0 ? 'Chief Executive Officer' : 'Engineer',
    department: i % 2 === 0 ? 'Engineering' : 'Operations',
    managers: i === 0 ? [] : [`E${String(Math.floor((i - 1) / fanOut)).padStart(6, '0')}`],
    groups: i % 3 === 0 ? ['all', 'triad'] : ['all'],
    employment_status: 'ACTIVE',
  }));
}

export function hrisDocument(
  people: HrisPerson[],
  groups = [
    { id: 'all', name: 'Everyone', group_type: 'GROUP' },
    { id: 'triad', name: 'Every-Third', group_type: 'TEAM', parent: 'all' },
  ],
): Record<string, unknown> {
  return { name: 'Test HRIS', employees: people, groups };
}

/**
 * Writes a document to a fresh file in the organization's import directory
 * (HRIS_IMPORT_DIR/<orgId>/, the only place a file connection may read) and returns its path.
 */
export function writeHrisFile(orgId: string, document: unknown): string {
  const organizationDirectory = join(TEST_HRIS_IMPORT_DIR, orgId);
  mkdirSync(organizationDirectory, { recursive: true });
  const path = join(mkdtempSync(join(organizationDirectory, 'hris-')), 'export.json');
  writeFileSync(path, JSON.stringify(document));
  return path;
}
