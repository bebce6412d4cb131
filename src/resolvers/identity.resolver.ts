import { GraphQLError } from 'graphql';
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { isAdmin } from '../auth/principal';
import { assertId, EmployeeRecord } from '../directory';
import { RequestContext, requireOrg } from './context';
import { EmployeeType } from './types/employee.type';
import {
  ConflictAction,
  ConflictStatus,
  EmployeeFieldsInput,
  EmployeeSourceRecordType,
  FieldAuthorityChangeType,
  FieldAuthorityType,
  FieldGroup,
  IdentityConflictPage,
  IdentityConflictType,
} from './types/identity.type';

/** The caller's organization, for an admin (these work without the sync side too). */
export function requireAdminOrg(context: RequestContext): string {
  const orgId = requireOrg(context);
  if (!isAdmin(context.principal!))
    throw new GraphQLError('This needs the admin role', {
      extensions: { code: 'FORBIDDEN', http: { status: 403 } },
    });
  return orgId;
}

@Resolver(() => EmployeeType)
export class EmployeeSourcesResolver {
  @FieldResolver(() => [EmployeeSourceRecordType], {
    description:
      "The person's source records: each connection's (and a MANUAL) view, and the fields each supplies now.",
  })
  async sources(
    @Root() employee: EmployeeType,
    @Ctx() context: RequestContext,
  ): Promise<EmployeeSourceRecordType[]> {
    return (await context.loaders.employeeSources.load(employee.id)) as EmployeeSourceRecordType[];
  }
}

@Resolver()
export class IdentityResolver {
  @Query(() => IdentityConflictPage, {
    description: 'Source records held because they matched several people (admin).',
  })
  async identityConflicts(
    @Arg('status', () => ConflictStatus, { nullable: true }) status: ConflictStatus | null,
    @Arg('first', () => Int, { defaultValue: 25 }) first: number,
    @Arg('after', () => ID, { nullable: true }) after: string | null,
    @Ctx() context: RequestContext,
  ): Promise<IdentityConflictPage> {
    const orgId = requireAdminOrg(context);
    const page = await context.directory.identity.conflicts(
      orgId,
      status,
      first,
      after ? assertId(after, 'after') : null,
    );
    return {
      nodes: page.items as IdentityConflictType[],
      hasNextPage: page.hasNextPage,
      endCursor: page.items.at(-1)?.id ?? null,
    };
  }

  @Mutation(() => IdentityConflictType, {
    description:
      'LINK joins the held record to employeeId; KEEP_APART makes it a person of its own at the next sync (admin).',
  })
  async resolveIdentityConflict(
    @Arg('id', () => ID) id: string,
    @Arg('action', () => ConflictAction) action: ConflictAction,
    @Arg('employeeId', () => ID, { nullable: true }) employeeId: string | null,
    @Ctx() context: RequestContext,
  ): Promise<IdentityConflictType> {
    const orgId = requireAdminOrg(context);
    return (await context.directory.identity.resolveConflict(
      orgId,
      assertId(id, 'id'),
      action,
      employeeId ? assertId(employeeId, 'employeeId') : null,
    )) as IdentityConflictType;
  }

  @Query(() => [FieldAuthorityType], { description: 'The order of connections per field group (admin).' })
  async fieldAuthority(@Ctx() context: RequestContext): Promise<FieldAuthorityType[]> {
    const orgId = requireAdminOrg(context);
    return (await context.directory.identity.authority(orgId)) as FieldAuthorityType[];
  }

  @Mutation(() => FieldAuthorityChangeType, {
    description:
      'Sets the order of connections for a field group and recomputes the people concerned; preview: the same, rolled back (admin).',
  })
  async setFieldAuthority(
    @Arg('group', () => FieldGroup) group: FieldGroup,
    @Arg('connectionIds', () => [ID]) connectionIds: string[],
    @Arg('preview', { defaultValue: false }) preview: boolean,
    @Ctx() context: RequestContext,
  ): Promise<FieldAuthorityChangeType> {
    const orgId = requireAdminOrg(context);
    return (await context.directory.identity.setAuthority(
      orgId,
      group,
      connectionIds.map((id) => assertId(id, 'connectionIds')),
      preview,
    )) as FieldAuthorityChangeType;
  }

  @Mutation(() => EmployeeType, {
    description:
      'Sets fields of a person by hand: a MANUAL source record that leads by default and survives syncs (admin).',
  })
  async setEmployeeFields(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => EmployeeFieldsInput) input: EmployeeFieldsInput,
    @Ctx() context: RequestContext,
  ): Promise<EmployeeRecord> {
    const orgId = requireAdminOrg(context);
    const employeeId = assertId(id, 'id');
    await context.directory.identity.setFields(orgId, employeeId, { ...input });
    return this.reload(context, orgId, employeeId);
  }

  @Mutation(() => EmployeeType, {
    description: "Takes fields out of a person's MANUAL record: the sources' values show again (admin).",
  })
  async clearEmployeeFields(
    @Arg('id', () => ID) id: string,
    @Arg('fields', () => [String], { description: 'Field names as in EmployeeFieldsInput.' })
    fields: string[],
    @Ctx() context: RequestContext,
  ): Promise<EmployeeRecord> {
    const orgId = requireAdminOrg(context);
    const employeeId = assertId(id, 'id');
    await context.directory.identity.clearFields(orgId, employeeId, fields);
    return this.reload(context, orgId, employeeId);
  }

  @Mutation(() => EmployeeType, {
    description: 'Creates a person by hand: a MANUAL source record only (admin).',
  })
  async createEmployee(
    @Arg('input', () => EmployeeFieldsInput) input: EmployeeFieldsInput,
    @Ctx() context: RequestContext,
  ): Promise<EmployeeRecord> {
    const orgId = requireAdminOrg(context);
    const id = await context.directory.identity.createPerson(orgId, { ...input });
    return this.reload(context, orgId, id);
  }

  private async reload(context: RequestContext, orgId: string, id: string): Promise<EmployeeRecord> {
    const [row] = await context.directory.employees.byIds(orgId, [id]);
    return row;
  }
}
