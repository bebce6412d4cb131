import { registerEnumType } from 'type-graphql';
import { DirectorySource, EmploymentStatus, EmploymentType, GroupType } from '../../entities';

export { DirectorySource, EmploymentStatus, EmploymentType, GroupType };

export enum MembershipType {
  DIRECT = 'direct',
  NESTED = 'nested',
}

export enum MatchedField {
  NAME = 'name',
  EMAIL = 'email',
  EMPLOYEE_ID = 'employee_number',
}

registerEnumType(EmploymentStatus, { name: 'EmploymentStatus', description: 'Employment status.' });
registerEnumType(EmploymentType, { name: 'EmploymentType', description: 'Type of employment.' });
registerEnumType(DirectorySource, {
  name: 'DirectorySource',
  description: 'Identity provider or HR system that owns a record.',
});
registerEnumType(GroupType, { name: 'GroupType', description: 'What a directory group represents.' });
registerEnumType(MembershipType, {
  name: 'MembershipType',
  description: 'DIRECT: a member of the group itself; NESTED: a member through a group nested inside it.',
});
registerEnumType(MatchedField, { name: 'MatchedField', description: 'The field a lookup matched on.' });
