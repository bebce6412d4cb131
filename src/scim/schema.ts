/**
 * The SCIM schemas this service provider serves (RFC 7643 §4, §8.7): the attributes it stores,
 * and a few it accepts and ignores because clients send them by default (Entra ID maps the whole
 * work address, Okta sends a password). One table drives attribute lookup for filters, PATCH paths,
 * `attributes`/`excludedAttributes`, `sortBy`, and the /Schemas document.
 */
export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const ENTERPRISE_SCHEMA = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const LIST_RESPONSE = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
export const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
export const SEARCH_REQUEST = 'urn:ietf:params:scim:api:messages:2.0:SearchRequest';

export type AttributeType = 'string' | 'boolean' | 'dateTime' | 'reference' | 'complex';
export type Mutability = 'readOnly' | 'readWrite' | 'immutable' | 'writeOnly';
export type Returned = 'always' | 'never' | 'default' | 'request';

export interface AttributeDef {
  name: string;
  type: AttributeType;
  multiValued: boolean;
  description: string;
  required: boolean;
  caseExact: boolean;
  mutability: Mutability;
  returned: Returned;
  uniqueness: 'none' | 'server';
  canonicalValues?: string[];
  referenceTypes?: string[];
  subAttributes?: AttributeDef[];
  /** Accepted on writes and then dropped: there is nowhere to keep it (not part of /Schemas output). */
  ignored?: boolean;
}

export interface SchemaDef {
  id: string;
  name: string;
  description: string;
  attributes: AttributeDef[];
}

export interface ResourceTypeDef {
  name: 'User' | 'Group';
  endpoint: '/Users' | '/Groups';
  description: string;
  core: SchemaDef;
  extensions: SchemaDef[];
}

type Options = Partial<Omit<AttributeDef, 'name' | 'type' | 'description'>>;

function attr(name: string, type: AttributeType, description: string, options: Options = {}): AttributeDef {
  return {
    name,
    type,
    description,
    multiValued: false,
    required: false,
    caseExact: false,
    mutability: 'readWrite',
    returned: 'default',
    uniqueness: 'none',
    ...options,
  };
}

const typeAttr = (values: string[]) =>
  attr('type', 'string', 'A label indicating the function of the value.', { canonicalValues: values });
const primaryAttr = attr('primary', 'boolean', 'Whether this is the preferred value.');

/** id, externalId and meta: on every resource (RFC 7643 §3.1). */
export const COMMON_ATTRIBUTES: AttributeDef[] = [
  attr('id', 'string', 'Unique identifier of the resource, assigned by the service provider.', {
    caseExact: true,
    mutability: 'readOnly',
    returned: 'always',
    uniqueness: 'server',
  }),
  attr('externalId', 'string', "The provisioning client's identifier for the resource.", {
    caseExact: true,
  }),
  attr('meta', 'complex', 'Resource metadata.', {
    mutability: 'readOnly',
    subAttributes: [
      attr('resourceType', 'string', 'User or Group.', { caseExact: true, mutability: 'readOnly' }),
      attr('created', 'dateTime', 'When the resource was added.', { mutability: 'readOnly' }),
      attr('lastModified', 'dateTime', 'When the resource last changed.', { mutability: 'readOnly' }),
      attr('location', 'reference', 'URI of the resource.', {
        caseExact: true,
        mutability: 'readOnly',
        referenceTypes: ['uri'],
      }),
      attr('version', 'string', 'Weak entity tag of the resource.', {
        caseExact: true,
        mutability: 'readOnly',
      }),
    ],
  }),
];

export const USER_CORE: SchemaDef = {
  id: USER_SCHEMA,
  name: 'User',
  description: 'User Account',
  attributes: [
    attr('userName', 'string', 'Unique identifier for the User, typically used to sign in. REQUIRED.', {
      required: true,
      uniqueness: 'server',
    }),
    attr('name', 'complex', "The components of the user's name.", {
      subAttributes: [
        attr('formatted', 'string', 'The full name, as sent (else derived from the given and family names).'),
        attr('familyName', 'string', 'The family name.'),
        attr('givenName', 'string', 'The given name.'),
        attr('middleName', 'string', 'Middle name.'),
        attr('honorificPrefix', 'string', 'Honorific prefix.'),
        attr('honorificSuffix', 'string', 'Honorific suffix.'),
      ],
    }),
    attr('displayName', 'string', 'The name of the User, suitable for display.'),
    attr('nickName', 'string', 'The casual way to address the user (stored as the preferred name).'),
    attr('title', 'string', "The user's job title."),
    attr(
      'userType',
      'string',
      'Relationship to the organization; full_time, part_time, contractor, intern, temporary or freelance also set the employment type.',
    ),
    attr('preferredLanguage', 'string', 'Preferred written or spoken language (RFC 7231 language tag).'),
    attr('locale', 'string', 'Default location for localisation (e.g. en-US).'),
    attr('timezone', 'string', 'Time zone, IANA format (e.g. America/Los_Angeles).'),
    attr(
      'active',
      'boolean',
      'Whether the user is active; false disables or deletes the person, per the connection.',
    ),
    attr('password', 'string', 'Accepted and discarded: the directory keeps no passwords.', {
      mutability: 'writeOnly',
      returned: 'never',
      caseExact: true,
    }),
    attr(
      'emails',
      'complex',
      'Email addresses, all kept as sent; the primary (or work) one is the directory email, a home one the personal email.',
      {
        multiValued: true,
        subAttributes: [
          attr(
            'value',
            'string',
            'Email address. Not unique: several users may share one (an admin account, a shared mailbox); a user may have none.',
          ),
          attr('display', 'string', 'Display value.'),
          typeAttr(['work', 'home', 'other']),
          primaryAttr,
        ],
      },
    ),
    attr('phoneNumbers', 'complex', 'Phone numbers; the work (or primary) one is kept.', {
      multiValued: true,
      subAttributes: [
        attr('value', 'string', 'Phone number.'),
        attr('display', 'string', 'Display value (accepted, not stored).', { ignored: true }),
        typeAttr(['work', 'mobile', 'fax', 'pager', 'home', 'other']),
        primaryAttr,
      ],
    }),
    attr(
      'addresses',
      'complex',
      'Physical addresses, all kept as sent; the locality of the work (or primary, not home) address is the location.',
      {
        multiValued: true,
        subAttributes: [
          attr('locality', 'string', 'City or locality.'),
          attr('formatted', 'string', 'Full mailing address.'),
          attr('streetAddress', 'string', 'Street address.'),
          attr('region', 'string', 'State or region.'),
          attr('postalCode', 'string', 'Postal code.'),
          attr('country', 'string', 'Country (ISO 3166-1 alpha-2).'),
          typeAttr(['work', 'home', 'other']),
          primaryAttr,
        ],
      },
    ),
    attr('profileUrl', 'reference', "A URI of the user's online profile.", { referenceTypes: ['external'] }),
    attr('photos', 'complex', 'URIs of photos of the user, kept as sent.', {
      multiValued: true,
      subAttributes: [
        attr('value', 'reference', 'URI of a photo.', { referenceTypes: ['external'] }),
        attr('display', 'string', 'Display value.'),
        typeAttr(['photo', 'thumbnail']),
        primaryAttr,
      ],
    }),
    attr('groups', 'complex', 'Groups of this connection the user is a direct member of.', {
      multiValued: true,
      mutability: 'readOnly',
      subAttributes: [
        attr('value', 'string', 'The id of the group.', { caseExact: true, mutability: 'readOnly' }),
        attr('$ref', 'reference', 'The URI of the group.', {
          caseExact: true,
          mutability: 'readOnly',
          referenceTypes: ['Group'],
        }),
        attr('display', 'string', 'The name of the group.', { mutability: 'readOnly' }),
        attr('type', 'string', 'direct', { mutability: 'readOnly', canonicalValues: ['direct'] }),
      ],
    }),
  ],
};

export const ENTERPRISE_USER: SchemaDef = {
  id: ENTERPRISE_SCHEMA,
  name: 'EnterpriseUser',
  description: 'Enterprise User',
  attributes: [
    attr('employeeNumber', 'string', 'Identifier assigned to the person by the organization.'),
    attr('costCenter', 'string', 'Cost center.'),
    attr('organization', 'string', 'Organization (stored as the company).'),
    attr('division', 'string', 'Division.'),
    attr('department', 'string', 'Department.'),
    attr('manager', 'complex', "The user's manager.", {
      subAttributes: [
        attr(
          'value',
          'string',
          "The id of the manager's User resource (or, for a manager not provisioned yet, an email or employee number).",
          {
            caseExact: true,
          },
        ),
        attr('$ref', 'reference', "The URI of the manager's User resource.", {
          caseExact: true,
          referenceTypes: ['User'],
        }),
        attr('displayName', 'string', "The manager's display name.", { mutability: 'readOnly' }),
      ],
    }),
  ],
};

export const GROUP_CORE: SchemaDef = {
  id: GROUP_SCHEMA,
  name: 'Group',
  description: 'Group',
  attributes: [
    attr('displayName', 'string', 'A human-readable name for the Group. REQUIRED.', { required: true }),
    attr('members', 'complex', 'Users and groups of this connection that are direct members.', {
      multiValued: true,
      returned: 'default',
      subAttributes: [
        attr('value', 'string', 'The id of the member resource.', {
          caseExact: true,
          mutability: 'immutable',
        }),
        attr('$ref', 'reference', 'The URI of the member resource.', {
          caseExact: true,
          mutability: 'immutable',
          referenceTypes: ['User', 'Group'],
        }),
        attr('display', 'string', 'The name of the member.', { mutability: 'readOnly' }),
        attr('type', 'string', 'User or Group.', {
          mutability: 'immutable',
          canonicalValues: ['User', 'Group'],
        }),
      ],
    }),
  ],
};

export const USER_TYPE: ResourceTypeDef = {
  name: 'User',
  endpoint: '/Users',
  description: 'People of the directory, provisioned by this connection',
  core: USER_CORE,
  extensions: [ENTERPRISE_USER],
};

export const GROUP_TYPE: ResourceTypeDef = {
  name: 'Group',
  endpoint: '/Groups',
  description: 'Groups of the directory, provisioned by this connection',
  core: GROUP_CORE,
  extensions: [],
};

export const RESOURCE_TYPES = [USER_TYPE, GROUP_TYPE];

/** An attribute path resolved against a resource type. */
export interface ResolvedAttribute {
  /** The schema URN the attribute belongs to (the core schema for id, externalId and meta). */
  schema: string;
  /** Whether the attribute lives in an extension (nested under the schema URN in a resource). */
  extension: boolean;
  attribute: AttributeDef;
  sub: AttributeDef | null;
}

const byName = (attributes: AttributeDef[], name: string) =>
  attributes.find((candidate) => candidate.name.toLowerCase() === name.toLowerCase());

/** The schema a URN-prefixed path starts with, and the rest of the path. */
export function splitUrn(type: ResourceTypeDef, path: string): { schema: SchemaDef; rest: string } | null {
  const lower = path.toLowerCase();
  if (!lower.startsWith('urn:')) return null;
  for (const schema of [type.core, ...type.extensions]) {
    const id = schema.id.toLowerCase();
    if (lower === id) return { schema, rest: '' };
    if (lower.startsWith(`${id}:`)) return { schema, rest: path.slice(id.length + 1) };
  }
  return null;
}

/**
 * Resolves "attr", "attr.sub" or "urn:…:attr[.sub]" (names case-insensitive). An unprefixed name
 * that the core schema lacks is looked up in the extensions too: clients send "manager" and
 * "department" for the enterprise attributes.
 */
export function resolveAttribute(type: ResourceTypeDef, path: string): ResolvedAttribute | null {
  let candidates: SchemaDef[];
  let rest = path;
  const urn = splitUrn(type, path);
  if (urn) {
    if (!urn.rest) return null;
    candidates = [urn.schema];
    rest = urn.rest;
  } else if (path.toLowerCase().startsWith('urn:')) {
    return null;
  } else {
    candidates = [type.core, ...type.extensions];
  }
  const parts = rest.split('.');
  if (parts.length > 2 || parts.some((part) => part === '')) return null;
  for (const schema of candidates) {
    const pool = schema === type.core ? [...COMMON_ATTRIBUTES, ...schema.attributes] : schema.attributes;
    const attribute = byName(pool, parts[0]);
    if (!attribute) continue;
    if (parts.length === 1)
      return { schema: schema.id, extension: schema !== type.core, attribute, sub: null };
    const sub = attribute.subAttributes ? byName(attribute.subAttributes, parts[1]) : undefined;
    if (!sub) return null;
    return { schema: schema.id, extension: schema !== type.core, attribute, sub };
  }
  return null;
}

/** The sub-attribute of a multi-valued complex attribute, for value filters ("emails[type eq …]"). */
export function resolveSubAttribute(attribute: AttributeDef, name: string): AttributeDef | null {
  return (attribute.subAttributes && byName(attribute.subAttributes, name)) ?? null;
}

/** The RFC 7643 §7 representation of a schema, for /Schemas. */
export function schemaDocument(schema: SchemaDef, location: string): Record<string, unknown> {
  const describe = (attribute: AttributeDef): Record<string, unknown> => ({
    name: attribute.name,
    type: attribute.type,
    multiValued: attribute.multiValued,
    description: attribute.description,
    required: attribute.required,
    caseExact: attribute.caseExact,
    mutability: attribute.mutability,
    returned: attribute.returned,
    uniqueness: attribute.uniqueness,
    ...(attribute.canonicalValues ? { canonicalValues: attribute.canonicalValues } : {}),
    ...(attribute.referenceTypes ? { referenceTypes: attribute.referenceTypes } : {}),
    ...(attribute.subAttributes
      ? { subAttributes: attribute.subAttributes.filter((sub) => !sub.ignored).map(describe) }
      : {}),
  });
  return {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:Schema'],
    id: schema.id,
    name: schema.name,
    description: schema.description,
    attributes: schema.attributes.filter((attribute) => !attribute.ignored).map(describe),
    meta: { resourceType: 'Schema', location },
  };
}
