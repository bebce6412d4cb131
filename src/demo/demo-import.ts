import { SampleOrganization } from './sample-org';

/**
 * A small HRIS document in the template's snake_case form: new hires and contractors that an HR
 * system (BambooHR, say) reports, managed by people already in the directory. The demo imports it
 * through a connection and a queued sync, the way a customer's HR system would arrive.
 */
export function demoHrisDocument(sample: SampleOrganization, count = 24): Record<string, unknown> {
  const managers = sample.employees.filter(
    (employee) =>
      employee.status === 'active' && sample.employees.some((report) => report.managerId === employee.id),
  );
  const firstNames = [
    'Ava',
    'Noah',
    'Mia',
    'Liam',
    'Zoe',
    'Ethan',
    'Ivy',
    'Omar',
    'Lena',
    'Ravi',
    'Sofia',
    'Kenji',
  ];
  const lastNames = ['Okafor', 'Lindqvist', 'Moreau', 'Haddad', 'Tanaka', 'Novak'];
  const employees = Array.from({ length: count }, (_, index) => {
    const first = firstNames[index % firstNames.length];
    const last = lastNames[Math.floor(index / firstNames.length) % lastNames.length];
    const manager = managers[(index * 37) % managers.length];
    const contractor = index % 4 === 3;
    return {
      id: `BHR-${1000 + index}`,
      employee_number: `BHR${String(1000 + index)}`,
      name: `${first} ${last}`,
      first_name: first,
      last_name: last,
      email: `${first}.${last}.bhr@${sample.employees[0].email.split('@')[1]}`.toLowerCase(),
      job_title: contractor ? 'Contract Engineer' : 'Associate',
      department: manager.department,
      work_location: manager.location,
      managers: [manager.employeeNumber],
      groups: ['bamboohr-new-hires'],
      employment_status: 'ACTIVE',
      employment_types: [contractor ? 'CONTRACTOR' : 'FULL_TIME'],
      start_date: `2026-${String((index % 9) + 1).padStart(2, '0')}-01`,
      custom_properties: { onboarding_buddy: manager.displayName },
    };
  });
  return {
    name: 'BambooHR',
    hris_type: 'BambooHR',
    custom_property_definition: { employee_properties: { onboarding_buddy: 'STRING' } },
    system: { name: 'BambooHR', id: 'BambooHR', url: 'https://acme.bamboohr.example' },
    employees,
    groups: [{ id: 'bamboohr-new-hires', name: 'New-Hires', group_type: 'TEAM' }],
  };
}
