/**
 * Names that break naive code (apostrophes, accents, CJK, Vietnamese, Irish) and the departments
 * the identity-provider fakes seed, shared so every fake tenant is built from the same people.
 */
export const FIRST_NAMES = [
  'Ana',
  'Zoë',
  "D'Arcy",
  'José',
  'Björn',
  '美咲',
  'Łukasz',
  'Aoife',
  'Nguyễn',
  'Chloé',
  'Renée',
  'Kwame',
];
export const LAST_NAMES = [
  "O'Brien",
  'García-Márquez',
  'Müller',
  '山田',
  'Smith',
  'Dubois',
  'Kowalski',
  'Ní Bhriain',
  'Øster',
  'Lee',
];
export const IDP_DEPARTMENTS = [
  'Engineering',
  'Sales',
  'Finance',
  'People',
  'Support',
  'Legal',
  'Marketing',
  'IT',
];

/** The n-th seeded person's name: first names cycle fastest, last names once per full cycle. */
export function seededName(index: number): { first: string; last: string } {
  return {
    first: FIRST_NAMES[index % FIRST_NAMES.length],
    last: LAST_NAMES[Math.floor(index / FIRST_NAMES.length) % LAST_NAMES.length],
  };
}
