import { SourceEmployeeAttributes, SourceUser } from '../../connectors/types';

/** `{name}`: an attribute of the record (username, employeeNumber, externalId, …) or a custom attribute. */
const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9_]{0,63})\}/g;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const EMAIL_TEMPLATE_MAX_LENGTH = 256;

/**
 * What is wrong with an e-mail template (null: nothing). A template is text with `{attribute}`
 * placeholders; filled with any values it must be an e-mail address, e.g. `{username}@example.com`,
 * or be one placeholder whose value already is one, e.g. `{userPrincipalName}`.
 */
export function emailTemplateProblem(template: string): string | null {
  if (template.length > EMAIL_TEMPLATE_MAX_LENGTH)
    return `must be at most ${EMAIL_TEMPLATE_MAX_LENGTH} characters`;
  const names = [...template.matchAll(PLACEHOLDER)].map((match) => match[1]);
  if (names.length === 0) return 'must name at least one attribute, like {username}@example.com';
  const rest = template.replace(PLACEHOLDER, '');
  if (/[{}]/.test(rest))
    return 'has a brace that is not part of a {placeholder} (letters, digits and _ only)';
  if (/\s/.test(rest)) return 'must not contain spaces';
  const single = names.length === 1 && rest === '';
  if (!single && !EMAIL.test(template.replace(PLACEHOLDER, 'x')))
    return 'must make an e-mail address, like {username}@example.com, or be one {attribute} that holds one';
  return null;
}

/**
 * The address a template makes for a record, or null when an attribute it names is missing or the
 * result is not an e-mail address (a name with a space, say): that person then has no e-mail.
 * A placeholder names one of the record's attributes (`username`, `employeeNumber`, `firstName`,
 * `lastName`, `idpId`, `externalId`, …) or, failing that, one of its custom attributes (LDAP's
 * `userPrincipalName`, say).
 */
export function emailFromTemplate(template: string, user: SourceUser): string | null {
  let missing = false;
  const address = template.replace(PLACEHOLDER, (_whole, name: string) => {
    const value = attributeValue(user, name);
    if (value === null) missing = true;
    return value ?? '';
  });
  if (missing) return null;
  const trimmed = address.trim().toLowerCase();
  return EMAIL.test(trimmed) ? trimmed : null;
}

function attributeValue(user: SourceUser, name: string): string | null {
  if (name === 'externalId') return text(user.externalId);
  const attributes = user.attributes as Record<string, unknown>;
  if (name !== 'customAttributes' && name in attributes) return text(attributes[name]);
  const custom = (user.attributes as SourceEmployeeAttributes).customAttributes;
  return custom && typeof custom === 'object' ? text((custom as Record<string, unknown>)[name]) : null;
}

function text(value: unknown): string | null {
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}
