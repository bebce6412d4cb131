import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DirectorySource, EmploymentStatus, EmploymentType } from './enums';
import { EmployeeType } from './employee.type';

export enum FieldGroup {
  IDENTITY = 'IDENTITY',
  ORG_STRUCTURE = 'ORG_STRUCTURE',
  EMPLOYMENT = 'EMPLOYMENT',
  CUSTOM = 'CUSTOM',
}
registerEnumType(FieldGroup, {
  name: 'FieldGroup',
  description:
    'IDENTITY: e-mail, username, phone, names, idp id, personal e-mail, time zone, user id; ORG_STRUCTURE: manager, department, division, cost center, location, title, company, employee number; EMPLOYMENT: status, type, start and termination dates; CUSTOM: custom attributes, key by key.',
});

export enum ConflictStatus {
  OPEN = 'open',
  RESOLVED = 'resolved',
}
registerEnumType(ConflictStatus, { name: 'IdentityConflictStatus' });

export enum ConflictAction {
  LINK = 'link',
  KEEP_APART = 'keep_apart',
}
registerEnumType(ConflictAction, {
  name: 'IdentityConflictAction',
  description:
    'LINK: the record joins the given person; KEEP_APART: the record becomes a person of its own at the next sync.',
});

@ObjectType('EmployeeSourceRecord', { description: "One source's record of a person." })
export class EmployeeSourceRecordType {
  @Field(() => ID, { nullable: true, description: 'Null for the MANUAL record (edits by an admin).' })
  connectionId: string | null;

  @Field(() => String, { nullable: true })
  connectionName: string | null;

  @Field(() => DirectorySource)
  source: DirectorySource;

  @Field(() => String, { nullable: true })
  externalId: string | null;

  @Field(() => Date, {
    description:
      'When the source last listed this record (a full sync lists every record it has; an incremental sync or a SCIM write only what it sends). For the MANUAL record, the last edit. A record the source stopped listing keeps the time of its last listing.',
  })
  lastSeenAt: Date;

  @Field(() => Date, { description: 'When what this source says of the person last changed.' })
  lastChangedAt: Date;

  @Field(() => [String], {
    description:
      'Employee fields (column names; custom attributes as custom_attributes.<key>) whose shown value this record supplies now.',
  })
  supplies: string[];
}

@ObjectType('IdentityConflict', {
  description: 'A source record that matched several people: held for an admin.',
})
export class IdentityConflictType {
  @Field(() => ID) id: string;
  @Field(() => ID) connectionId: string;
  @Field(() => String) externalId: string;
  @Field(() => [ID]) candidateIds: string[];
  @Field(() => String, { nullable: true }) email: string | null;
  @Field(() => String, { nullable: true }) displayName: string | null;
  @Field(() => String, { description: 'AMBIGUOUS_MATCH: the matching keys name different people.' })
  reason: string;
  @Field(() => ConflictStatus) status: ConflictStatus;
  @Field(() => ConflictAction, { nullable: true }) resolution: ConflictAction | null;
  @Field(() => ID, { nullable: true, description: 'The person a LINK joined it to.' }) employeeId:
    string | null;
  @Field(() => Date) createdAt: Date;
}

@ObjectType('IdentityConflictPage')
export class IdentityConflictPage {
  @Field(() => [IdentityConflictType]) nodes: IdentityConflictType[];
  @Field(() => Boolean) hasNextPage: boolean;
  @Field(() => ID, { nullable: true, description: 'Pass as `after` for the next page.' }) endCursor:
    string | null;
}

@ObjectType('FieldAuthority')
export class FieldAuthorityType {
  @Field(() => FieldGroup) group: FieldGroup;
  @Field(() => [ID], { description: 'The order set for this group (empty: defaults by source kind).' })
  connectionIds: string[];
  @Field(() => [ID], {
    description:
      'The order in force after MANUAL edits: the set order, then other connections by default rank and age.',
  })
  effectiveConnectionIds: string[];
}

@ObjectType('FieldAuthorityChangeSample')
export class FieldAuthorityChangeSample {
  @Field(() => ID) employeeId: string;
  @Field(() => String, { nullable: true }) email: string | null;
  @Field(() => [String]) fields: string[];
}

@ObjectType('FieldAuthorityChange')
export class FieldAuthorityChangeType {
  @Field(() => FieldGroup) group: FieldGroup;
  @Field(() => Boolean) preview: boolean;
  @Field(() => Int, { description: 'People several sources describe, recomputed.' }) peopleRecomputed: number;
  @Field(() => Int, { description: 'Of them, people whose shown values change.' }) peopleChanged: number;
  @Field(() => [FieldAuthorityChangeSample]) sample: FieldAuthorityChangeSample[];
}

@InputType('EmployeeFieldsInput', { description: 'Fields an admin sets by hand (a MANUAL source record).' })
export class EmployeeFieldsInput {
  @Field(() => String, { nullable: true }) email?: string;
  @Field(() => String, { nullable: true }) displayName?: string;
  @Field(() => String, { nullable: true }) firstName?: string;
  @Field(() => String, { nullable: true }) lastName?: string;
  @Field(() => String, { nullable: true }) preferredName?: string;
  @Field(() => String, { nullable: true }) username?: string;
  @Field(() => String, { nullable: true }) phone?: string;
  @Field(() => String, { nullable: true }) personalEmail?: string;
  @Field(() => String, { nullable: true }) timeZone?: string;
  @Field(() => String, { nullable: true }) idpId?: string;
  @Field(() => String, { nullable: true, description: 'The linked ITSM platform user.' }) userId?: string;
  @Field(() => String, { nullable: true }) employeeNumber?: string;
  @Field(() => String, { nullable: true }) jobTitle?: string;
  @Field(() => String, { nullable: true }) department?: string;
  @Field(() => String, { nullable: true }) division?: string;
  @Field(() => String, { nullable: true }) costCenter?: string;
  @Field(() => String, { nullable: true }) location?: string;
  @Field(() => String, { nullable: true }) company?: string;
  @Field(() => EmploymentStatus, { nullable: true }) status?: EmploymentStatus;
  @Field(() => EmploymentType, { nullable: true }) employmentType?: EmploymentType;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' }) startDate?: string;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' }) terminationDate?: string;
  @Field(() => ID, {
    nullable: true,
    description:
      'The manager, a person of the organization; refused if it would close a reporting cycle. Clear with clearEmployeeFields(fields: ["managerId"]).',
  })
  managerId?: string;
}

export { EmployeeType };
