import { createHash } from 'node:crypto';
import {
  SourceEmployeeAttributes,
  SourceGroup,
  SourceGroupAttributes,
  SourceUser,
} from '../../connectors/types';
import { EmploymentStatus, EmploymentType, GroupType } from '../../entities/enums';
import { emailFromTemplate } from '../identity/email-template';

/** A person ready for staging: column values keyed by column name (absent = not provided). */
export interface StagedUser {
  externalId: string;
  removed: boolean;
  data: Record<string, unknown>;
  hash: string;
  managerGiven: boolean;
  managerKind: string | null;
  managerValue: string | null;
  groupIds: string[] | null;
}

export interface StagedGroup {
  externalId: string;
  removed: boolean;
  data: Record<string, unknown>;
  hash: string;
  membersComplete: boolean;
  parentIds: string[] | null;
}

export type Validated<T> =
  { ok: true; value: T } | { ok: false; externalId: string | null; code: string; message: string };

const USER_COLUMNS: Record<keyof SourceEmployeeAttributes, string> = {
  employeeNumber: 'employee_number',
  email: 'email',
  displayName: 'display_name',
  firstName: 'first_name',
  lastName: 'last_name',
  preferredName: 'preferred_name',
  jobTitle: 'job_title',
  department: 'department',
  division: 'division',
  costCenter: 'cost_center',
  location: 'location',
  phone: 'phone',
  company: 'company',
  username: 'username',
  personalEmail: 'personal_email',
  timeZone: 'time_zone',
  status: 'status',
  employmentType: 'employment_type',
  startDate: 'start_date',
  terminationDate: 'termination_date',
  idpId: 'idp_id',
  customAttributes: 'custom_attributes',
};

const GROUP_COLUMNS: Record<keyof SourceGroupAttributes, string> = {
  name: 'name',
  displayName: 'display_name',
  description: 'description',
  isSecurityGroup: 'is_security_group',
  groupType: 'group_type',
  customAttributes: 'custom_attributes',
};

/** Columns a source may write, for the SQL that applies staged rows. */
export const SOURCE_USER_COLUMNS = Object.values(USER_COLUMNS);
export const SOURCE_GROUP_COLUMNS = Object.values(GROUP_COLUMNS);

const STATUSES = new Set<string>(Object.values(EmploymentStatus));
const EMPLOYMENT_TYPES = new Set<string>(Object.values(EmploymentType));
const GROUP_TYPES = new Set<string>(Object.values(GroupType));
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MAX_TEXT = 1_000;
const MAX_EXTERNAL_ID = 1_024;

class RecordProblem extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Checks one person from a source and turns it into a staging row, or says exactly what is wrong.
 * A person without e-mail is fine; with `emailTemplate` (the connection's identity setting) one
 * that gives none gets the address the template makes from their attributes, when it makes one.
 */
export function validateUser(
  user: SourceUser,
  options: { emailTemplate?: string | null } = {},
): Validated<StagedUser> {
  const externalId = typeof user.externalId === 'string' ? user.externalId.trim() : '';
  try {
    if (!externalId || externalId.length > MAX_EXTERNAL_ID)
      throw new RecordProblem('INVALID_ID', 'record has no usable external id');
    const data: Record<string, unknown> = {};
    if (!user.removed) {
      for (const [property, column] of Object.entries(USER_COLUMNS) as [
        keyof SourceEmployeeAttributes,
        string,
      ][]) {
        if (!(property in user.attributes)) continue;
        const value = user.attributes[property];
        data[column] = normalizeUserValue(property, value);
      }
      if (options.emailTemplate && (data.email === undefined || data.email === null)) {
        const derived = emailFromTemplate(options.emailTemplate, user);
        if (derived !== null) data.email = derived;
      }
      if ('status' in data && data.status === null) delete data.status;
    }
    const manager = user.removed ? undefined : user.manager;
    if (manager && manager.value.trim() === '')
      throw new RecordProblem('INVALID_MANAGER', 'manager reference is empty');
    if (manager && manager.kind === 'externalId' && manager.value === externalId) {
      throw new RecordProblem('MANAGER_CYCLE', 'record names itself as its manager');
    }
    const groupIds = user.groupExternalIds ? [...new Set(user.groupExternalIds.map(String))] : null;
    const staged: Omit<StagedUser, 'hash'> = {
      externalId,
      removed: Boolean(user.removed),
      data,
      managerGiven: manager !== undefined,
      managerKind: manager === undefined ? null : manager === null ? 'none' : manager.kind,
      managerValue: manager ? manager.value.trim() : null,
      groupIds,
    };
    return { ok: true, value: { ...staged, hash: hashOf([data, staged.managerKind, staged.managerValue]) } };
  } catch (error) {
    if (error instanceof RecordProblem)
      return { ok: false, externalId: externalId || null, code: error.code, message: error.message };
    throw error;
  }
}

export function validateGroup(group: SourceGroup): Validated<StagedGroup> {
  const externalId = typeof group.externalId === 'string' ? group.externalId.trim() : '';
  try {
    if (!externalId || externalId.length > MAX_EXTERNAL_ID)
      throw new RecordProblem('INVALID_ID', 'group has no usable external id');
    const data: Record<string, unknown> = {};
    if (!group.removed) {
      for (const [property, column] of Object.entries(GROUP_COLUMNS) as [
        keyof SourceGroupAttributes,
        string,
      ][]) {
        if (!(property in group.attributes)) continue;
        const value = group.attributes[property];
        if (property === 'isSecurityGroup') {
          if (value !== null && typeof value !== 'boolean')
            throw new RecordProblem('INVALID_VALUE', 'isSecurityGroup must be a boolean');
          data[column] = value ?? false;
        } else if (property === 'customAttributes') {
          data[column] = customAttributes(value);
        } else if (property === 'groupType') {
          const type = text(value, 'groupType')?.toLowerCase() ?? 'group';
          if (!GROUP_TYPES.has(type))
            throw new RecordProblem('INVALID_VALUE', `unknown group type "${type}"`);
          data[column] = type;
        } else {
          data[column] = text(value, property);
        }
      }
      if ('name' in data && !data.name)
        throw new RecordProblem('INVALID_VALUE', 'group name cannot be empty');
    }
    const staged: Omit<StagedGroup, 'hash'> = {
      externalId,
      removed: Boolean(group.removed),
      data,
      membersComplete: group.members !== undefined,
      parentIds: group.parentExternalIds ? [...new Set(group.parentExternalIds.map(String))] : null,
    };
    return { ok: true, value: { ...staged, hash: hashOf([data, staged.parentIds]) } };
  } catch (error) {
    if (error instanceof RecordProblem)
      return { ok: false, externalId: externalId || null, code: error.code, message: error.message };
    throw error;
  }
}

function normalizeUserValue(property: keyof SourceEmployeeAttributes, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (property) {
    case 'customAttributes':
      return customAttributes(value);
    case 'email':
    case 'personalEmail': {
      const email = text(value, property)?.toLowerCase() ?? null;
      if (email !== null && !EMAIL.test(email))
        throw new RecordProblem(
          'INVALID_EMAIL',
          `${property} "${email.slice(0, 100)}" is not an email address`,
        );
      return email;
    }
    case 'status': {
      const status = text(value, property)?.toLowerCase() ?? null;
      if (status !== null && !STATUSES.has(status))
        throw new RecordProblem('INVALID_STATUS', `unknown employment status "${status.slice(0, 50)}"`);
      return status;
    }
    case 'employmentType': {
      const type = text(value, property)?.toLowerCase() ?? null;
      if (type !== null && !EMPLOYMENT_TYPES.has(type))
        throw new RecordProblem('INVALID_VALUE', `unknown employment type "${type.slice(0, 50)}"`);
      return type;
    }
    case 'startDate':
    case 'terminationDate':
      return isoDate(value, property);
    default:
      return text(value, property);
  }
}

function text(value: unknown, property: string): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'string' && typeof value !== 'number')
    throw new RecordProblem('INVALID_VALUE', `${property} must be text`);
  const trimmed = String(value).trim();
  if (trimmed.length > MAX_TEXT)
    throw new RecordProblem('INVALID_VALUE', `${property} is longer than ${MAX_TEXT} characters`);
  return trimmed === '' ? null : trimmed;
}

/** YYYY-MM-DD, from a date or a full ISO timestamp; a real calendar date. */
function isoDate(value: unknown, property: string): string | null {
  const raw = text(value, property);
  if (raw === null) return null;
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(raw);
  if (match) {
    const [, year, month, day] = match;
    const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
    if (
      date.getUTCFullYear() === Number(year) &&
      date.getUTCMonth() === Number(month) - 1 &&
      date.getUTCDate() === Number(day)
    ) {
      if (Number(year) >= 1900 && Number(year) <= 2200) return `${year}-${month}-${day}`;
    }
  }
  throw new RecordProblem('INVALID_DATE', `${property} "${raw.slice(0, 40)}" is not a date (YYYY-MM-DD)`);
}

function customAttributes(value: unknown): Record<string, unknown> {
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value))
    throw new RecordProblem('INVALID_VALUE', 'customAttributes must be an object');
  if (JSON.stringify(value).length > 64 * 1024)
    throw new RecordProblem('INVALID_VALUE', 'customAttributes is larger than 64 KiB');
  return value as Record<string, unknown>;
}

/** A stable hash of what a source said (key order does not matter). */
export function hashOf(value: unknown): string {
  return createHash('sha1').update(canonical(value)).digest('base64url');
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    );
    return `{${entries.map(([key, entry]) => `${JSON.stringify(key)}:${canonical(entry)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}
