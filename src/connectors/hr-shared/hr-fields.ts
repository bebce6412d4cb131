/**
 * What the HR connectors share: the per-connection field map (which vendor field feeds which
 * employee attribute, and which feed custom attributes), the optional department / cost center
 * groups, and the rules for employment status and type from an HR record's status and dates.
 * Pure: no I/O.
 */
import { z } from 'zod';
import { SourceEmployeeAttributes, SourceGroup } from '../types';

/** Employee attributes a field map may point at a vendor field. */
export const MAPPABLE_ATTRIBUTES = [
  'employeeNumber',
  'email',
  'displayName',
  'firstName',
  'lastName',
  'preferredName',
  'jobTitle',
  'department',
  'division',
  'costCenter',
  'location',
  'phone',
  'company',
  'username',
  'personalEmail',
  'timeZone',
  'employmentType',
  'startDate',
  'terminationDate',
] as const;
export type MappableAttribute = (typeof MAPPABLE_ATTRIBUTES)[number];
export type FieldMap = Partial<Record<MappableAttribute, string>>;

/** A vendor field name: letters, digits, `_`, `.` and `/` (an OData navigation path); nothing that can change a query. */
export const vendorFieldName = z
  .string()
  .trim()
  .regex(/^[A-Za-z][A-Za-z0-9_./]{0,99}$/, 'must be a field name such as customCostCenter');

/** Custom attribute key ← vendor field. */
export const customFieldsSchema = z
  .record(
    z
      .string()
      .trim()
      .regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, 'must be a custom attribute name'),
    vendorFieldName,
  )
  .refine((fields) => Object.keys(fields).length <= 50, 'at most 50 custom fields');

export const fieldMapSchema = z
  .object(
    Object.fromEntries(MAPPABLE_ATTRIBUTES.map((key) => [key, vendorFieldName.optional()])) as Record<
      MappableAttribute,
      z.ZodOptional<typeof vendorFieldName>
    >,
  )
  .strict();

/** Which HR values also become groups (the person is a member of their department's group). */
export interface HrGroupOptions {
  departments: boolean;
  costCenters: boolean;
}

export const groupOptionsSchema = z
  .object({ departments: z.boolean().optional(), costCenters: z.boolean().optional() })
  .strict();

export function parseGroupOptions(input: z.infer<typeof groupOptionsSchema> | undefined): HrGroupOptions {
  return { departments: input?.departments ?? false, costCenters: input?.costCenters ?? false };
}

/** The group external ids of a department and a cost center value (stable across syncs: the value is the key). */
export function departmentGroupId(name: string): string {
  return `department:${name}`;
}
export function costCenterGroupId(code: string): string {
  return `cost_center:${code}`;
}

/** Collects the department / cost center groups met in a users() stream, to yield them in groups(). */
export class HrGroupCollector {
  private readonly seen = new Map<string, SourceGroup>();

  constructor(private readonly options: HrGroupOptions) {}

  get enabled(): boolean {
    return this.options.departments || this.options.costCenters;
  }

  /** The person's groups (complete list), noting each group met. */
  groupsOf(attributes: SourceEmployeeAttributes): string[] {
    const ids: string[] = [];
    if (this.options.departments && attributes.department) {
      const id = departmentGroupId(attributes.department);
      ids.push(id);
      if (!this.seen.has(id))
        this.seen.set(id, {
          externalId: id,
          attributes: {
            name: attributes.department,
            displayName: attributes.department,
            groupType: 'department',
            isSecurityGroup: false,
          },
        });
    }
    if (this.options.costCenters && attributes.costCenter) {
      const id = costCenterGroupId(attributes.costCenter);
      ids.push(id);
      if (!this.seen.has(id))
        this.seen.set(id, {
          externalId: id,
          attributes: {
            name: attributes.costCenter,
            displayName: attributes.costCenter,
            groupType: 'cost_center',
            isSecurityGroup: false,
          },
        });
    }
    return ids;
  }

  groups(): SourceGroup[] {
    return [...this.seen.values()];
  }
}

/** Employment types by their letters ("Full-Time" = "fulltime"). */
const EMPLOYMENT_TYPES: Readonly<Record<string, string>> = {
  fulltime: 'full_time',
  regular: 'full_time',
  permanent: 'full_time',
  parttime: 'part_time',
  contractor: 'contractor',
  contract: 'contractor',
  consultant: 'contractor',
  intern: 'intern',
  internship: 'intern',
  temporary: 'temporary',
  temp: 'temporary',
  seasonal: 'temporary',
  freelance: 'freelance',
  freelancer: 'freelance',
};

/** A vendor's employment type label as a stored type; null when it names none (e.g. "Terminated"). */
export function employmentTypeOf(label: string): string | null {
  return EMPLOYMENT_TYPES[label.toLowerCase().replace(/[^a-z]/g, '')] ?? null;
}

/** Today as YYYY-MM-DD in UTC. */
export function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * Employment status from what an HR system states:
 * - active in the source → `active`, also for a future hire (startDate after today: the person is
 *   stored active with that startDate, so the directory can tell "starts on …" from "works here") and
 *   for a leaver whose terminationDate is still ahead (stored with that date);
 * - inactive in the source with a terminationDate today or earlier, or with none → `terminated`;
 * - inactive with a startDate ahead and no termination → a future hire the source keeps inactive until
 *   day one (SuccessFactors does so for pre-hires): `active`, with its startDate.
 * A contractor who is active is stored `contractor`, as the other connectors do.
 */
export function employmentStatusOf(
  activeInSource: boolean,
  dates: { startDate: string | null; terminationDate: string | null; employmentType: string | null },
  today: string,
): string {
  const futureStart = dates.startDate !== null && dates.startDate > today;
  const terminated = dates.terminationDate !== null && dates.terminationDate <= today;
  if (!activeInSource) {
    if (futureStart && dates.terminationDate === null) return 'active';
    return 'terminated';
  }
  if (terminated) return 'terminated';
  return dates.employmentType === 'contractor' ? 'contractor' : 'active';
}

/** A YYYY-MM-DD date from a vendor value, null for the vendor's "no date" forms. */
export function dayOf(value: string | null): string | null {
  if (value === null) return null;
  const trimmed = value.trim();
  if (trimmed === '' || trimmed.startsWith('0000-00-00')) return null;
  const match = /^(\d{4}-\d{2}-\d{2})/.exec(trimmed);
  return match ? match[1] : null;
}
