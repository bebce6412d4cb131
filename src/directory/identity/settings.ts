import { z } from 'zod';
import { emailTemplateProblem } from './email-template';

/** A person's attribute as a source stated it, usable as a matching key or as the user id. */
export const SOURCE_ATTRIBUTES = [
  'externalId',
  'idpId',
  'email',
  'username',
  'employeeNumber',
  'personalEmail',
] as const;
export type SourceAttribute = (typeof SOURCE_ATTRIBUTES)[number];

export const MATCH_KEYS = ['idpId', 'email', 'employeeNumber'] as const;
export type MatchKey = (typeof MATCH_KEYS)[number];

/**
 * How a connection's records join people: `settings.identity` of a connection.
 * - matchKeys: the keys tried for a record not linked yet (default idp id, e-mail, employee number);
 * - keyFrom: which of the record's attributes feeds a key (default: the attribute of that name;
 *   Entra's object id is its external id, say, so `{ idpId: 'externalId' }`);
 * - createPeople: false enriches only people another source already has ("HR-driven");
 * - userIdFrom: the attribute that fills Employee.userId (the ITSM link); unset leaves it alone;
 * - emailTemplate: the address of a record that gives none, made from its attributes
 *   (`{username}@example.com`, `{userPrincipalName}`); unset: such a person has no e-mail.
 */
export const identitySettingsSchema = z
  .object({
    matchKeys: z
      .array(z.enum(MATCH_KEYS))
      .max(MATCH_KEYS.length)
      .refine((keys) => new Set(keys).size === keys.length, 'match keys must not repeat')
      .default([...MATCH_KEYS]),
    keyFrom: z
      .object({
        idpId: z.enum(SOURCE_ATTRIBUTES).optional(),
        email: z.enum(SOURCE_ATTRIBUTES).optional(),
        employeeNumber: z.enum(SOURCE_ATTRIBUTES).optional(),
      })
      .strict()
      .default({}),
    createPeople: z.boolean().default(true),
    userIdFrom: z.enum(SOURCE_ATTRIBUTES).nullable().default(null),
    emailTemplate: z
      .string()
      .trim()
      .superRefine((template, ctx) => {
        const problem = emailTemplateProblem(template);
        if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
      })
      .nullable()
      .default(null),
  })
  .strict();

export type IdentitySettings = z.infer<typeof identitySettingsSchema>;

export const DEFAULT_IDENTITY: IdentitySettings = identitySettingsSchema.parse({});

/** The identity block of a connection's settings; an invalid stored block falls back to the defaults. */
export function identitySettingsOf(settings: Record<string, unknown> | null | undefined): IdentitySettings {
  const parsed = identitySettingsSchema.safeParse(settings?.identity ?? {});
  return parsed.success ? parsed.data : DEFAULT_IDENTITY;
}

/** A staged record's attribute as SQL over a sync_stage_users row aliased `alias`. */
export function attributeSql(attribute: SourceAttribute, alias: string): string {
  switch (attribute) {
    case 'externalId':
      return `${alias}.external_id`;
    case 'idpId':
      return `(${alias}.data->>'idp_id')`;
    case 'email':
      return `(${alias}.data->>'email')`;
    case 'username':
      return `(${alias}.data->>'username')`;
    case 'employeeNumber':
      return `(${alias}.data->>'employee_number')`;
    case 'personalEmail':
      return `(${alias}.data->>'personal_email')`;
  }
}

/** The default attribute feeding a match key. */
export function defaultKeyFrom(key: MatchKey): SourceAttribute {
  return key;
}
