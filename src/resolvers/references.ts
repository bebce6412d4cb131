import { GraphQLFieldResolver, GraphQLResolveInfo, isUnionType } from 'graphql';
import { InvalidInputError, isId } from '../directory';
import { propertyList, propertySet } from '../loaders';
import { requestedEmployeeProperties } from './selection';
import { RequestContext, requireOrg } from './context';
import { DirectoryGroupType } from './types/group.type';
import { EmployeeType } from './types/employee.type';
import { UserType } from './types/user.type';

/** One `_entities` field resolves many representations with the same info: its selection, once. */
const selections = new WeakMap<GraphQLResolveInfo, string[] | null>();
function selectedProperties(info: GraphQLResolveInfo): string[] | null {
  if (!selections.has(info)) selections.set(info, propertyList(requestedEmployeeProperties(info, [])));
  return selections.get(info)!;
}

/** An Employee representation's id as stored, or null when it cannot be one. */
function employeeKey(id: string): string | null {
  return isId(id) ? id.toLowerCase() : null;
}

/**
 * Federation entity resolution (`_entities`). Each representation goes through the request's
 * DataLoaders, so 1,000 representations of one type and key cost one statement (a batch of
 * Employees by id is read directly: batchEmployeeEntities). A malformed or
 * unknown key resolves to null, as the router expects, never to another organization's row.
 */
export const referenceResolvers = {
  Employee: {
    __resolveReference(
      reference: { id?: string; email?: string },
      context: RequestContext,
      info: GraphQLResolveInfo,
    ): Promise<EmployeeType | null> | null {
      requireOrg(context);
      if (typeof reference.id === 'string') {
        const id = employeeKey(reference.id);
        // The router asks 1,000 entities for a few fields: read only those columns.
        return id
          ? (context.loaders.employeeByIdSelecting.load({
              id,
              args: selectedProperties(info),
            }) as Promise<EmployeeType | null>)
          : null;
      }
      if (typeof reference.email === 'string')
        return context.loaders.employeeByEmail.load(reference.email.toLowerCase());
      return null;
    },
  },
  Group: {
    __resolveReference(
      reference: { id?: string },
      context: RequestContext,
    ): Promise<DirectoryGroupType | null> | null {
      requireOrg(context);
      return typeof reference.id === 'string' && isId(reference.id)
        ? context.loaders.groupById.load(reference.id.toLowerCase())
        : null;
    },
  },
  SyncJob: {
    async __resolveReference(reference: { id?: string }, context: RequestContext) {
      requireOrg(context);
      if (
        !context.sync ||
        !context.principal?.roles.includes('admin') ||
        typeof reference.id !== 'string' ||
        !isId(reference.id)
      ) {
        return null;
      }
      return context.sync.jobs.find(context.principal.orgId, reference.id.toLowerCase());
    },
  },
  User: {
    __resolveReference(reference: { id: string }, context: RequestContext): UserType {
      requireOrg(context);
      return { id: reference.id };
    },
  },
};

type EntitiesResolver = GraphQLFieldResolver<unknown, RequestContext, { representations: unknown[] }>;

/**
 * Wraps federation's `_entities` resolver: when every representation is an Employee by id (the
 * router's usual batch), they are read in one statement and returned as values, not as one
 * DataLoader promise and one typename promise each. Anything else goes the general way.
 */
export function batchEmployeeEntities(general: EntitiesResolver): EntitiesResolver {
  return (source, args, context, info) => {
    assertKnownEntities(args.representations, info);
    const references = args.representations as { __typename?: unknown; id?: unknown }[];
    if (
      !references.every(
        (reference) => reference.__typename === 'Employee' && typeof reference.id === 'string',
      )
    )
      return general(source, args, context, info);
    const orgId = requireOrg(context);
    const ids = references.map(({ id }) => employeeKey(id as string));
    const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
    return context.directory.employees
      .byIds(orgId, wanted, propertySet(selectedProperties(info)))
      .then((rows) => {
        const byId = new Map(rows.map((row) => [row.id, row]));
        return ids.map((id) => {
          const row = id === null ? undefined : byId.get(id);
          // Non-enumerable, as Apollo's own entity resolver sets it.
          return row ? Object.defineProperty(row, '__typename', { value: 'Employee' }) : null;
        });
      });
  };
}

/** The entity types this subgraph resolves, per schema. */
const entityTypeNames = new WeakMap<GraphQLResolveInfo['schema'], ReadonlySet<string>>();

/**
 * Every representation must name one of our entity types: federation's own resolver throws a
 * plain Error for anything else, which would reach the caller as an internal error.
 */
function assertKnownEntities(representations: readonly unknown[], info: GraphQLResolveInfo): void {
  let known = entityTypeNames.get(info.schema);
  if (!known) {
    const union = info.schema.getType('_Entity');
    known = new Set(isUnionType(union) ? union.getTypes().map((type) => type.name) : []);
    entityTypeNames.set(info.schema, known);
  }
  representations.forEach((representation, index) => {
    const typename =
      representation !== null && typeof representation === 'object'
        ? (representation as { __typename?: unknown }).__typename
        : undefined;
    if (typeof typename !== 'string' || !known.has(typename)) {
      const shown = typeof typename === 'string' ? `"${typename.slice(0, 64)}"` : 'no __typename';
      throw new InvalidInputError(
        `representations[${index}] has ${typeof typename === 'string' ? `the unknown type ${shown}` : shown}`,
        'representations',
      );
    }
  });
}
