import { employmentTypeOf } from '../okta/okta-mapping';
import { SourceEmployeeAttributes, SourceGroup, SourceUser } from '../types';
import { ScimPullConfig } from './scim-pull.config';

export const ENTERPRISE_USER = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

function entries(value: unknown): Json[] {
  return Array.isArray(value) ? value.filter(isObject) : [];
}

/** The primary entry, else the first of the type, else (when any type will do) the first. */
function pick(value: unknown, type: string, anyType: boolean): Json | undefined {
  const list = entries(value);
  return (
    list.find(
      (entry) => entry.primary === true && (anyType || entry.type === type || entry.type === undefined),
    ) ??
    list.find((entry) => entry.type === type) ??
    (anyType ? list[0] : undefined)
  );
}

/**
 * One SCIM User (RFC 7643 §4.1, with the enterprise extension §4.3) as a SourceUser, keyed by the
 * server's `id`. The work e-mail and the home one stay apart; a home address is never the work
 * location; `active: false` is a leaver or a suspended account as the connection says; the manager
 * is the id of another User of the same server.
 */
export function mapScimUser(resource: Json, options: Pick<ScimPullConfig, 'inactiveStatus'>): SourceUser {
  const name = isObject(resource.name) ? resource.name : {};
  const attributes: SourceEmployeeAttributes = {
    idpId: text(resource.externalId),
    username: text(resource.userName),
    email: text(pick(resource.emails, 'work', true)?.value)?.toLowerCase() ?? null,
    displayName: text(resource.displayName) ?? text(name.formatted),
    firstName: text(name.givenName),
    lastName: text(name.familyName),
    preferredName: text(resource.nickName),
    jobTitle: text(resource.title),
    phone: text(pick(resource.phoneNumbers, 'work', true)?.value),
    location: text(pick(resource.addresses, 'work', false)?.locality),
    timeZone: text(resource.timezone),
  };
  const home = entries(resource.emails).find((entry) => entry.type === 'home');
  if (text(home?.value) && text(home?.value)!.toLowerCase() !== attributes.email)
    attributes.personalEmail = text(home?.value)!.toLowerCase();
  if (text(resource.userType)) attributes.employmentType = employmentTypeOf(String(resource.userType));
  if (typeof resource.active === 'boolean')
    attributes.status = resource.active ? 'active' : options.inactiveStatus;

  const custom: Json = {};
  if (text(resource.profileUrl)) custom.profileUrl = text(resource.profileUrl);
  const photo = text(pick(resource.photos, 'photo', true)?.value);
  if (photo) custom.photoUrl = photo;
  if (text(resource.preferredLanguage)) custom.preferredLanguage = text(resource.preferredLanguage);
  if (Object.keys(custom).length > 0) attributes.customAttributes = custom;

  let manager: SourceUser['manager'];
  const enterprise = resource[ENTERPRISE_USER];
  if (isObject(enterprise)) {
    attributes.employeeNumber = text(enterprise.employeeNumber);
    attributes.costCenter = text(enterprise.costCenter);
    attributes.company = text(enterprise.organization);
    attributes.division = text(enterprise.division);
    attributes.department = text(enterprise.department);
    const managerId = isObject(enterprise.manager) ? text(enterprise.manager.value) : null;
    manager = managerId ? { kind: 'externalId', value: managerId } : null;
  }
  return { externalId: String(resource.id), attributes, ...(manager !== undefined ? { manager } : {}) };
}

/** One SCIM Group with its complete member list (users and nested groups). */
export function mapScimGroup(resource: Json): SourceGroup {
  const name = text(resource.displayName) ?? String(resource.id);
  return {
    externalId: String(resource.id),
    attributes: { name, displayName: name, groupType: 'group', isSecurityGroup: false },
    members: entries(resource.members)
      .filter((member) => text(member.value))
      .map((member) => ({
        type:
          member.type === 'Group' || /\/Groups\//.test(String(member.$ref ?? ''))
            ? ('group' as const)
            : ('user' as const),
        externalId: text(member.value)!,
      })),
  };
}
