/** Bad input from a caller: the edge turns it into a GraphQL BAD_USER_INPUT error. */
export class InvalidInputError extends Error {
  override name = 'InvalidInputError';
  constructor(
    message: string,
    /** The argument at fault, when there is one. */
    readonly argument?: string,
  ) {
    super(message);
  }
}

/**
 * A URL whose destination the outbound address policy refuses (private, loopback, link-local,
 * metadata). One fixed message whether the host exists or not, like the transport's refusal.
 */
export class DestinationNotAllowedError extends InvalidInputError {
  override name = 'DestinationNotAllowedError';
  readonly code = 'DESTINATION_NOT_ALLOWED';
  constructor(argument?: string) {
    super(
      'the destination is not allowed: private, loopback, link-local and metadata addresses are refused unless the operator allows them (OUTBOUND_ALLOW_HOSTS, OUTBOUND_ALLOW_PRIVATE)',
      argument,
    );
  }
}

/** Something the caller asked for does not exist in their organization. */
export class NotFoundError extends Error {
  override name = 'NotFoundError';
}

/**
 * An e-mail address several current people share (an admin account and its owner, a shared
 * mailbox): a lookup by e-mail alone cannot say which one is meant.
 */
export class AmbiguousEmailError extends Error {
  override name = 'AmbiguousEmailError';
  readonly code = 'AMBIGUOUS_EMAIL';
  constructor(readonly people: number) {
    super(`${people} current people share this email; look them up by id`);
  }
}

/**
 * The caller's token names an organization this directory does not have (a valid token issued
 * before the organization was created here, or after it was removed).
 */
export class OrganizationNotFoundError extends Error {
  override name = 'OrganizationNotFoundError';
  constructor(readonly orgId: string) {
    super('your organization is not set up in this directory');
  }
}

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Directory ids are UUIDs; anything else is a caller error, not a database error. */
export function assertId(value: string, argument: string): string {
  if (!UUID_PATTERN.test(value))
    throw new InvalidInputError(`${argument} is not a valid id: "${truncate(value)}"`, argument);
  return value.toLowerCase();
}

export function isId(value: string): boolean {
  return UUID_PATTERN.test(value);
}

export function assertIntInRange(value: number, argument: string, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new InvalidInputError(
      `${argument} must be an integer from ${min} to ${max}, got ${value}`,
      argument,
    );
  }
  return value;
}

function truncate(value: string): string {
  return value.length > 64 ? `${value.slice(0, 64)}…` : value;
}
