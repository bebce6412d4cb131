import { DateTimeResolver } from 'graphql-scalars';
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { PageInfo } from './page-info.type';

export enum WebhookDeliveryKind {
  EVENT = 'EVENT',
  REDELIVERY = 'REDELIVERY',
  PING = 'PING',
}
export enum WebhookDeliveryStatus {
  PENDING = 'PENDING',
  DELIVERED = 'DELIVERED',
  FAILED = 'FAILED',
}
registerEnumType(WebhookDeliveryKind, {
  name: 'WebhookDeliveryKind',
  description:
    'EVENT: a change event the endpoint took, sent in order; REDELIVERY: sent again on request, out of order; PING: a test event.',
});
registerEnumType(WebhookDeliveryStatus, {
  name: 'WebhookDeliveryStatus',
  description:
    'PENDING: not delivered yet (waiting its turn, or between retries); DELIVERED: answered 2xx; FAILED: every attempt failed.',
});

@ObjectType('WebhookEndpoint', {
  description:
    'Where change events of your organization are POSTed, signed (admin). The secret is never shown here.',
})
export class WebhookEndpointType {
  @Field(() => ID)
  id: string;

  @Field()
  url: string;

  @Field(() => String, { nullable: true })
  description: string | null;

  @Field({ description: 'The first characters of the signing secret (whsec_…), to tell secrets apart.' })
  secretHint: string;

  @Field(() => [String], {
    description: 'Event types sent (a trailing * matches a prefix); empty: every event.',
  })
  eventTypes: string[];

  @Field()
  enabled: boolean;

  @Field(() => String, {
    nullable: true,
    description: 'Why the endpoint is disabled: by an admin, or after its deliveries kept failing.',
  })
  disabledReason: string | null;

  @Field(() => DateTimeResolver, { nullable: true })
  disabledAt: Date | null;

  @Field({
    description:
      'The sequence number of the last event the endpoint has taken (a 64-bit integer as a string); kept while disabled.',
  })
  cursorSeq: string;

  @Field(() => Int, { description: 'Failed attempts since the last successful one.' })
  consecutiveFailures: number;

  @Field(() => DateTimeResolver, { nullable: true, description: 'When the current run of failures began.' })
  failingSince: Date | null;

  @Field(() => DateTimeResolver, { nullable: true })
  lastSuccessAt: Date | null;

  @Field(() => Int, {
    description: 'Events taken and not delivered yet (waiting their turn, being retried, or FAILED).',
  })
  backlog: number;

  @Field(() => DateTimeResolver)
  createdAt: Date;

  @Field(() => DateTimeResolver)
  updatedAt: Date;
}

@ObjectType('WebhookEndpointSecret', {
  description: 'An endpoint with its signing secret. Copy the secret now: it is never shown again.',
})
export class WebhookEndpointSecretType {
  @Field(() => WebhookEndpointType)
  endpoint: WebhookEndpointType;

  @Field({ description: 'Verify each request with it (README: Webhooks).' })
  secret: string;
}

@ObjectType('WebhookAttempt', {
  description: 'One try of a delivery. Nothing of the answer is kept but its status.',
})
export class WebhookAttemptType {
  @Field(() => Int)
  attempt: number;

  @Field(() => DateTimeResolver)
  at: Date;

  @Field(() => Int, { nullable: true, description: "The receiver's HTTP status; null when no answer came." })
  statusCode: number | null;

  @Field(() => Int)
  durationMs: number;

  @Field(() => String, {
    nullable: true,
    description:
      'Null on success; HTTP_STATUS (not 2xx), REDIRECT (not followed), TIMEOUT, NETWORK, TLS_UNTRUSTED, TOO_LARGE, NOT_HTTPS or DESTINATION_NOT_ALLOWED.',
  })
  errorClass: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'A short machine reason: HTTP 500, ECONNREFUSED, CONNECT_TIMEOUT…',
  })
  errorReason: string | null;
}

@ObjectType('WebhookDelivery', { description: 'One event sent to one endpoint, with its attempts.' })
export class WebhookDeliveryType {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  endpointId: string;

  @Field(() => WebhookDeliveryKind)
  kind: WebhookDeliveryKind;

  @Field(() => String, { nullable: true, description: "The event's sequence number (null for a ping)." })
  eventSeq: string | null;

  @Field(() => ID, { description: 'The event id: the X-Hrdir-Event-Id and Idempotency-Key headers.' })
  eventId: string;

  @Field()
  eventType: string;

  @Field(() => WebhookDeliveryStatus)
  status: WebhookDeliveryStatus;

  @Field(() => Int)
  attempts: number;

  @Field(() => Int, { nullable: true })
  lastStatusCode: number | null;

  @Field(() => String, { nullable: true })
  lastError: string | null;

  @Field(() => DateTimeResolver)
  createdAt: Date;

  @Field(() => DateTimeResolver, { nullable: true })
  lastAttemptAt: Date | null;

  @Field(() => DateTimeResolver, { nullable: true })
  deliveredAt: Date | null;

  @Field(() => [WebhookAttemptType], { description: 'Oldest first.' })
  attemptLog: WebhookAttemptType[];
}

@ObjectType('WebhookDeliveryEdge')
export class WebhookDeliveryEdge {
  @Field()
  cursor: string;

  @Field(() => WebhookDeliveryType)
  node: WebhookDeliveryType;
}

@ObjectType('WebhookDeliveryConnection', { description: 'Deliveries of an endpoint, newest first.' })
export class WebhookDeliveryConnection {
  @Field(() => [WebhookDeliveryEdge])
  edges: WebhookDeliveryEdge[];

  @Field(() => PageInfo)
  pageInfo: PageInfo;
}

@InputType()
export class WebhookEndpointInput {
  @Field(() => String, {
    nullable: true,
    description:
      'Required when creating. https (plain http only to destinations the operator allows); checked against the outbound address policy.',
  })
  url?: string;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => [String], {
    nullable: true,
    description:
      'Event types to send (a trailing * matches a prefix); empty or left out when creating: every event.',
  })
  eventTypes?: string[];

  @Field(() => Boolean, {
    nullable: true,
    description: 'false disables the endpoint (its cursor is kept); true enables it again and resumes.',
  })
  enabled?: boolean;
}
