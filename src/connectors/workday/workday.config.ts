import { z } from 'zod';

export const WORKDAY_MODES = ['report', 'rest'] as const;
export type WorkdayMode = (typeof WORKDAY_MODES)[number];

/** Workday's REST collections answer at most 100 items a request. */
export const WORKDAY_MAX_PAGE_SIZE = 100;
export const WORKDAY_DEFAULT_TIMEOUT_MS = 60_000;

/**
 * Employee fields a report column (or, in REST mode, a dotted path into a worker object) can feed.
 * `id` is the worker's stable id in Workday (the connection's external id); `managerId` holds the
 * manager's `id`; `timeType` ("Full time" / "Part time") refines the employment type.
 */
export const WORKDAY_FIELDS = [
  'id',
  'employeeNumber',
  'email',
  'username',
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
  'managerId',
  'status',
  'employmentType',
  'timeType',
  'startDate',
  'terminationDate',
] as const;
export type WorkdayField = (typeof WORKDAY_FIELDS)[number];
export type WorkdayFieldMap = Record<WorkdayField, string | null>;

/**
 * Default columns of a workers report: the names Workday gives the usual report fields (and that
 * WorkOS-style setup guides ask for). Override any of them, or set one to null when the report has
 * no such column (the field is then left alone instead of cleared).
 */
export const DEFAULT_REPORT_FIELDS: Readonly<WorkdayFieldMap> = {
  id: 'Employee_ID',
  employeeNumber: 'Employee_ID',
  email: 'Email',
  username: 'User_Name',
  displayName: 'Full_Name',
  firstName: 'First_Name',
  lastName: 'Last_Name',
  preferredName: 'Preferred_Name',
  jobTitle: 'Business_Title',
  department: 'Department',
  division: 'Division',
  costCenter: 'Cost_Center',
  location: 'Location',
  phone: 'Work_Phone',
  company: 'Company',
  managerId: 'Manager_ID',
  status: 'Worker_Status',
  employmentType: 'Employee_Type',
  timeType: 'Time_Type',
  startDate: 'Hire_Date',
  terminationDate: 'Termination_Date',
};

/** Default paths into a worker of the REST `/workers` collection. */
export const DEFAULT_REST_FIELDS: Readonly<WorkdayFieldMap> = {
  id: 'id',
  employeeNumber: 'workerId',
  email: 'primaryWorkEmail',
  username: null,
  displayName: 'descriptor',
  firstName: 'person.firstName',
  lastName: 'person.lastName',
  preferredName: 'person.preferredName',
  jobTitle: 'businessTitle',
  department: 'primarySupervisoryOrganization.descriptor',
  division: 'division.descriptor',
  costCenter: 'costCenter.descriptor',
  location: 'location.descriptor',
  phone: 'primaryWorkPhone',
  company: 'company.descriptor',
  managerId: 'manager.id',
  status: 'workerStatus',
  employmentType: 'workerType.descriptor',
  timeType: 'timeType.descriptor',
  startDate: 'hireDate',
  terminationDate: 'terminationDate',
};

/** Columns of the optional groups (organizations) report. */
export interface WorkdayGroupColumns {
  id: string;
  name: string;
  /** The organization type ("Supervisory", "Cost Center", …); optional in the report. */
  type: string;
  /** A list of member entries (RaaS renders a multi-instance field as a list of objects). */
  members: string;
  /** The worker id inside each member entry. */
  memberId: string;
}

export const DEFAULT_GROUP_COLUMNS: Readonly<WorkdayGroupColumns> = {
  id: 'Group_ID',
  name: 'Group_Name',
  type: 'Group_Type',
  members: 'Members',
  memberId: 'Employee_ID',
};

/** Settings of a Workday connection. Secrets: `password`, `clientSecret`, `refreshToken`. */
export interface WorkdayConfig {
  mode: WorkdayMode;
  /** The web-services host's origin, e.g. https://wd2-impl-services1.workday.com. */
  host: string;
  /** The tenant name (the segment after /customreport2/ or /ccx/api/…/v1/ in Workday's URLs). */
  tenant: string;
  /** Report mode: the Integration System User's name and password (basic auth). */
  username?: string;
  password?: string;
  /** Report mode: the workers report, as `owner/Report_Name` (the two last segments of its JSON URL). */
  workersReport?: string;
  /** Report mode: an optional groups/organizations report, as `owner/Report_Name`. */
  groupsReport?: string;
  /** Report mode: prompt values sent with every report request (query parameters). */
  prompts: Record<string, string>;
  /** Report mode: the date-time prompt that limits the workers report to changes since the cursor; no incremental sync without it. */
  updatedSincePrompt?: string;
  groupColumns: WorkdayGroupColumns;
  /** REST mode: the API client for integrations and its refresh token. */
  clientId?: string;
  clientSecret?: string;
  refreshToken?: string;
  /** REST mode: the service and version of the workers collection, as in /ccx/api/staffing/v6/{tenant}/workers. */
  restService: string;
  restVersion: string;
  /** REST mode: workers per request, 1..100. */
  pageSize: number;
  /** Column (or path) of each employee field, defaults merged in. */
  fields: WorkdayFieldMap;
  /** customAttributes key → column (or path). */
  customFields: Record<string, string>;
  /** Departments and cost centers of the workers as groups (types department and cost_center). */
  departmentGroups: boolean;
  costCenterGroups: boolean;
  /** Time allowed for a response to start, and between two chunks of a long report, ms. */
  timeoutMs: number;
}

/** Plain http is accepted for these hosts only (local tools and tests); a real tenant is always https. */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);
/** A URL path segment we build: Workday's tenant, owner and report names are of this shape. */
const SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
/** A report column, or a dotted path of names into a REST worker. */
const COLUMN = /^[A-Za-z_][A-Za-z0-9_-]{0,127}(\.[A-Za-z_][A-Za-z0-9_-]{0,127}){0,4}$/;
const PROMPT = /^[A-Za-z_][A-Za-z0-9_!.-]{0,127}$/;

const segment = (what: string) => z.string().trim().regex(SEGMENT, `must be a Workday ${what} name`);
const column = z
  .string()
  .trim()
  .regex(COLUMN, 'must be a report column (or a dotted path) such as Employee_ID');
const reportName = z
  .string()
  .trim()
  .regex(
    /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}\/[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/,
    'must be owner/Report_Name',
  );

const rawSchema = z
  .object({
    mode: z.enum(WORKDAY_MODES),
    host: z.string().trim().min(1).max(300),
    tenant: segment('tenant'),
    username: z.string().trim().min(1).max(200).optional(),
    password: z.string().min(1).max(500).optional(),
    workersReport: reportName.optional(),
    groupsReport: reportName.optional(),
    prompts: z.record(z.string().regex(PROMPT, 'must be a prompt name'), z.string().max(500)).optional(),
    updatedSincePrompt: z.string().regex(PROMPT, 'must be a prompt name').optional(),
    groupColumns: z
      .object({ id: column, name: column, type: column, members: column, memberId: column })
      .partial()
      .strict()
      .optional(),
    clientId: z.string().trim().min(1).max(300).optional(),
    clientSecret: z.string().min(1).max(1000).optional(),
    refreshToken: z.string().min(1).max(4000).optional(),
    restService: segment('REST service').optional(),
    restVersion: z
      .string()
      .trim()
      .regex(/^v\d{1,2}(\.\d{1,2})?$/, 'must be a version such as v6')
      .optional(),
    pageSize: z.number().int().min(1).max(WORKDAY_MAX_PAGE_SIZE).optional(),
    fields: z
      .record(z.enum(WORKDAY_FIELDS), column.nullable())
      .refine((fields) => fields.id !== null, { message: 'id must name a column', path: ['id'] })
      .optional(),
    customFields: z
      .record(z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, 'must be an attribute name'), column)
      .refine((fields) => Object.keys(fields).length <= 50, 'at most 50 custom fields')
      .optional(),
    departmentGroups: z.boolean().optional(),
    costCenterGroups: z.boolean().optional(),
    timeoutMs: z.number().int().min(1000).max(600_000).optional(),
  })
  .strict();

type RawConfig = z.infer<typeof rawSchema>;

function checkHost(value: string, ctx: z.RefinementCtx): void {
  const issue = (message: string) => ctx.addIssue({ code: z.ZodIssueCode.custom, message, path: ['host'] });
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return issue('must be an absolute URL such as https://wd2-impl-services1.workday.com');
  }
  if (url.username !== '' || url.password !== '') return issue('must not contain credentials');
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname)))
    return issue('must be an https URL');
  if ((url.pathname !== '/' && url.pathname !== '') || url.search !== '' || url.hash !== '')
    return issue('must be the web-services host alone (no path: the connector builds /ccx/… itself)');
}

/** The settings each mode needs; messages name fields, never values. */
function checkMode(input: RawConfig, ctx: z.RefinementCtx): void {
  const need = (keys: (keyof RawConfig)[]) => {
    for (const key of keys)
      if (input[key] === undefined)
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          message: `is required in ${input.mode} mode`,
          path: [key],
        });
  };
  const forbid = (keys: (keyof RawConfig)[]) => {
    for (const key of keys)
      if (input[key] !== undefined)
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          message: `belongs to the other mode (set it to null when switching mode)`,
          path: [key],
        });
  };
  if (input.mode === 'report') {
    need(['username', 'password', 'workersReport']);
    forbid(['clientId', 'clientSecret', 'refreshToken']);
  } else {
    need(['clientId', 'clientSecret', 'refreshToken']);
    forbid(['username', 'password', 'workersReport', 'groupsReport', 'updatedSincePrompt']);
  }
}

/**
 * Validates a configuration. The output has the input's keys plus defaults, so a stored configuration
 * parses again unchanged.
 */
export const workdayConfigSchema: z.ZodType<WorkdayConfig, z.ZodTypeDef, unknown> = rawSchema
  .superRefine((input, ctx) => {
    checkHost(input.host, ctx);
    checkMode(input, ctx);
  })
  .transform((input): WorkdayConfig => {
    const defaults = input.mode === 'report' ? DEFAULT_REPORT_FIELDS : DEFAULT_REST_FIELDS;
    const config: WorkdayConfig = {
      mode: input.mode,
      host: new URL(input.host).origin,
      tenant: input.tenant,
      prompts: { ...input.prompts },
      groupColumns: { ...DEFAULT_GROUP_COLUMNS, ...input.groupColumns },
      restService: input.restService ?? 'staffing',
      restVersion: input.restVersion ?? 'v6',
      pageSize: input.pageSize ?? WORKDAY_MAX_PAGE_SIZE,
      fields: { ...defaults, ...input.fields },
      customFields: { ...input.customFields },
      departmentGroups: input.departmentGroups ?? true,
      costCenterGroups: input.costCenterGroups ?? true,
      timeoutMs: input.timeoutMs ?? WORKDAY_DEFAULT_TIMEOUT_MS,
    };
    const copy = [
      'username',
      'password',
      'workersReport',
      'groupsReport',
      'updatedSincePrompt',
      'clientId',
      'clientSecret',
      'refreshToken',
    ] as const;
    for (const key of copy) if (input[key] !== undefined) config[key] = input[key];
    return config;
  });

/** Parses and validates a Workday connection's settings; throws the ZodError naming the bad field. */
export function parseWorkdayConfig(input: unknown): WorkdayConfig {
  return workdayConfigSchema.parse(input);
}
