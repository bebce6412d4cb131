/**
 * LDAP failures → ConnectorError, with a code that says whether a retry can help and a message an
 * administrator can act on. Messages name the server, DNs and result codes, never the password.
 */
import { ResultCodeError } from 'ldapts';
import { ConnectorError } from '../types';

/** What was being done when something failed. */
export interface FailureContext {
  /** host:port of the server. */
  server: string;
  operation: 'connect' | 'starttls' | 'bind' | 'search';
  bindDn: string;
  /** The base DN of the search. */
  base?: string;
  /**
   * The step includes a TLS handshake (ldaps:// connects inside the first request; StartTLS). A
   * connection reset there comes from a server that does not speak TLS on that port.
   */
  handshake?: boolean;
  timeoutMs: number;
}

/** Our own timeout around steps ldapts does not time (the StartTLS handshake). */
export class LdapTimeoutError extends Error {
  override name = 'LdapTimeoutError';
}

/** Node's codes for a server certificate that cannot be trusted. */
const UNTRUSTED_CERTIFICATE = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
  'CERT_REVOKED',
  'INVALID_CA',
  'CERT_REJECTED',
]);
const EXPIRED_CERTIFICATE = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID']);
const NETWORK = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'EPIPE',
  'EAI_AGAIN',
  'ENOTFOUND',
]);

/**
 * Active Directory explains a refused bind in the diagnostic message ("…AcceptSecurityContext error,
 * data 52e, v4563"); the "data" code says why.
 */
const AD_BIND_REASONS: Readonly<Record<string, string>> = {
  '525': 'the account does not exist',
  '52e': 'the password is wrong',
  '530': 'the account may not log on at this time',
  '531': 'the account may not log on from this workstation',
  '532': 'the password has expired',
  '533': 'the account is disabled',
  '568': 'the account has too many security identifiers',
  '701': 'the account has expired',
  '773': 'the password must be changed before the account can be used',
  '775': 'the account is locked out',
};

function errnoCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}

function isTlsCode(code: string): boolean {
  return (
    UNTRUSTED_CERTIFICATE.has(code) ||
    EXPIRED_CERTIFICATE.has(code) ||
    code === 'ERR_TLS_CERT_ALTNAME_INVALID' ||
    code.startsWith('ERR_SSL_') ||
    code.startsWith('ERR_TLS_') ||
    code === 'EPROTO'
  );
}

function tlsFailure(code: string, context: FailureContext): ConnectorError {
  const where = `TLS with ${context.server} failed`;
  if (UNTRUSTED_CERTIFICATE.has(code)) {
    return new ConnectorError(
      'CONFIGURATION',
      `${where}: the server's certificate is not trusted (${code}); set caCertificatePem to the CA that issued it`,
    );
  }
  if (EXPIRED_CERTIFICATE.has(code)) {
    return new ConnectorError(
      'CONFIGURATION',
      `${where}: the server's certificate is not valid now (${code})`,
    );
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return new ConnectorError(
      'CONFIGURATION',
      `${where}: the server's certificate does not name this host; use the host name the certificate was issued for`,
    );
  }
  return new ConnectorError(
    'CONFIGURATION',
    `${where} (${code}); check that the port speaks ${context.operation === 'starttls' ? 'StartTLS' : 'LDAPS'} and the TLS settings`,
  );
}

/** The server's diagnostic text, shortened; ldapts appends " Code: 0x31". */
function diagnostic(error: ResultCodeError): string {
  const text = error.message.replace(/\s*Code: 0x[0-9a-f]+$/i, '').trim();
  return text === '' ? '' : `: ${text.slice(0, 200)}`;
}

function resultCodeFailure(error: ResultCodeError, context: FailureContext): ConnectorError {
  const { server } = context;
  const base = context.base ?? '(base)';
  const said = diagnostic(error);
  switch (error.code) {
    case 49: {
      const data = /\bdata ([0-9a-f]{3,4})\b/i.exec(error.message)?.[1]?.toLowerCase();
      const reason = data ? AD_BIND_REASONS[data] : undefined;
      return new ConnectorError(
        'AUTH',
        `${server} refused the bind as ${context.bindDn}: ${reason ?? 'invalid credentials (wrong DN or password)'}`,
      );
    }
    case 48:
    case 7:
      return new ConnectorError(
        'AUTH',
        `${server} does not accept a simple bind for ${context.bindDn}${said}`,
      );
    case 8:
    case 13:
      return new ConnectorError(
        'CONFIGURATION',
        `${server} requires a protected connection${said}; use ldaps:// or set startTls`,
      );
    case 50:
      return new ConnectorError(
        'PERMISSION',
        `${context.bindDn} may not ${context.operation === 'search' ? `search ${base}` : context.operation} on ${server} (insufficient access)${said}`,
      );
    case 32:
      return new ConnectorError(
        'NOT_FOUND',
        context.operation === 'search'
          ? `${base} does not exist on ${server}, or ${context.bindDn} cannot see it`
          : `${server} answered "no such object"${said}`,
      );
    case 34:
      return new ConnectorError('CONFIGURATION', `${server} cannot read a DN (invalid DN syntax)${said}`);
    case 10:
      return new ConnectorError(
        'CONFIGURATION',
        `${server} referred the request elsewhere: ${base} is held by another server or domain; point url at that server`,
      );
    case 12:
      return new ConnectorError(
        'CONFIGURATION',
        `${server} does not support a control the connector needs (simple paged results, RFC 2696)${said}`,
      );
    case 87:
    case 17:
    case 18:
      return new ConnectorError('CONFIGURATION', `${server} rejected the search filter${said}`);
    case 53:
      return new ConnectorError(
        'CONFIGURATION',
        `${server} is unwilling to perform the ${context.operation}${said}`,
      );
    case 4:
      // With paging the server only stops a search at its size limit when it also caps paged
      // searches; a later attempt meets the same limit unless an administrator raises it.
      return new ConnectorError(
        'TEMPORARY',
        `${server} stopped the search of ${base} at its size limit${said}; raise the bind account's size limit for paged searches`,
      );
    case 3:
      return new ConnectorError(
        'TEMPORARY',
        `${server} stopped the search of ${base} at its time limit${said}`,
      );
    case 11:
      // OpenLDAP answers so to a page size above its size.pr limit (AD caps pages itself instead).
      return new ConnectorError(
        'CONFIGURATION',
        `${server} refused the search at an administrative limit${said}; lower pageSize to the server's limit for paged searches`,
      );
    case 51:
      return new ConnectorError('TEMPORARY', `${server} is busy${said}`);
    case 52:
      return new ConnectorError('TEMPORARY', `${server} is unavailable${said}`);
    default:
      return new ConnectorError(
        'TEMPORARY',
        `${server} answered LDAP result ${error.code} to the ${context.operation}${said}`,
      );
  }
}

/** Maps anything thrown while talking to the server. A ConnectorError passes through. */
export function toConnectorError(error: unknown, context: FailureContext): ConnectorError {
  if (error instanceof ConnectorError) return error;
  if (error instanceof ResultCodeError) return resultCodeFailure(error, context);
  const { server } = context;
  if (error instanceof LdapTimeoutError) {
    return new ConnectorError(
      'TEMPORARY',
      `${server} did not complete the ${context.operation} within ${context.timeoutMs} ms`,
    );
  }
  const code = errnoCode(error);
  if (code !== undefined && isTlsCode(code)) return tlsFailure(code, context);
  const message = error instanceof Error ? error.message : '';
  // The server hung up on the TLS handshake: almost always LDAPS to a plain LDAP port (389 for 636).
  // (ldapts passes socket errors on as they are only while connecting; later ones it wraps.)
  if (
    /before secure TLS connection was established/i.test(message) ||
    (context.handshake && code === 'ECONNRESET')
  ) {
    return new ConnectorError(
      'CONFIGURATION',
      `${server} closed the connection during the TLS handshake; check that the port speaks ${context.operation === 'starttls' ? 'StartTLS' : 'LDAPS (usually 636)'}`,
    );
  }
  if (code !== undefined && NETWORK.has(code)) {
    const reason = code === 'ENOTFOUND' ? 'the host name does not resolve' : code;
    return new ConnectorError('TEMPORARY', `${server} could not be reached (${reason})`);
  }
  if (/Connection timeout/i.test(message)) {
    return new ConnectorError('TEMPORARY', `${server} could not be reached within ${context.timeoutMs} ms`);
  }
  if (/timed out/i.test(message)) {
    return new ConnectorError(
      'TEMPORARY',
      `${server} did not answer the ${context.operation} within ${context.timeoutMs} ms`,
    );
  }
  if (/secure TLS connection|handshake/i.test(message)) {
    return new ConnectorError(
      'CONFIGURATION',
      `TLS with ${server} failed before the handshake completed; check that the port speaks ${context.operation === 'starttls' ? 'StartTLS' : 'LDAPS'}`,
    );
  }
  if (/Connection closed|Socket error|socket hang up/i.test(message)) {
    return new ConnectorError(
      'TEMPORARY',
      `the connection to ${server} was lost during the ${context.operation}`,
    );
  }
  return new ConnectorError(
    'TEMPORARY',
    `the ${context.operation} on ${server} failed (${error instanceof Error ? error.name : 'unknown error'})`,
  );
}

/** Belt and braces: whatever a message was built from, the password never leaves in it. */
export function redact(error: ConnectorError, secret: string): ConnectorError {
  if (secret === '' || !error.message.includes(secret)) return error;
  return new ConnectorError(error.code, error.message.split(secret).join('[redacted]'), error.retryAfterMs);
}
