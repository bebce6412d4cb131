import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { assertId } from '../directory';
import { CustomAttributeError } from '../directory/custom-attributes';
import { RequestContext, requireOrg } from './context';
import { requireAdminOrg } from './identity.resolver';
import {
  CustomAttributeDefinitionChangeInput,
  CustomAttributeDefinitionInput,
  CustomAttributeDefinitionResult,
  CustomAttributeDefinitionType,
  CustomAttributeMappingInput,
  CustomAttributeMappingType,
  CustomAttributeValueType,
} from './types/custom-attribute.type';
import { EmployeeType } from './types/employee.type';

@Resolver(() => EmployeeType)
export class EmployeeCustomAttributesResolver {
  @FieldResolver(() => [CustomAttributeValueType], {
    description:
      "The person's values of the organization's defined attributes, typed, by key (customAttributes keeps the raw JSON).",
  })
  async customAttributeValues(
    @Root() employee: EmployeeType,
    @Ctx() context: RequestContext,
  ): Promise<CustomAttributeValueType[]> {
    return (await context.loaders.customAttributeValues.load(employee.id)) as CustomAttributeValueType[];
  }

  @FieldResolver(() => CustomAttributeValueType, {
    nullable: true,
    description: 'One defined attribute, typed; null when the person has no value of it.',
  })
  async customAttribute(
    @Root() employee: EmployeeType,
    @Arg('key') key: string,
    @Ctx() context: RequestContext,
  ): Promise<CustomAttributeValueType | null> {
    const [definition, values] = await Promise.all([
      context.loaders.customAttributeDefinitions.load(key),
      context.loaders.customAttributeValues.load(employee.id),
    ]);
    if (!definition)
      throw new CustomAttributeError(
        'UNKNOWN_CUSTOM_ATTRIBUTE',
        `your organization defines no custom attribute "${key.slice(0, 100)}"`,
        'key',
      );
    return (values.find((value) => value.key === key) as CustomAttributeValueType | undefined) ?? null;
  }
}

@Resolver()
export class CustomAttributeResolver {
  @Query(() => [CustomAttributeDefinitionType], {
    description: "Your organization's custom attribute definitions, by key.",
  })
  async customAttributeDefinitions(@Ctx() context: RequestContext): Promise<CustomAttributeDefinitionType[]> {
    const orgId = requireOrg(context);
    return (await context.directory.customAttributes.list(orgId)) as CustomAttributeDefinitionType[];
  }

  @Mutation(() => CustomAttributeDefinitionResult, {
    description:
      'Defines a custom attribute; values people already have under its key are typed at once (admin).',
  })
  async createCustomAttributeDefinition(
    @Arg('input', () => CustomAttributeDefinitionInput) input: CustomAttributeDefinitionInput,
    @Ctx() context: RequestContext,
  ): Promise<CustomAttributeDefinitionResult> {
    const orgId = requireAdminOrg(context);
    return (await context.directory.customAttributes.create(orgId, input)) as CustomAttributeDefinitionResult;
  }

  @Mutation(() => CustomAttributeDefinitionResult, {
    description:
      'Changes a definition; a new type re-reads the stored values, and those that do not convert are counted in valuesRejected (admin).',
  })
  async updateCustomAttributeDefinition(
    @Arg('key') key: string,
    @Arg('input', () => CustomAttributeDefinitionChangeInput) input: CustomAttributeDefinitionChangeInput,
    @Ctx() context: RequestContext,
  ): Promise<CustomAttributeDefinitionResult> {
    const orgId = requireAdminOrg(context);
    return (await context.directory.customAttributes.update(
      orgId,
      key,
      input,
    )) as CustomAttributeDefinitionResult;
  }

  @Mutation(() => Boolean, {
    description:
      'Removes a definition and the mappings to it; the values stay in the JSON customAttributes (admin).',
  })
  async deleteCustomAttributeDefinition(
    @Arg('key') key: string,
    @Ctx() context: RequestContext,
  ): Promise<boolean> {
    const orgId = requireAdminOrg(context);
    await context.directory.customAttributes.delete(orgId, key);
    return true;
  }

  @Query(() => [CustomAttributeMappingType], {
    description: "A connection's mappings from source fields to custom attributes (admin).",
  })
  async customAttributeMappings(
    @Arg('connectionId', () => ID) connectionId: string,
    @Ctx() context: RequestContext,
  ): Promise<CustomAttributeMappingType[]> {
    const orgId = requireAdminOrg(context);
    return context.directory.customAttributes.mappings(orgId, assertId(connectionId, 'connectionId'));
  }

  @Mutation(() => [CustomAttributeMappingType], {
    description: "Replaces a connection's mappings; they apply from its next sync (admin).",
  })
  async setCustomAttributeMappings(
    @Arg('connectionId', () => ID) connectionId: string,
    @Arg('mappings', () => [CustomAttributeMappingInput]) mappings: CustomAttributeMappingInput[],
    @Ctx() context: RequestContext,
  ): Promise<CustomAttributeMappingType[]> {
    const orgId = requireAdminOrg(context);
    return context.directory.customAttributes.setMappings(
      orgId,
      assertId(connectionId, 'connectionId'),
      mappings,
    );
  }
}
