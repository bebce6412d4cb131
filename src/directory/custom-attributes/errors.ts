/** Why a custom-attribute request was refused; the edge gives it as the GraphQL error's extensions.code. */
export type CustomAttributeErrorCode =
  /** A key that is not a letter followed by letters, digits, _ . - (at most 100). */
  | 'INVALID_ATTRIBUTE_KEY'
  /** The organization already defines an attribute with this key. */
  | 'CUSTOM_ATTRIBUTE_EXISTS'
  /** The organization defines no attribute with this key. */
  | 'UNKNOWN_CUSTOM_ATTRIBUTE'
  /** A filter value of the wrong type for the attribute (a text for a NUMBER, a bad date…). */
  | 'INVALID_ATTRIBUTE_VALUE'
  /** An operator the attribute's type does not have (a range on a STRING, say), or none at all. */
  | 'UNSUPPORTED_ATTRIBUTE_OPERATOR'
  /** A mapping that names a source field twice, an attribute twice, or an empty field. */
  | 'INVALID_ATTRIBUTE_MAPPING';

/** Bad input about custom attributes: a typed error (BAD_USER_INPUT's kin) with the argument at fault. */
export class CustomAttributeError extends Error {
  override name = 'CustomAttributeError';
  constructor(
    readonly code: CustomAttributeErrorCode,
    message: string,
    readonly argument?: string,
  ) {
    super(message);
  }
}
