import { SourceUser } from '../../connectors/types';
import { SyncRecordError } from '../../entities';
import { convertValue, CustomAttributeType } from './values';

/** A connection's rule: the source field (a key of the connector's customAttributes) feeding a definition. */
export interface MappingRule {
  sourceField: string;
  definitionId: string;
}

interface Definition {
  id: string;
  key: string;
  type: CustomAttributeType;
}

/** The record-error code of a custom attribute value that does not convert (the person is still applied). */
export const INVALID_CUSTOM_ATTRIBUTE = 'INVALID_CUSTOM_ATTRIBUTE';

/**
 * What one sync of one connection does with the custom attributes its connector reads:
 * - a source field the connection maps is moved to the definition's key and converted to its type;
 * - a source field named like a definition's key (and not mapped elsewhere) is converted in place;
 * - any other field is kept as it is (as before definitions existed): in the JSON only, untyped;
 * - a value that does not convert is left out of the record and reported; the rest of the record applies
 *   (and, as custom attributes merge key by key, a value stored before stays; a source clears one with null).
 * When a connection maps a field onto an attribute, a same-named field of that connection is dropped:
 * the mapping decides where the attribute comes from.
 */
export class CustomAttributeMapper {
  private readonly byField = new Map<string, Definition>();
  private readonly byKey = new Map<string, Definition>();
  private readonly mappedIds = new Set<string>();

  constructor(definitions: readonly Definition[], rules: readonly MappingRule[]) {
    const byId = new Map(definitions.map((definition) => [definition.id, definition]));
    for (const definition of definitions) this.byKey.set(definition.key, definition);
    for (const rule of rules) {
      const definition = byId.get(rule.definitionId);
      if (!definition) continue;
      this.byField.set(rule.sourceField, definition);
      this.mappedIds.add(definition.id);
    }
  }

  /** Nothing to do: the organization defines no attribute. */
  get idle(): boolean {
    return this.byKey.size === 0;
  }

  /** Rewrites the user's customAttributes in place; returns a problem per value that did not convert. */
  apply(user: SourceUser): SyncRecordError[] {
    const custom = user.attributes?.customAttributes;
    if (this.idle || user.removed || !custom || typeof custom !== 'object' || Array.isArray(custom))
      return [];
    const problems: SyncRecordError[] = [];
    const out: Record<string, unknown> = {};
    const put = (definition: Definition, field: string, value: unknown) => {
      const converted = convertValue(definition.type, value);
      if (converted.ok) {
        out[definition.key] = converted.value;
        return;
      }
      problems.push({
        code: INVALID_CUSTOM_ATTRIBUTE,
        message: `custom attribute "${definition.key}" (${definition.type.toUpperCase()}) from source field "${field}": ${converted.reason}; left out (a value stored before stays), the rest of the record applied`,
        externalId: typeof user.externalId === 'string' ? user.externalId : null,
      });
    };
    for (const [field, value] of Object.entries(custom)) {
      if (this.byField.has(field)) continue;
      const definition = this.byKey.get(field);
      if (!definition) out[field] = value;
      else if (!this.mappedIds.has(definition.id)) put(definition, field, value);
    }
    for (const [field, definition] of this.byField)
      if (Object.prototype.hasOwnProperty.call(custom, field)) put(definition, field, custom[field]);
    user.attributes.customAttributes = out;
    return problems;
  }
}
