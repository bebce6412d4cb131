/** LDIF (RFC 2849) writing, for loading test data into slapd with slapadd. */

export type LdifValue = string | Buffer;

export interface LdifEntry {
  dn: string;
  attributes: Record<string, LdifValue | LdifValue[] | undefined>;
}

/**
 * RFC 2849 SAFE-STRING: printable ASCII that does not start with a space, ':' or '<' and does not end
 * with a space. Anything else (non-ASCII, leading/trailing spaces, binary) is written base64 ("::").
 */
function isSafe(value: string): boolean {
  return value === '' || (/^[\x21-\x39\x3b\x3d-\x7e][\x20-\x7e]*$/.test(value) && !value.endsWith(' '));
}

function line(name: string, value: LdifValue): string {
  if (typeof value === 'string' && isSafe(value)) return `${name}: ${value}`;
  const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
  return `${name}:: ${bytes.toString('base64')}`;
}

export function ldifEntry(entry: LdifEntry): string {
  const lines = [line('dn', entry.dn)];
  for (const [name, raw] of Object.entries(entry.attributes)) {
    if (raw === undefined) continue;
    for (const value of Array.isArray(raw) ? raw : [raw]) lines.push(line(name, value));
  }
  return `${lines.join('\n')}\n\n`;
}

/** A modify record (changetype: modify) replacing attributes, for ldapmodify. */
export function ldifReplace(dn: string, attributes: Record<string, LdifValue[]>): string {
  const lines = [line('dn', dn), 'changetype: modify'];
  for (const [name, values] of Object.entries(attributes)) {
    lines.push(`replace: ${name}`);
    for (const value of values) lines.push(line(name, value));
    lines.push('-');
  }
  return `${lines.join('\n')}\n\n`;
}
