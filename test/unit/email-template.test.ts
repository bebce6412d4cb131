import { emailFromTemplate, emailTemplateProblem } from '../../src/directory/identity/email-template';
import { identitySettingsSchema } from '../../src/directory/identity/settings';

describe('e-mail templates (identity.emailTemplate)', () => {
  const person = {
    externalId: 'E-17',
    attributes: {
      username: 'Curie',
      firstName: 'Marie',
      lastName: 'Skłodowska Curie',
      customAttributes: { userPrincipalName: 'curie@science.example.com' },
    },
  };

  it('fills placeholders from the attributes, then from custom attributes, lower-cased', () => {
    expect(emailFromTemplate('{username}@example.com', person)).toBe('curie@example.com');
    expect(emailFromTemplate('{userPrincipalName}', person)).toBe('curie@science.example.com');
    expect(emailFromTemplate('{firstName}.{externalId}@example.com', person)).toBe('marie.e-17@example.com');
  });

  it('makes no address when an attribute is missing or the result is not one', () => {
    expect(emailFromTemplate('{employeeNumber}@example.com', person)).toBeNull();
    expect(emailFromTemplate('{lastName}@example.com', person)).toBeNull();
    expect(emailFromTemplate('{username}', person)).toBeNull();
  });

  it('says what is wrong with a template, and the identity settings refuse it', () => {
    expect(emailTemplateProblem('{username}@example.com')).toBeNull();
    expect(emailTemplateProblem('{userPrincipalName}')).toBeNull();
    expect(emailTemplateProblem('example.com')).toContain('at least one attribute');
    expect(emailTemplateProblem('{username}')).toBeNull();
    expect(emailTemplateProblem('{username}.example.com')).toContain('must make an e-mail address');
    expect(emailTemplateProblem('{username}@{domain')).toContain('brace');
    expect(identitySettingsSchema.safeParse({ emailTemplate: '{uid}@x' }).success).toBe(false);
    expect(identitySettingsSchema.parse({}).emailTemplate).toBeNull();
  });
});
