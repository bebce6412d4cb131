import { isId } from '../directory';
import { RequestContext, requireOrg } from './context';
import { DirectoryGroupType } from './types/group.type';
import { EmployeeType } from './types/employee.type';
import { UserType } from './types/user.type';

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
    ): Promise<EmployeeType | null> | null {
      requireOrg(context);
      if (typeof reference.id === 'string') {
        return isId(reference.id) ? context.loaders.employeeById.load(reference.id.toLowerCase()) : null;
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
