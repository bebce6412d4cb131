import { FieldNode, GraphQLResolveInfo, Kind, SelectionSetNode } from 'graphql';
import { isEmployeeProperty } from '../directory/sql';

/**
 * GraphQL Employee fields whose value lives in a differently named record property, or that a
 * field resolver computes from one (the manager from managerId, and so on).
 */
const PROPERTY_OF: Record<string, string> = {
  employeeId: 'employeeNumber',
  manager: 'managerId',
  department: 'department',
  user: 'userId',
};

/**
 * The employee properties a query asks for at `path` below the current field (e.g. ['nodes',
 * 'employee']), or null when it cannot tell (then every column is read). Fields computed by
 * resolvers ask for the property they follow; the rest need only the id, which every row carries.
 */
export function requestedEmployeeProperties(
  info: GraphQLResolveInfo,
  path: readonly string[],
): Set<string> | null {
  let selections: SelectionSetNode[] = info.fieldNodes.flatMap((node) =>
    node.selectionSet ? [node.selectionSet] : [],
  );
  for (const name of path) {
    selections = collectFields(info, selections)
      .filter((field) => field.name.value === name)
      .flatMap((field) => (field.selectionSet ? [field.selectionSet] : []));
    if (selections.length === 0) return new Set();
  }
  const properties = new Set<string>();
  for (const field of collectFields(info, selections)) {
    const name = field.name.value;
    const property = PROPERTY_OF[name] ?? name;
    if (isEmployeeProperty(property)) properties.add(property);
  }
  return properties;
}

/** Whether the query asks for `name` directly below the current field (fragments included). */
export function selectsField(info: GraphQLResolveInfo, name: string): boolean {
  const selections = info.fieldNodes.flatMap((node) => (node.selectionSet ? [node.selectionSet] : []));
  return collectFields(info, selections).some((field) => field.name.value === name);
}

function collectFields(
  info: GraphQLResolveInfo,
  selectionSets: SelectionSetNode[],
  seen = new Set<string>(),
): FieldNode[] {
  const fields: FieldNode[] = [];
  for (const set of selectionSets) {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) fields.push(selection);
      else if (selection.kind === Kind.INLINE_FRAGMENT)
        fields.push(...collectFields(info, [selection.selectionSet], seen));
      else if (!seen.has(selection.name.value)) {
        seen.add(selection.name.value);
        const fragment = info.fragments[selection.name.value];
        if (fragment) fields.push(...collectFields(info, [fragment.selectionSet], seen));
      }
    }
  }
  return fields;
}
