import { BULK_MAX_OPERATIONS, BULK_MAX_PAYLOAD } from './bulk';
import { MAX_COUNT } from './projection';
import { LIST_RESPONSE, RESOURCE_TYPES, ResourceTypeDef, schemaDocument, SchemaDef } from './schema';

/** /ServiceProviderConfig (RFC 7643 §5). */
export function serviceProviderConfig(base: string): Record<string, unknown> {
  return {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'],
    documentationUri: 'https://datatracker.ietf.org/doc/html/rfc7644',
    patch: { supported: true },
    bulk: { supported: true, maxOperations: BULK_MAX_OPERATIONS, maxPayloadSize: BULK_MAX_PAYLOAD },
    filter: { supported: true, maxResults: MAX_COUNT },
    changePassword: { supported: false },
    sort: { supported: true },
    etag: { supported: true },
    authenticationSchemes: [
      {
        type: 'oauthbearertoken',
        name: 'Bearer token',
        description: "A connection's SCIM token (scim_…), created with the createScimToken mutation.",
        specUri: 'https://datatracker.ietf.org/doc/html/rfc6750',
        primary: true,
      },
    ],
    meta: { resourceType: 'ServiceProviderConfig', location: `${base}/ServiceProviderConfig` },
  };
}

function allSchemas(): SchemaDef[] {
  const seen = new Map<string, SchemaDef>();
  for (const type of RESOURCE_TYPES)
    for (const schema of [type.core, ...type.extensions]) seen.set(schema.id, schema);
  return [...seen.values()];
}

export function schemasList(base: string): Record<string, unknown> {
  const resources = allSchemas().map((schema) => schemaDocument(schema, `${base}/Schemas/${schema.id}`));
  return {
    schemas: [LIST_RESPONSE],
    totalResults: resources.length,
    startIndex: 1,
    itemsPerPage: resources.length,
    Resources: resources,
  };
}

export function schemaById(base: string, id: string): Record<string, unknown> | null {
  const schema = allSchemas().find((candidate) => candidate.id.toLowerCase() === id.toLowerCase());
  return schema ? schemaDocument(schema, `${base}/Schemas/${schema.id}`) : null;
}

function resourceTypeDocument(type: ResourceTypeDef, base: string): Record<string, unknown> {
  return {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:ResourceType'],
    id: type.name,
    name: type.name,
    endpoint: type.endpoint,
    description: type.description,
    schema: type.core.id,
    schemaExtensions: type.extensions.map((extension) => ({ schema: extension.id, required: false })),
    meta: { resourceType: 'ResourceType', location: `${base}/ResourceTypes/${type.name}` },
  };
}

export function resourceTypesList(base: string): Record<string, unknown> {
  const resources = RESOURCE_TYPES.map((type) => resourceTypeDocument(type, base));
  return {
    schemas: [LIST_RESPONSE],
    totalResults: resources.length,
    startIndex: 1,
    itemsPerPage: resources.length,
    Resources: resources,
  };
}

export function resourceTypeById(base: string, id: string): Record<string, unknown> | null {
  const type = RESOURCE_TYPES.find((candidate) => candidate.name.toLowerCase() === id.toLowerCase());
  return type ? resourceTypeDocument(type, base) : null;
}
