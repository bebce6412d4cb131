import type { Group, GroupMembership, User } from '@aws-sdk/client-identitystore';
import { employmentTypeOf } from '../okta/okta-mapping';
import { SourceEmployeeAttributes, SourceGroup, SourceUser } from '../types';

/** The one extension the identity store has: SCIM's enterprise user attributes. */
export const ENTERPRISE_EXTENSION = 'aws:identitystore:enterprise';

interface Valued {
  Value?: string | undefined;
  Type?: string | undefined;
  Primary?: boolean | undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

/** The primary entry, else the first of the wanted type, else the first. */
export function preferred<T extends { Primary?: boolean | undefined; Type?: string | undefined }>(
  entries: T[] | undefined,
  type = 'work',
): T | undefined {
  if (!entries || entries.length === 0) return undefined;
  return (
    entries.find((entry) => entry.Primary) ??
    entries.find((entry) => entry.Type?.toLowerCase() === type) ??
    entries[0]
  );
}

function value(entries: Valued[] | undefined, type?: string): string | null {
  return text(preferred(entries, type)?.Value);
}

/**
 * One identity store user as a SourceUser. The enterprise extension gives the HR attributes and the
 * manager (by user id); UserStatus DISABLED is a suspended account (the person may still work here:
 * the HR source that leads employment says whether they do).
 */
export function mapAwsUser(user: User): SourceUser {
  const attributes: SourceEmployeeAttributes = {
    idpId: user.UserId ?? null,
    username: text(user.UserName),
    email: value(user.Emails)?.toLowerCase() ?? null,
    displayName: text(user.DisplayName) ?? text(user.Name?.Formatted),
    firstName: text(user.Name?.GivenName),
    lastName: text(user.Name?.FamilyName),
    preferredName: text(user.NickName),
    jobTitle: text(user.Title),
    phone: value(user.PhoneNumbers),
    location: text(preferred(user.Addresses)?.Locality),
    timeZone: text(user.Timezone),
  };
  if (user.UserType !== undefined) {
    attributes.employmentType = text(user.UserType) ? employmentTypeOf(user.UserType) : null;
  }
  if (user.UserStatus !== undefined) {
    attributes.status = user.UserStatus === 'DISABLED' ? 'suspended' : 'active';
  }
  const custom: Record<string, unknown> = {};
  const externalIds = (user.ExternalIds ?? []).filter((entry) => entry.Issuer && entry.Id);
  if (externalIds.length > 0)
    custom.awsExternalIds = externalIds.map((entry) => ({ issuer: entry.Issuer, id: entry.Id }));
  if (text(user.PreferredLanguage)) custom.preferredLanguage = text(user.PreferredLanguage);

  let manager: SourceUser['manager'];
  const enterprise = user.Extensions?.[ENTERPRISE_EXTENSION];
  if (isObject(enterprise)) {
    attributes.employeeNumber = text(enterprise.employeeNumber);
    attributes.costCenter = text(enterprise.costCenter);
    attributes.company = text(enterprise.organization);
    attributes.division = text(enterprise.division);
    attributes.department = text(enterprise.department);
    const managerId = isObject(enterprise.manager) ? text(enterprise.manager.value) : null;
    manager = managerId ? { kind: 'externalId', value: managerId } : null;
  }
  if (Object.keys(custom).length > 0) attributes.customAttributes = custom;
  return { externalId: user.UserId ?? '', attributes, ...(manager !== undefined ? { manager } : {}) };
}

/** One identity store group with its complete member list (the store has no nested groups). */
export function mapAwsGroup(group: Group, memberships: GroupMembership[]): SourceGroup {
  const name = text(group.DisplayName) ?? group.GroupId ?? '';
  return {
    externalId: group.GroupId ?? '',
    attributes: {
      name,
      displayName: name,
      description: text(group.Description),
      groupType: 'group',
      isSecurityGroup: true,
    },
    members: memberships
      .map((membership) => membership.MemberId?.UserId)
      .filter((id): id is string => typeof id === 'string' && id !== '')
      .map((externalId) => ({ type: 'user' as const, externalId })),
  };
}
