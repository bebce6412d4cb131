import { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import { FilterParser } from 'ldapts';
import { z } from 'zod';
import { DnSyntaxError, parseDn } from './dn';
import { checkFilter, FilterSyntaxError, isAttributeDescription, unescapeUtf8Runs } from './filter';

export type LdapFlavor = 'active_directory' | 'openldap';

/** Our fields that can be read from a configurable LDAP attribute (see FLAVOR_DEFAULTS). */
export const ATTRIBUTE_KEYS = [
  'externalId',
  'username',
  'userPrincipalName',
  'email',
  'firstName',
  'lastName',
  'displayName',
  'jobTitle',
  'department',
  'company',
  'employeeNumber',
  'phone',
  'location',
  'manager',
  'userAccountControl',
  'groupName',
  'groupDisplayName',
  'groupDescription',
  'members',
  'groupType',
] as const;
export type AttributeKey = (typeof ATTRIBUTE_KEYS)[number];

/** Our field → the LDAP attributes it is read from, first present wins. */
export type AttributeMap = Readonly<Record<AttributeKey, readonly string[]>>;

/** What each kind of server calls things, and how it says what changed. */
export interface FlavorProfile {
  userFilter: string;
  groupFilter: string;
  attributes: AttributeMap;
  /** The attribute incremental syncs filter on: an update sequence number, or a timestamp. */
  changeAttribute: 'uSNChanged' | 'modifyTimestamp';
}

export const FLAVOR_DEFAULTS: Readonly<Record<LdapFlavor, FlavorProfile>> = {
  active_directory: {
    // objectCategory=person leaves out computer accounts, which are objectClass=user too.
    userFilter: '(&(objectCategory=person)(objectClass=user))',
    groupFilter: '(objectClass=group)',
    changeAttribute: 'uSNChanged',
    attributes: {
      externalId: ['objectGUID'],
      username: ['sAMAccountName'],
      userPrincipalName: ['userPrincipalName'],
      email: ['mail'],
      firstName: ['givenName'],
      lastName: ['sn'],
      displayName: ['displayName'],
      jobTitle: ['title'],
      department: ['department'],
      company: ['company'],
      employeeNumber: ['employeeID', 'employeeNumber'],
      phone: ['telephoneNumber'],
      location: ['physicalDeliveryOfficeName'],
      manager: ['manager'],
      userAccountControl: ['userAccountControl'],
      groupName: ['cn'],
      groupDisplayName: ['displayName'],
      groupDescription: ['description'],
      members: ['member'],
      groupType: ['groupType'],
    },
  },
  openldap: {
    userFilter: '(objectClass=inetOrgPerson)',
    groupFilter: '(|(objectClass=groupOfNames)(objectClass=groupOfUniqueNames))',
    changeAttribute: 'modifyTimestamp',
    attributes: {
      externalId: ['entryUUID'],
      username: ['uid'],
      userPrincipalName: [],
      email: ['mail'],
      firstName: ['givenName'],
      lastName: ['sn'],
      displayName: ['displayName', 'cn'],
      jobTitle: ['title'],
      department: ['departmentNumber', 'ou'],
      company: [],
      employeeNumber: ['employeeNumber'],
      phone: ['telephoneNumber'],
      location: ['l'],
      manager: ['manager'],
      userAccountControl: [],
      groupName: ['cn'],
      groupDisplayName: [],
      groupDescription: ['description'],
      members: ['member', 'uniqueMember'],
      groupType: [],
    },
  },
};

/** Default records per page; Active Directory's own MaxPageSize is 1000, and servers cap larger requests. */
export const DEFAULT_PAGE_SIZE = 1000;
export const DEFAULT_TIMEOUT_MS = 30_000;

/** Settings of an LDAP / Active Directory connection. */
export interface LdapConfig {
  /** ldap://host[:port] or ldaps://host[:port]. */
  url: string;
  /** Upgrade an ldap:// connection with StartTLS before binding. */
  startTls: boolean;
  /** PEM of the CA (or CAs) that issued the server's certificate, when it is not a public one. */
  caCertificatePem?: string;
  /** Verify the server's certificate and name (leave on outside tests). */
  rejectUnauthorized: boolean;
  bindDn: string;
  /** A secret: write-only, never returned or logged. */
  bindPassword: string;
  baseDn: string;
  userBaseDn?: string;
  groupBaseDn?: string;
  /** Replaces the flavor's default user filter. */
  userFilter?: string;
  /** Replaces the flavor's default group filter. */
  groupFilter?: string;
  flavor: LdapFlavor;
  pageSize: number;
  /** Limit for connecting and for each operation (a bind, one page of a search). */
  timeoutMs: number;
  /** Overrides of FLAVOR_DEFAULTS: our field → an LDAP attribute, or a list tried in order. */
  attributes?: Partial<Record<AttributeKey, string | string[]>>;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** The parts of an LDAP URL the client needs. */
export interface LdapEndpoint {
  secure: boolean;
  /** Host name or address as written (IPv6 without brackets). */
  host: string;
  port: number;
}

export function parseLdapUrl(url: string): LdapEndpoint {
  const parsed = new URL(url);
  const secure = parsed.protocol === 'ldaps:';
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  return { secure, host, port: parsed.port ? Number(parsed.port) : secure ? 636 : 389 };
}

export function isLoopback(host: string): boolean {
  return LOOPBACK_HOSTS.has(host) || (isIP(host) === 4 && host.startsWith('127.'));
}

function checkUrl(value: string, ctx: z.RefinementCtx): URL | undefined {
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      message: 'must be an ldap:// or ldaps:// URL',
      path: ['url'],
    });
    return undefined;
  }
  const problems: string[] = [];
  if (parsed.protocol !== 'ldap:' && parsed.protocol !== 'ldaps:')
    problems.push('must be an ldap:// or ldaps:// URL');
  else if (parsed.hostname === '') problems.push('must name a host');
  if (parsed.username !== '' || parsed.password !== '')
    problems.push('must not contain credentials; use bindDn and bindPassword');
  // An LDAP URL may carry a base DN, attributes and a filter (RFC 4516); here they have their own keys.
  if ((parsed.pathname !== '' && parsed.pathname !== '/') || parsed.search !== '' || parsed.hash !== '')
    problems.push('must be just ldap[s]://host[:port]; give the base DN and filters as their own keys');
  for (const message of problems) ctx.addIssue({ code: z.ZodIssueCode.custom, message, path: ['url'] });
  return problems.length === 0 ? parsed : undefined;
}

const dn = z
  .string()
  .min(1)
  .max(2048)
  .superRefine((value, ctx) => {
    try {
      parseDn(value);
    } catch (error) {
      if (!(error instanceof DnSyntaxError)) throw error;
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: `is not a distinguished name: ${error.message}` });
    }
  });

const filter = z
  .string()
  .trim()
  .min(1)
  .max(8192)
  .transform((value, ctx) => {
    let checked: string;
    try {
      checked = checkFilter(value);
    } catch (error) {
      if (!(error instanceof FilterSyntaxError)) throw error;
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: `is not an LDAP filter: ${error.message}` });
      return z.NEVER;
    }
    try {
      // The client library encodes the filter itself; what it cannot encode must fail here, not mid-sync.
      FilterParser.parseString(unescapeUtf8Runs(checked));
    } catch {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message:
          'uses a form the LDAP client cannot send (attribute options such as ";lang-en" are not supported)',
      });
      return z.NEVER;
    }
    return checked;
  });

const attributeName = z
  .string()
  .trim()
  .refine((value) => isAttributeDescription(value), 'must be an LDAP attribute name');
const attributeChoice = z.union([attributeName, z.array(attributeName).min(1).max(5)]);

const attributeOverrides = z
  .object({
    externalId: attributeChoice.optional(),
    username: attributeChoice.optional(),
    userPrincipalName: attributeChoice.optional(),
    email: attributeChoice.optional(),
    firstName: attributeChoice.optional(),
    lastName: attributeChoice.optional(),
    displayName: attributeChoice.optional(),
    jobTitle: attributeChoice.optional(),
    department: attributeChoice.optional(),
    company: attributeChoice.optional(),
    employeeNumber: attributeChoice.optional(),
    phone: attributeChoice.optional(),
    location: attributeChoice.optional(),
    manager: attributeChoice.optional(),
    userAccountControl: attributeChoice.optional(),
    groupName: attributeChoice.optional(),
    groupDisplayName: attributeChoice.optional(),
    groupDescription: attributeChoice.optional(),
    members: attributeChoice.optional(),
    groupType: attributeChoice.optional(),
  })
  .strict();

const rawSchema = z
  .object({
    url: z.string().trim().min(1).max(2048),
    startTls: z.boolean().optional(),
    caCertificatePem: z
      .string()
      .max(256 * 1024)
      .refine((value) => {
        try {
          new X509Certificate(value);
          return value.includes('-----BEGIN CERTIFICATE-----');
        } catch {
          return false;
        }
      }, 'must be one or more PEM certificates (-----BEGIN CERTIFICATE-----)')
      .optional(),
    rejectUnauthorized: z.boolean().optional(),
    bindDn: dn,
    // An empty password would make a simple bind "unauthenticated" (RFC 4513 §5.1.2), which many
    // servers accept without checking anything.
    bindPassword: z.string().min(1).max(1024),
    baseDn: dn,
    userBaseDn: dn.optional(),
    groupBaseDn: dn.optional(),
    userFilter: filter.optional(),
    groupFilter: filter.optional(),
    flavor: z.enum(['active_directory', 'openldap']).optional(),
    pageSize: z.number().int().min(1).max(5000).optional(),
    timeoutMs: z.number().int().min(1000).max(600_000).optional(),
    attributes: attributeOverrides.optional(),
  })
  .strict();

/**
 * Validates a configuration. The output has the same keys as the input plus the scalar defaults
 * (flavor, pageSize, timeoutMs, startTls, rejectUnauthorized), so a stored configuration parses
 * again unchanged; per-flavor defaults (filters, attributes) are applied when the connector is
 * built, so that changing the flavor changes them too.
 */
export const ldapConfigSchema: z.ZodType<LdapConfig, z.ZodTypeDef, unknown> = rawSchema
  .superRefine((input, ctx) => {
    const parsed = checkUrl(input.url, ctx);
    if (!parsed) return;
    const endpoint = parseLdapUrl(input.url);
    if (input.startTls && endpoint.secure) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: 'StartTLS applies to ldap:// URLs; ldaps:// is TLS from the start',
        path: ['startTls'],
      });
    }
    // A simple bind sends the password as it is: over plain LDAP anyone on the path can read it.
    if (!endpoint.secure && !input.startTls && !isLoopback(endpoint.host)) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: 'a bind over plain ldap:// exposes the password; use ldaps:// or set startTls',
        path: ['url'],
      });
    }
    if (input.caCertificatePem !== undefined && !endpoint.secure && !input.startTls) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: 'only applies to ldaps:// or startTls',
        path: ['caCertificatePem'],
      });
    }
  })
  .transform((input): LdapConfig => ({
    ...input,
    startTls: input.startTls ?? false,
    rejectUnauthorized: input.rejectUnauthorized ?? true,
    flavor: input.flavor ?? 'openldap',
    pageSize: input.pageSize ?? DEFAULT_PAGE_SIZE,
    timeoutMs: input.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  }));

/** Parses and validates an LDAP connection's settings; throws the ZodError naming the bad field. */
export function parseLdapConfig(input: unknown): LdapConfig {
  return ldapConfigSchema.parse(input);
}

/** The flavor's attribute map with the configuration's overrides applied. */
export function effectiveAttributes(config: LdapConfig): AttributeMap {
  const defaults = FLAVOR_DEFAULTS[config.flavor].attributes;
  const result = { ...defaults };
  for (const key of ATTRIBUTE_KEYS) {
    const override = config.attributes?.[key];
    if (override !== undefined) result[key] = typeof override === 'string' ? [override] : override;
  }
  return result;
}
