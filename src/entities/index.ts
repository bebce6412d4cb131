import { Employee } from './employee.entity';
import { DirectoryGroup } from './group.entity';
import { GroupMember } from './group-member.entity';
import { GroupNesting } from './group-nesting.entity';
import { Organization } from './organization.entity';
import { DirectoryInit1732300000000 } from './migrations/1732300000000-directory-init';

export * from './enums';
export { Employee, DirectoryGroup, GroupMember, GroupNesting, Organization };

export const ENTITIES = [Organization, Employee, DirectoryGroup, GroupMember, GroupNesting];
/** Migrations in the order they run. */
export const MIGRATIONS = [DirectoryInit1732300000000];
