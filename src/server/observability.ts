import { ApolloServerPlugin } from '@apollo/server';
import { randomUUID } from 'node:crypto';
import { IncomingMessage, ServerResponse } from 'node:http';
import { RequestContext } from '../resolvers/context';
import { Logger, logger as rootLogger } from '../observability/logger';
import { DirectoryMetrics, metrics as processMetrics } from '../observability/metrics';

export const REQUEST_ID_HEADER = 'x-request-id';
/** A caller's id is kept when it looks like one (a UUID, a trace id); anything else is replaced. */
const ACCEPTABLE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The request's id: the caller's x-request-id when sane, else a new UUID; echoed on the response. */
export function assignRequestId(request: IncomingMessage, response: ServerResponse): string {
  const given = request.headers[REQUEST_ID_HEADER];
  const id = typeof given === 'string' && ACCEPTABLE_REQUEST_ID.test(given) ? given : randomUUID();
  request.headers[REQUEST_ID_HEADER] = id;
  response.setHeader(REQUEST_ID_HEADER, id);
  return id;
}

/**
 * One log line and the metrics of every GraphQL operation: request id, organization, operation
 * name and type, duration, error codes. Never the query text's values or the variables.
 */
export function observabilityPlugin(
  log: Logger = rootLogger,
  metrics: DirectoryMetrics = processMetrics,
): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart({ request, contextValue }) {
      const started = process.hrtime.bigint();
      const requestId = request.http?.headers.get(REQUEST_ID_HEADER) ?? null;
      const codes: string[] = [];
      return {
        async didEncounterErrors({ errors }) {
          for (const error of errors) {
            const code = error.extensions?.code;
            codes.push(typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR');
          }
        },
        async willSendResponse({ operationName, operation, response }) {
          const seconds = Number(process.hrtime.bigint() - started) / 1e9;
          const label = metrics.operationLabel(operationName ?? request.operationName);
          const type = operation?.operation ?? 'unknown';
          metrics.graphqlRequests.inc({ operation: label, type });
          metrics.graphqlDuration.observe({ operation: label }, seconds);
          for (const code of codes) metrics.graphqlErrors.inc({ code });
          log.info(
            {
              requestId,
              orgId: contextValue.principal?.orgId ?? null,
              operation: label,
              operationType: type,
              status: response.http.status ?? 200,
              durationMs: Math.round(seconds * 10_000) / 10,
              ...(codes.length ? { errorCodes: [...new Set(codes)] } : {}),
            },
            'graphql operation',
          );
        },
      };
    },
  };
}
