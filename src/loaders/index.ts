import DataLoader from 'dataloader';
import {
  ChainLink,
  DepartmentRecord,
  Directory,
  EmployeeGroupMembership,
  EmployeeRecord,
  GroupMemberEntry,
  GroupRecord,
  Page,
  PageRequest,
  ReportScope,
  ReportsPage,
} from '../directory';
import { CustomAttributeDefinitionRecord } from '../directory/custom-attributes';

/**
 * A loader for fields with arguments: keys that share the same arguments are fetched together in
 * one statement; different argument sets (rare in one query) get one statement each.
 */
function argumentLoader<A, V>(
  fetch: (ids: string[], args: A) => Promise<Map<string, V>>,
  missing: () => V,
): DataLoader<{ id: string; args: A }, V, string> {
  return new DataLoader(
    async (keys) => {
      const groups = new Map<string, { args: A; ids: string[] }>();
      for (const key of keys) {
        const signature = signatureOf(key.args);
        const group = groups.get(signature) ?? { args: key.args, ids: [] };
        group.ids.push(key.id);
        groups.set(signature, group);
      }
      const results = new Map<string, Map<string, V>>();
      await Promise.all(
        [...groups].map(async ([signature, group]) => {
          results.set(signature, await fetch([...new Set(group.ids)], group.args));
        }),
      );
      return keys.map((key) => results.get(signatureOf(key.args))?.get(key.id) ?? missing());
    },
    { cacheKeyFn: (key) => `${signatureOf(key.args)}|${key.id}` },
  );
}

/**
 * Arguments as a string, remembered per arguments object: a thousand keys of one field usually
 * share one object (the selection of an `_entities` field), which is then serialised once.
 */
const signatures = new WeakMap<object, string>();
function signatureOf(args: unknown): string {
  if (args === null || typeof args !== 'object') return String(JSON.stringify(args));
  let signature = signatures.get(args);
  if (signature === undefined) {
    signature = JSON.stringify(args);
    signatures.set(args, signature);
  }
  return signature;
}

function rowLoader<R>(
  fetch: (keys: string[]) => Promise<R[]>,
  keyOf: (row: R) => string,
): DataLoader<string, R | null> {
  return new DataLoader(async (keys) => {
    const rows = await fetch([...keys]);
    const byKey = new Map(rows.map((row) => [keyOf(row), row]));
    return keys.map((key) => byKey.get(key) ?? null);
  });
}

function listLoader<R>(fetch: (keys: string[]) => Promise<Map<string, R[]>>): DataLoader<string, R[]> {
  return new DataLoader(async (keys) => {
    const result = await fetch([...keys]);
    return keys.map((key) => result.get(key) ?? []);
  });
}

const emptyPage = <T>(): Page<T> => ({ rows: [], hasNextPage: false });
/** The inverse of propertyList. */
export const propertySet = (properties: string[] | null) => (properties ? new Set(properties) : null);

/** A stable argument for loader keys: the requested properties, sorted (null: all of them). */
export function propertyList(properties: Set<string> | null): string[] | null {
  return properties ? [...properties].sort() : null;
}

/** The DataLoaders of one request, all bound to the caller's organization. */
export function createLoaders(directory: Directory, orgId: string) {
  const employeeById = rowLoader(
    (ids) => directory.employees.byIds(orgId, ids),
    (row) => row.id,
  );
  /** Puts rows that another statement already returned where later by-id lookups find them. */
  const prime = (rows: Iterable<EmployeeRecord>) => {
    for (const row of rows) employeeById.prime(row.id, row);
  };
  const primePage = <T>(pages: Map<string, Page<T>>, employeeOf: (row: T) => EmployeeRecord) => {
    for (const page of pages.values()) prime(page.rows.map(employeeOf));
    return pages;
  };

  return {
    employeeById,
    prime,
    /** By id with only the properties a query selects (federation's `_entities`); never primed. */
    employeeByIdSelecting: argumentLoader<string[] | null, EmployeeRecord | null>(
      async (ids, properties) => {
        const rows = await directory.employees.byIds(orgId, ids, propertySet(properties));
        return new Map(rows.map((row) => [row.id, row]));
      },
      () => null,
    ),
    /** A person's source records (Employee.sources), for all the people of a query at once. */
    employeeSources: listLoader((ids) => directory.identity.sourcesOf(orgId, ids)),
    /** The person an e-mail names; an AmbiguousEmailError when several current people share it. */
    employeeByEmail: new DataLoader<string, EmployeeRecord | null>(async (emails) => {
      const found = await directory.employees.personByEmails(orgId, emails);
      return emails.map((email) => found.get(email) ?? null);
    }),
    /** Typed custom attribute values (Employee.customAttributeValues / customAttribute), for all the people of a query at once. */
    customAttributeValues: listLoader((ids) => directory.customAttributes.valuesOf(orgId, ids)),
    /** The organization's attribute definitions, read once per request. */
    customAttributeDefinitions: new DataLoader<string, CustomAttributeDefinitionRecord | null>(
      async (keys) => {
        const definitions = new Map(
          (await directory.customAttributes.list(orgId)).map((row) => [row.key, row]),
        );
        return keys.map((key) => definitions.get(key) ?? null);
      },
    ),
    employeeByUserId: rowLoader(
      (userIds) => directory.employees.byUserIds(orgId, userIds),
      (row) => row.userId ?? '',
    ),
    groupById: rowLoader(
      (ids) => directory.groups.byIds(orgId, ids),
      (row) => row.id,
    ),
    directReports: argumentLoader<{ scope: ReportScope; page: PageRequest }, Page<EmployeeRecord>>(
      async (ids, args) =>
        primePage(
          await directory.employees.directReportPages(orgId, ids, args.scope, args.page),
          (row) => row,
        ),
      emptyPage,
    ),
    directReportCount: argumentLoader<ReportScope, number>(
      (ids, scope) => directory.employees.directReportCounts(orgId, ids, scope),
      () => 0,
    ),
    managementChain: argumentLoader<{ maxDepth: number; properties: string[] | null }, ChainLink[]>(
      async (ids, args) => {
        const chains = await directory.hierarchy.managementChains(
          orgId,
          ids,
          args.maxDepth,
          propertySet(args.properties),
        );
        // Partial rows must not answer later by-id lookups.
        if (!args.properties) for (const chain of chains.values()) prime(chain.map((link) => link.employee));
        return chains;
      },
      () => [],
    ),
    reports: argumentLoader<{ maxDepth: number; includeFormer: boolean; page: PageRequest }, ReportsPage>(
      async (ids, args) => {
        const pages = await directory.hierarchy.reportPages(orgId, ids, args, args.page);
        for (const page of pages.values()) prime(page.rows.map((entry) => entry.employee));
        return pages;
      },
      () => ({ rows: [], hasNextPage: false, totalCount: 0 }),
    ),
    employeeGroups: argumentLoader<boolean, EmployeeGroupMembership[]>(
      (ids, resolveNested) => directory.groups.groupsOfEmployees(orgId, ids, resolveNested),
      () => [],
    ),
    groupMembers: argumentLoader<
      { resolveNested: boolean; page: PageRequest; properties: string[] | null },
      Page<GroupMemberEntry>
    >(async (ids, args) => {
      const pages = await directory.groups.memberPages(
        orgId,
        ids,
        args.resolveNested,
        args.page,
        propertySet(args.properties),
      );
      // Partial rows must not answer later by-id lookups.
      return args.properties ? pages : primePage(pages, (row) => row.employee);
    }, emptyPage),
    memberCount: argumentLoader<boolean, number>(
      (ids, resolveNested) => directory.groups.memberCounts(orgId, ids, resolveNested),
      () => 0,
    ),
    parentGroups: listLoader((ids) => directory.groups.parentGroups(orgId, ids)),
    childGroups: listLoader((ids) => directory.groups.childGroups(orgId, ids)),
    department: rowLoader<DepartmentRecord>(
      (names) => directory.departments.list(orgId, { names }),
      (row) => row.name,
    ),
    departmentEmployees: argumentLoader<PageRequest, Page<EmployeeRecord>>(
      async (names, page) =>
        primePage(await directory.employees.departmentPages(orgId, names, page), (row) => row),
      emptyPage,
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
export type { GroupRecord };
