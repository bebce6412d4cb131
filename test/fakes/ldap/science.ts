import { join } from 'node:path';
import { BASE_DN } from './dataset';

/**
 * science.ldif: a small AD-like tree next to the generated dataset (startSlapd with `science`):
 * 11 people without `mail`, groups with objectClass "group" named by sAMAccountName, and a nesting
 * cycle (Scientists ⊃ Mathematicians ⊃ Scientists).
 */
export const SCIENCE_LDIF = join(__dirname, 'science.ldif');
export const SCIENCE_DN = `ou=science,${BASE_DN}`;
export const SCIENCE_PEOPLE_DN = `ou=people,${SCIENCE_DN}`;
export const SCIENCE_GROUPS_DN = `ou=groups,${SCIENCE_DN}`;
export const SCIENCE_PEOPLE = 11;
