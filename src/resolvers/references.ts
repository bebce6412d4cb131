import { GraphQLResolveInfo } from 'graphql';
import { isId } from '../directory';
import { propertyList } from '../loaders';
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

/**
 * Federation entity resolution (`_entities`). Each representation goes through the request's
 * DataLoaders, so 1,000 representations of one type and key cost one statement. A malformed or
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
        if (!isId(reference.id)) return null;
        // The router asks 1,000 entities for a few fields: read only those columns.
        return context.loaders.employeeByIdSelecting.load({
          id: reference.id.toLowerCase(),
          args: selectedProperties(info),
        }) as Promise<EmployeeType | null>;
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
