import { DataSource } from 'typeorm';
import {
  AttributeFilterIndexes,
  AttributeFilterIndexOptions,
  DEFAULT_ATTRIBUTE_FILTER_INDEX,
} from './custom-attributes/filter-index';
import { CustomAttributes } from './custom-attributes/service';
import { DepartmentReads } from './departments';
import { EmployeeReads } from './employees';
import { GroupReads } from './groups';
import { HierarchyReads } from './hierarchy';
import { IdentityService } from './identity/service';
import { EmployeeLookup } from './lookup';
import { OrganizationSizes } from './organization-sizes';
import { Sql } from './sql';

/**
 * The directory's read side, one instance per process (org scoping is per call). Its only state
 * is caches: organization sizes and large organizations' attribute filter indexes.
 */
export class Directory {
  readonly employees: EmployeeReads;
  readonly hierarchy: HierarchyReads;
  readonly groups: GroupReads;
  readonly departments: DepartmentReads;
  readonly lookup: EmployeeLookup;
  readonly sizes: OrganizationSizes;
  /** Source records, identity conflicts, field authority, manual edits. */
  readonly identity: IdentityService;
  /** Typed custom attributes: definitions, connection mappings, filter conditions, typed values. */
  readonly customAttributes: CustomAttributes;
  /** Large organizations' custom attribute filters, answered from memory while current. */
  readonly attributeFilterIndexes: AttributeFilterIndexes;

  constructor(dataSource: DataSource, options: { attributeFilterIndex?: AttributeFilterIndexOptions } = {}) {
    const sql = new Sql(dataSource);
    this.sizes = new OrganizationSizes(sql);
    this.attributeFilterIndexes = new AttributeFilterIndexes(
      sql,
      options.attributeFilterIndex ?? DEFAULT_ATTRIBUTE_FILTER_INDEX,
    );
    this.employees = new EmployeeReads(sql, this.sizes, this.attributeFilterIndexes);
    this.hierarchy = new HierarchyReads(sql);
    this.groups = new GroupReads(sql);
    this.departments = new DepartmentReads(sql);
    this.lookup = new EmployeeLookup(sql);
    this.identity = new IdentityService(dataSource);
    this.customAttributes = new CustomAttributes(dataSource);
  }
}

export * from './errors';
export { CustomAttributeError } from './custom-attributes/errors';
export * from './pagination';
export type { EmployeeRecord, EmployeeFilter, ReportScope } from './employees';
export type {
  GroupRecord,
  GroupFilter,
  EmployeeGroupMembership,
  GroupMemberEntry,
  MembershipType,
} from './groups';
export type { ChainLink, OrgChart, OrgChartNode, ReportEntry, ReportsPage } from './hierarchy';
export type { DepartmentRecord } from './departments';
export type { EmployeeMatch, MatchedField } from './lookup';
export { MAX_HIERARCHY_DEPTH } from './hierarchy';
export { LOOKUP_DEFAULT_LIMIT, LOOKUP_MAX_LIMIT } from './lookup';
