import { ConnectorsConfig, readConnectorsConfig } from '../config';
import { connectorDefinition } from '../connectors/registry';
import { logger } from '../observability/logger';
import { ConnectorError } from '../connectors/types';
import { ConnectionStore } from '../directory/connections';
import { DirectoryConnection } from '../entities';
import { describeErrorForLog } from '../db/error-log';

export interface ConnectionTestOutcome {
  ok: boolean;
  userCount: number | null;
  error: { code: string; message: string } | null;
}

const TEST_TIMEOUT_MS = 30_000;

/** Asks a connection's source whether our credentials work and how many people it holds. */
export class ConnectionTester {
  constructor(
    private readonly connections: ConnectionStore,
    /** The operator's outbound policy and import directory (default: this process's environment). */
    private readonly connectorsConfig: ConnectorsConfig = readConnectorsConfig(process.env),
  ) {}

  async test(connection: DirectoryConnection): Promise<ConnectionTestOutcome> {
    const definition = connectorDefinition(connection.source);
    if (!definition) {
      return {
        ok: false,
        userCount: null,
        error: {
          code: 'NOT_PULLABLE',
          message: `${connection.source} connections are pushed to, not tested`,
        },
      };
    }
    try {
      const connector = definition.create(
        definition.parseConfig(this.connections.openSourceConfig(connection)),
        {
          outbound: this.connectorsConfig.outbound,
          importDirectory: this.connectorsConfig.importDirectory,
          organizationId: connection.orgId,
        },
      );
      const { userCount } = await connector.test(AbortSignal.timeout(TEST_TIMEOUT_MS));
      return { ok: true, userCount, error: null };
    } catch (error) {
      if (error instanceof ConnectorError)
        return { ok: false, userCount: null, error: { code: error.code, message: error.message } };
      if (error instanceof Error && error.name === 'TimeoutError') {
        return {
          ok: false,
          userCount: null,
          error: {
            code: 'TEMPORARY',
            message: `the source did not answer within ${TEST_TIMEOUT_MS / 1000} s`,
          },
        };
      }
      logger.error(
        { connectionId: connection.id, cause: describeErrorForLog(error) },
        'connection test failed unexpectedly',
      );
      return {
        ok: false,
        userCount: null,
        error: { code: 'INTERNAL', message: 'the test failed unexpectedly' },
      };
    }
  }
}
