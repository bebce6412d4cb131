import { DateResolver, DateTimeResolver, JSONResolver } from 'graphql-scalars';
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';

/** Stored lower-case, like the other enums of the graph. */
export enum CustomAttributeType {
  STRING = 'string',
  NUMBER = 'number',
  BOOLEAN = 'boolean',
  DATE = 'date',
  LIST = 'list',
}
registerEnumType(CustomAttributeType, {
  name: 'CustomAttributeType',
  description: 'STRING, NUMBER, BOOLEAN, DATE (YYYY-MM-DD) or LIST (of strings).',
});

@ObjectType('CustomAttributeDefinition', {
  simpleResolvers: true,
  description: 'An attribute your organization defines beyond the standard fields: typed and filterable.',
})
export class CustomAttributeDefinitionType {
  @Field(() => ID)
  id: string;

  @Field({ description: 'The key in customAttributes and in filters.' })
  key: string;

  @Field()
  displayName: string;

  @Field(() => CustomAttributeType)
  type: CustomAttributeType;

  @Field(() => String, { nullable: true })
  description: string | null;

  @Field(() => DateTimeResolver)
  createdAt: Date;

  @Field(() => DateTimeResolver)
  updatedAt: Date;
}

@ObjectType('CustomAttributeDefinitionResult', {
  simpleResolvers: true,
  description: "A definition after a create or an update, and how people's stored values fit its type.",
})
export class CustomAttributeDefinitionResult {
  @Field(() => CustomAttributeDefinitionType)
  definition: CustomAttributeDefinitionType;

  @Field(() => Int, { description: 'People whose stored value converts to the type (filterable).' })
  valuesConverted: number;

  @Field(() => Int, {
    description:
      'People whose stored value does not convert: kept in the JSON customAttributes, left out of filters and typed access.',
  })
  valuesRejected: number;
}

@ObjectType('CustomAttributeMapping', {
  simpleResolvers: true,
  description: "A connection's source field feeding a custom attribute on sync.",
})
export class CustomAttributeMappingType {
  @Field(() => ID)
  connectionId: string;

  @Field({ description: "The field's key in the connector's customAttributes (as the JSON field shows it)." })
  sourceField: string;

  @Field()
  attributeKey: string;
}

@ObjectType('CustomAttributeValue', {
  simpleResolvers: true,
  description: "A person's value of a defined attribute; only the field of its type is set.",
})
export class CustomAttributeValueType {
  @Field()
  key: string;

  @Field()
  displayName: string;

  @Field(() => CustomAttributeType)
  type: CustomAttributeType;

  @Field(() => String, { nullable: true })
  stringValue: string | null;

  @Field(() => Number, { nullable: true })
  numberValue: number | null;

  @Field(() => Boolean, { nullable: true })
  booleanValue: boolean | null;

  @Field(() => DateResolver, { nullable: true })
  dateValue: string | null;

  @Field(() => [String], { nullable: true })
  listValue: string[] | null;
}

@InputType('CustomAttributeDefinitionInput')
export class CustomAttributeDefinitionInput {
  @Field({ description: 'A letter, then letters, digits, "_", "." or "-" (at most 100); unique.' })
  key: string;

  @Field(() => String, { nullable: true, description: 'Defaults to the key.' })
  displayName?: string | null;

  @Field(() => CustomAttributeType)
  type: CustomAttributeType;

  @Field(() => String, { nullable: true })
  description?: string | null;
}

@InputType('CustomAttributeDefinitionChangeInput', { description: 'Fields left out stay as they are.' })
export class CustomAttributeDefinitionChangeInput {
  @Field(() => String, { nullable: true })
  displayName?: string | null;

  @Field(() => CustomAttributeType, {
    nullable: true,
    description: 'A new type re-reads the stored values under it (see valuesRejected).',
  })
  type?: CustomAttributeType | null;

  @Field(() => String, { nullable: true, description: 'An empty string clears it.' })
  description?: string | null;
}

@InputType('CustomAttributeMappingInput')
export class CustomAttributeMappingInput {
  @Field({ description: "The key in the connector's customAttributes." })
  sourceField: string;

  @Field()
  attributeKey: string;
}

@InputType('CustomAttributeFilterInput', {
  description:
    'A condition on a defined attribute; every given operator must hold. Values are of the attribute type: a number for NUMBER, true/false for BOOLEAN, "YYYY-MM-DD" for DATE, a string for STRING and LIST (LIST matches when an element does).',
})
export class CustomAttributeFilterInput {
  @Field()
  key: string;

  @Field(() => JSONResolver, { nullable: true })
  equals?: unknown;

  @Field(() => [JSONResolver], { nullable: true, description: 'Any of these values (1 to 100).' })
  in?: unknown[] | null;

  @Field(() => JSONResolver, { nullable: true, description: 'NUMBER and DATE only.' })
  gt?: unknown;

  @Field(() => JSONResolver, { nullable: true, description: 'NUMBER and DATE only.' })
  gte?: unknown;

  @Field(() => JSONResolver, { nullable: true, description: 'NUMBER and DATE only.' })
  lt?: unknown;

  @Field(() => JSONResolver, { nullable: true, description: 'NUMBER and DATE only.' })
  lte?: unknown;

  @Field(() => Boolean, {
    nullable: true,
    description: 'true: has a value; false: has none (alone). An empty LIST counts as none.',
  })
  exists?: boolean | null;
}
