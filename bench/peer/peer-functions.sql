-- Computed columns and functions PostGraphile exposes for the recursive questions (the peer).
CREATE OR REPLACE FUNCTION employees_management_chain(e employees, max_depth int DEFAULT 10)
RETURNS SETOF employees LANGUAGE sql STABLE AS $$
  WITH RECURSIVE chain(id, level, path) AS (
    SELECT e.manager_id, 1, ARRAY[e.id] WHERE e.manager_id IS NOT NULL
    UNION ALL
    SELECT m.manager_id, c.level + 1, c.path || m.id FROM chain c JOIN employees m ON m.id = c.id
    WHERE c.level < max_depth AND m.manager_id IS NOT NULL AND m.manager_id <> ALL(c.path || m.id)
  )
  SELECT m.* FROM chain c JOIN employees m ON m.id = c.id ORDER BY c.level
$$;

CREATE OR REPLACE FUNCTION employees_nested_groups(e employees)
RETURNS SETOF directory_groups LANGUAGE sql STABLE AS $$
  WITH RECURSIVE up(group_id, depth) AS (
    SELECT m.group_id, 0 FROM group_members m WHERE m.employee_id = e.id
    UNION
    SELECT n.parent_group_id, u.depth + 1 FROM up u JOIN group_nesting n ON n.child_group_id = u.group_id WHERE u.depth < 32
  )
  SELECT g.* FROM directory_groups g WHERE g.id IN (SELECT group_id FROM up) ORDER BY lower(g.name), g.id
$$;

CREATE OR REPLACE FUNCTION directory_groups_effective_members(g directory_groups)
RETURNS SETOF employees LANGUAGE sql STABLE AS $$
  WITH RECURSIVE down(group_id, depth) AS (
    SELECT g.id, 0
    UNION
    SELECT n.child_group_id, d.depth + 1 FROM down d JOIN group_nesting n ON n.parent_group_id = d.group_id WHERE d.depth < 32
  )
  SELECT e.* FROM employees e WHERE e.id IN (SELECT m.employee_id FROM group_members m WHERE m.group_id IN (SELECT group_id FROM down))
  ORDER BY e.display_name, e.id
$$;

-- Scoped by the root's organization, as the tables' indexes (led by org_id) expect: without it the
-- walk down cannot use the manager index and its plan swings from 0.1 to 1 s between statistics.
CREATE OR REPLACE FUNCTION org_chart_nodes(root uuid, max_depth int)
RETURNS SETOF employees LANGUAGE sql STABLE AS $$
  WITH RECURSIVE tree(id, level, path) AS (
    SELECT root, 0, ARRAY[root]
    UNION ALL
    SELECT e.id, t.level + 1, t.path || e.id FROM tree t JOIN employees e
      ON e.org_id = (SELECT org_id FROM employees WHERE id = root) AND e.manager_id = t.id
    WHERE t.level < max_depth AND e.id <> ALL(t.path) AND e.status NOT IN ('terminated', 'retired')
  )
  SELECT e.* FROM tree t JOIN employees e ON e.id = t.id ORDER BY t.level, e.display_name, e.id
$$;

CREATE OR REPLACE FUNCTION employees_by_ids(ids uuid[])
RETURNS SETOF employees LANGUAGE sql STABLE AS $$
  SELECT * FROM employees WHERE id = ANY(ids)
$$;
