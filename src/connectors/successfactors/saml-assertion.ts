/**
 * A SAML 2.0 bearer assertion for SuccessFactors' OAuth token endpoint (RFC 7522 profile, as SAP
 * documents for "OAuth 2.0 SAML bearer assertion"): the user the API acts as in NameID, the token
 * URL as the bearer recipient, the client's API key in an `api_key` attribute, valid ten minutes,
 * and an enveloped XML signature (RSA-SHA256 over SHA-256, exclusive canonicalization).
 *
 * The XML is written already in its exclusive canonical form (no declaration, namespaces first,
 * attributes sorted, no self-closing tags, no whitespace between elements, text escaped), so the
 * digest and the signature are computed over exactly the bytes sent; no XML library is needed.
 */
import { createHash, createSign, KeyObject, randomUUID } from 'node:crypto';

const SAML = 'urn:oasis:names:tc:SAML:2.0:assertion';
const DSIG = 'http://www.w3.org/2000/09/xmldsig#';
const EXC_C14N = 'http://www.w3.org/2001/10/xml-exc-c14n#';
const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
const SHA256 = 'http://www.w3.org/2001/04/xmlenc#sha256';
const ENVELOPED = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';
/** SAP's token endpoint refuses assertions valid for long; ten minutes covers clock skew. */
const VALIDITY_MS = 10 * 60_000;

export interface AssertionInput {
  issuer: string;
  audience: string;
  userId: string;
  clientId: string;
  tokenUrl: string;
  now: number;
  key: KeyObject;
}

/** Canonical text content (exc-c14n §2.3). */
function text(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#xD;');
}

/** Canonical attribute value. */
function attr(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/"/g, '&quot;')
    .replace(/\t/g, '&#x9;')
    .replace(/\n/g, '&#xA;')
    .replace(/\r/g, '&#xD;');
}

/** An element with namespace declarations first, then attributes sorted by name (all unqualified). */
function element(
  name: string,
  attributes: Record<string, string>,
  content: string,
  namespaces: Record<string, string> = {},
): string {
  const declarations = Object.keys(namespaces)
    .sort()
    .map((prefix) => ` xmlns:${prefix}="${attr(namespaces[prefix])}"`)
    .join('');
  const rest = Object.keys(attributes)
    .sort()
    .map((key) => ` ${key}="${attr(attributes[key])}"`)
    .join('');
  return `<${name}${declarations}${rest}>${content}</${name}>`;
}

function instant(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The signed assertion's XML. */
export function signedAssertion(input: AssertionInput): string {
  const id = `_${randomUUID()}`;
  const issued = instant(input.now);
  const notBefore = instant(input.now - 60_000);
  const expires = instant(input.now + VALIDITY_MS);
  const s = (name: string, attributes: Record<string, string>, content: string) =>
    element(`saml2:${name}`, attributes, content);
  const issuer = s('Issuer', {}, text(input.issuer));
  const body =
    s(
      'Subject',
      {},
      s('NameID', { Format: 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified' }, text(input.userId)) +
        s(
          'SubjectConfirmation',
          { Method: 'urn:oasis:names:tc:SAML:2.0:cm:bearer' },
          s('SubjectConfirmationData', { NotOnOrAfter: expires, Recipient: input.tokenUrl }, ''),
        ),
    ) +
    s(
      'Conditions',
      { NotBefore: notBefore, NotOnOrAfter: expires },
      s('AudienceRestriction', {}, s('Audience', {}, text(input.audience))),
    ) +
    s(
      'AuthnStatement',
      { AuthnInstant: issued, SessionIndex: id },
      s(
        'AuthnContext',
        {},
        s('AuthnContextClassRef', {}, 'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport'),
      ),
    ) +
    s(
      'AttributeStatement',
      {},
      s('Attribute', { Name: 'api_key' }, s('AttributeValue', {}, text(input.clientId))),
    );
  const attributes = { ID: id, IssueInstant: issued, Version: '2.0' };
  // The enveloped-signature transform digests the assertion as if the Signature were not there.
  const unsigned = element('saml2:Assertion', attributes, issuer + body, { saml2: SAML });
  const digest = createHash('sha256').update(unsigned, 'utf8').digest('base64');
  const ds = (
    name: string,
    attributes: Record<string, string>,
    content: string,
    namespaces?: Record<string, string>,
  ) => element(`ds:${name}`, attributes, content, namespaces);
  const signedInfoContent =
    ds('CanonicalizationMethod', { Algorithm: EXC_C14N }, '') +
    ds('SignatureMethod', { Algorithm: RSA_SHA256 }, '') +
    ds(
      'Reference',
      { URI: `#${id}` },
      ds(
        'Transforms',
        {},
        ds('Transform', { Algorithm: ENVELOPED }, '') + ds('Transform', { Algorithm: EXC_C14N }, ''),
      ) +
        ds('DigestMethod', { Algorithm: SHA256 }, '') +
        ds('DigestValue', {}, digest),
    );
  // Canonicalized on its own, SignedInfo carries the ds declaration it uses (exc-c14n renders it there).
  const signedInfo = ds('SignedInfo', {}, signedInfoContent, { ds: DSIG });
  const signature = createSign('RSA-SHA256').update(signedInfo, 'utf8').sign(input.key, 'base64');
  const signatureElement = ds(
    'Signature',
    {},
    ds('SignedInfo', {}, signedInfoContent) + ds('SignatureValue', {}, signature),
    { ds: DSIG },
  );
  return element('saml2:Assertion', attributes, issuer + signatureElement + body, { saml2: SAML });
}
