import type { admin_directory_v1 } from '@googleapis/admin';
import { SourceEmployeeAttributes, SourceGroup, SourceUser } from '../types';

type GoogleUser = admin_directory_v1.Schema$User;
type GoogleGroup = admin_directory_v1.Schema$Group;
type GoogleMember = admin_directory_v1.Schema$Member;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

/** Google's multi-valued fields (emails, phones, organizations…) are `any` in the client's types: lists of objects. */
function entries(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter(isObject) : [];
}

/** The primary entry, else the first of type work, else the first. */
function preferred(value: unknown): Record<string, unknown> | undefined {
  const list = entries(value);
  return (
    list.find((entry) => entry.primary === true) ?? list.find((entry) => entry.type === 'work') ?? list[0]
  );
}

/** Millipercent of full time (100000 = 100%), as Google's organizations[].fullTimeEquivalent holds it. */
function employmentTypeOf(fullTimeEquivalent: unknown): string | undefined {
  if (typeof fullTimeEquivalent !== 'number' || fullTimeEquivalent <= 0) return undefined;
  return fullTimeEquivalent >= 100_000 ? 'full_time' : 'part_time';
}

/**
 * One Workspace user as a SourceUser. Suspended accounts are suspended; archived ones (the Archived
 * User licence, kept for former staff) are terminated. The manager comes from `relations` (type
 * manager, an e-mail address); HR attributes from the primary organization; the org unit path,
 * aliases and every custom schema field into custom attributes (`Schema.field`).
 */
export function mapGoogleUser(user: GoogleUser): SourceUser {
  const organization = preferred(user.organizations);
  const attributes: SourceEmployeeAttributes = {
    idpId: user.id ?? null,
    email: text(user.primaryEmail)?.toLowerCase() ?? null,
    username: text(user.primaryEmail)?.toLowerCase() ?? null,
    displayName: text(user.name?.displayName) ?? text(user.name?.fullName),
    firstName: text(user.name?.givenName),
    lastName: text(user.name?.familyName),
    phone: text(preferred(user.phones)?.value),
    jobTitle: text(organization?.title),
    department: text(organization?.department),
    costCenter: text(organization?.costCenter),
    division: text(organization?.description),
    company: text(organization?.name),
    location: text(organization?.location) ?? text(preferred(user.locations)?.area),
    employeeNumber: text(entries(user.externalIds).find((entry) => entry.type === 'organization')?.value),
    status: user.archived ? 'terminated' : user.suspended ? 'suspended' : 'active',
  };
  const employmentType = employmentTypeOf(organization?.fullTimeEquivalent);
  if (employmentType) attributes.employmentType = employmentType;
  const personal = entries(user.emails).find((entry) => entry.type === 'home');
  if (text(personal?.address)) attributes.personalEmail = text(personal?.address)!.toLowerCase();

  const custom: Record<string, unknown> = {};
  if (text(user.orgUnitPath)) custom.orgUnitPath = user.orgUnitPath;
  if (user.aliases && user.aliases.length > 0) custom.emailAliases = user.aliases;
  if (user.isAdmin) custom.googleAdmin = true;
  for (const [schema, fields] of Object.entries(user.customSchemas ?? {})) {
    if (!isObject(fields)) continue;
    for (const [field, value] of Object.entries(fields)) {
      // Multi-valued custom fields arrive as [{ value, type }]: keep the values.
      custom[`${schema}.${field}`] = Array.isArray(value)
        ? value.map((entry) => (isObject(entry) ? entry.value : entry))
        : value;
    }
  }
  if (Object.keys(custom).length > 0) attributes.customAttributes = custom;

  const manager = text(entries(user.relations).find((relation) => relation.type === 'manager')?.value);
  return {
    externalId: user.id ?? '',
    attributes,
    manager: manager ? { kind: 'email', value: manager.toLowerCase() } : null,
  };
}

/**
 * One group with its complete member list: users by id, nested groups (type GROUP) by id. Members of
 * type CUSTOMER (the whole account) and external addresses without an account are left out.
 */
export function mapGoogleGroup(group: GoogleGroup, members: GoogleMember[]): SourceGroup {
  const name = text(group.name) ?? text(group.email) ?? group.id ?? '';
  return {
    externalId: group.id ?? '',
    attributes: {
      name,
      displayName: name,
      description: text(group.description),
      groupType: 'group',
      isSecurityGroup: false,
      customAttributes: { groupEmail: text(group.email) },
    },
    members: members
      .filter((member) => text(member.id) && (member.type === 'USER' || member.type === 'GROUP'))
      .map((member) => ({
        type: member.type === 'GROUP' ? ('group' as const) : ('user' as const),
        externalId: member.id!,
      })),
  };
}
