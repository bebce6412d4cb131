/** One HTTP transport for every HTTP connector: see transport.ts, client.ts and address-policy.ts. */
export {
  defaultOutboundPolicy,
  DestinationRefused,
  OUTBOUND_ALLOW_HOSTS,
  OUTBOUND_ALLOW_PRIVATE,
  OutboundPolicy,
  OutboundPolicyError,
  OutboundPolicySettings,
} from './address-policy';
export { caCertificatePemSchema, isCaCertificatePem } from './ca';
export { ClientRequest, FailureWording, HttpClient, HttpClientOptions, transportFailure } from './client';
export { DEFAULT_MAX_JSON_DEPTH, jsonDepthExceeds, JsonLimits, parseJsonBody } from './json';
export { linkTarget, nextOffsetPage, OffsetPage, resolveNextUrl } from './pagination';
export { describeUrl, isSecretHeader, REDACTED, redactHeaders, redactText, redactUrl } from './redact';
export {
  backoffDelay,
  classifyStatus,
  DEFAULT_RETRY_POLICY,
  headerValue,
  parseRateLimit,
  parseRetryAfter,
  RateLimitState,
  RetryPolicy,
  sleep,
  StatusClass,
} from './retry';
export {
  DESTINATION_NOT_ALLOWED_MESSAGE,
  HttpMethod,
  HttpRequest,
  HttpResponse,
  HttpTransport,
  HttpTransportOptions,
  TransportError,
  TransportFailureKind,
} from './transport';
