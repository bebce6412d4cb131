import { z } from 'zod';
import {
  customFieldsSchema,
  FieldMap,
  fieldMapSchema,
  groupOptionsSchema,
  HrGroupOptions,
  parseGroupOptions,
  vendorFieldName,
} from '../hr-shared/hr-fields';

export const BAMBOOHR_DEFAULT_BASE_URL = 'https://api.bamboohr.com/api/gateway.php';
/** The Datasets API allows 1,000 rows a page; 500 keeps each answer small enough to parse quickly. */
export const BAMBOOHR_DEFAULT_PAGE_SIZE = 500;
export const BAMBOOHR_MAX_PAGE_SIZE = 1000;
export const BAMBOOHR_DEFAULT_TIMEOUT_MS = 60_000;
export const BAMBOOHR_DEFAULT_DATASET = 'employee';

/** Dataset fields read by default for each employee attribute (each can be replaced in `fields`). */
export const BAMBOOHR_DEFAULT_FIELDS: Readonly<FieldMap> = {
  employeeNumber: 'employeeNumber',
  email: 'workEmail',
  firstName: 'firstName',
  lastName: 'lastName',
  preferredName: 'preferredName',
  jobTitle: 'jobTitle',
  department: 'department',
  division: 'division',
  location: 'location',
  phone: 'workPhone',
  employmentType: 'employmentHistoryStatus',
  startDate: 'hireDate',
  terminationDate: 'terminationDate',
};

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Settings of a BambooHR connection. `apiKey` is the secret. */
export interface BambooHrConfig {
  /** The company's subdomain: `acme` for acme.bamboohr.com. */
  companyDomain: string;
  /** An API key of a BambooHR user who can see every employee and the mapped fields; sent as basic auth (key, "x"). */
  apiKey: string;
  /** The API gateway; only changed for a local stand-in. */
  baseUrl: string;
  /** The dataset read (Datasets API v2). */
  dataset: string;
  /** Rows a page, 1..1,000. */
  pageSize: number;
  timeoutMs: number;
  /** Dataset field holding the employee id (what /employees/changed and supervisorEId name). */
  idField: string;
  /** Dataset field holding the status (Active / Inactive). */
  statusField: string;
  /** Dataset field holding the supervisor's employee id. */
  supervisorIdField: string;
  /** Attribute ← dataset field, the defaults merged with the connection's overrides. */
  fields: FieldMap;
  /** Custom attribute ← dataset field. */
  customFields: Record<string, string>;
  groups: HrGroupOptions;
}

const rawSchema = z
  .object({
    companyDomain: z
      .string()
      .trim()
      .regex(
        /^[A-Za-z0-9][A-Za-z0-9-]{0,62}$/,
        'must be the company subdomain, such as acme for acme.bamboohr.com',
      ),
    apiKey: z.string().trim().min(10).max(200),
    baseUrl: z.string().trim().max(300).optional(),
    dataset: z
      .string()
      .regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, 'must be a dataset name such as employee')
      .optional(),
    pageSize: z.number().int().min(1).max(BAMBOOHR_MAX_PAGE_SIZE).optional(),
    timeoutMs: z.number().int().min(1000).max(300_000).optional(),
    idField: vendorFieldName.optional(),
    statusField: vendorFieldName.optional(),
    supervisorIdField: vendorFieldName.optional(),
    fields: fieldMapSchema.optional(),
    customFields: customFieldsSchema.optional(),
    groups: groupOptionsSchema.optional(),
  })
  .strict();

/** The base URL without a trailing slash, or an issue: https, or http on loopback (a local stand-in). */
function checkBaseUrl(value: string, ctx: z.RefinementCtx): void {
  const issue = (message: string) =>
    ctx.addIssue({ code: z.ZodIssueCode.custom, message, path: ['baseUrl'] });
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return issue('must be an absolute URL such as https://api.bamboohr.com/api/gateway.php');
  }
  if (url.username || url.password) return issue('must not contain credentials');
  if (url.search || url.hash) return issue('must not have a query or fragment');
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname)))
    return issue('must be an https URL');
}

/** Validates a configuration; messages name fields, never values. */
export const bambooHrConfigSchema: z.ZodType<BambooHrConfig, z.ZodTypeDef, unknown> = rawSchema
  .superRefine((input, ctx) => {
    if (input.baseUrl !== undefined) checkBaseUrl(input.baseUrl, ctx);
  })
  .transform((input): BambooHrConfig => ({
    companyDomain: input.companyDomain,
    apiKey: input.apiKey,
    baseUrl: (input.baseUrl ?? BAMBOOHR_DEFAULT_BASE_URL).replace(/\/+$/, ''),
    dataset: input.dataset ?? BAMBOOHR_DEFAULT_DATASET,
    pageSize: input.pageSize ?? BAMBOOHR_DEFAULT_PAGE_SIZE,
    timeoutMs: input.timeoutMs ?? BAMBOOHR_DEFAULT_TIMEOUT_MS,
    idField: input.idField ?? 'employeeId',
    statusField: input.statusField ?? 'status',
    supervisorIdField: input.supervisorIdField ?? 'supervisorEId',
    fields: { ...BAMBOOHR_DEFAULT_FIELDS, ...(input.fields ?? {}) },
    customFields: input.customFields ?? {},
    groups: parseGroupOptions(input.groups),
  }));

export function parseBambooHrConfig(input: unknown): BambooHrConfig {
  return bambooHrConfigSchema.parse(input);
}
