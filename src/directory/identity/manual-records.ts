/** An employee's source-writable columns as a MANUAL record's data (nulls left out), as the migration wrote them. */
const SNAPSHOT = `jsonb_strip_nulls(jsonb_build_object(
  'employee_number', e.employee_number, 'email', lower(e.email), 'display_name', e.display_name,
  'first_name', e.first_name, 'last_name', e.last_name, 'preferred_name', e.preferred_name,
  'job_title', e.job_title, 'department', e.department, 'division', e.division, 'cost_center', e.cost_center,
  'location', e.location, 'phone', e.phone, 'company', e.company, 'username', e.username,
  'personal_email', e.personal_email, 'time_zone', e.time_zone, 'status', e.status,
  'employment_type', e.employment_type, 'start_date', e.start_date, 'termination_date', e.termination_date,
  'idp_id', e.idp_id, 'custom_attributes', e.custom_attributes, 'user_id', e.user_id))`;

/**
 * Gives every person of organization $1 that no source describes a MANUAL source record holding
 * their fields: people written straight into the table (the demo's and the benchmarks' sample
 * organizations) are then people entered by hand, like those the migration found.
 */
export const HAND_ENTERED_RECORDS_SQL = `
  INSERT INTO employee_sources (org_id, employee_id, connection_id, source, external_id, data, hash,
    manager_ref, manager_ref_kind, last_seen_at, created_at, updated_at)
  SELECT e.org_id, e.id, NULL, 'manual', e.external_id, ${SNAPSHOT}, NULL, e.manager_ref, e.manager_ref_kind,
    e.updated_at, e.created_at, e.updated_at
  FROM employees e
  WHERE e.org_id = $1 AND NOT EXISTS (SELECT 1 FROM employee_sources es WHERE es.employee_id = e.id)`;
