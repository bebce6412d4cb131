import { DataSource, EntityManager, In } from 'typeorm';
import { ZodError } from 'zod';
import { connectorDefinition, PUSH_SOURCES, supportedPullSources } from '../connectors/registry';
import { DeletionPolicy, DirectoryConnection, DirectorySource } from '../entities';
import { assertId, InvalidInputError, NotFoundError, OrganizationNotFoundError } from './errors';
import { identitySettingsSchema } from './identity/settings';
import { SecretBox } from './secret-box';

export interface ConnectionInput {
  name?: string;
  source?: DirectorySource;
  /** The source's settings; secret fields are write-only. On update, omitted keys keep their value. */
  config?: Record<string, unknown>;
  schedule?: string | null;
  deletionPolicy?: DeletionPolicy;
  deletionThresholdPercent?: number | null;
  deletionThresholdCount?: number | null;
  paused?: boolean;
}

/** A connection as callers may see it: settings without secrets, and which secrets are set. */
export interface ConnectionView extends DirectoryConnection {
  secretsSet: string[];
}

export const DEFAULT_DELETION_THRESHOLD_PERCENT = 10;

/** Connections of an organization: validated, encrypted configuration, status after each sync. */
export class ConnectionStore {
  constructor(
    private readonly dataSource: DataSource,
    private readonly secrets: SecretBox,
  ) {}

  private get repository() {
    return this.dataSource.getRepository(DirectoryConnection);
  }

  async list(orgId: string): Promise<ConnectionView[]> {
    const rows = await this.repository.find({ where: { orgId }, order: { name: 'ASC' } });
    return rows.map((row) => this.view(row));
  }

  async get(orgId: string, id: string): Promise<DirectoryConnection> {
    const row = await this.repository.findOne({ where: { orgId, id } });
    if (!row) throw new NotFoundError(`no connection with id ${id}`);
    return row;
  }

  /** The organization a connection belongs to (the command line names a connection by its id alone). */
  async organizationOf(id: string): Promise<string> {
    const row = await this.repository.findOne({
      where: { id: assertId(id, 'connection id') },
      select: { id: true, orgId: true },
    });
    if (!row) throw new NotFoundError(`no connection with id ${id}`);
    return row.orgId;
  }

  /** Connections by id, in one statement; ids of other organizations or deleted ones are absent. */
  async viewsByIds(orgId: string, ids: readonly string[]): Promise<ConnectionView[]> {
    const rows = await this.repository.find({ where: { orgId, id: In([...new Set(ids)]) } });
    return rows.map((row) => this.view(row));
  }

  async getView(orgId: string, id: string): Promise<ConnectionView> {
    return this.view(await this.get(orgId, id));
  }

  async create(orgId: string, input: ConnectionInput): Promise<ConnectionView> {
    if (!input.name?.trim()) throw new InvalidInputError('name must not be empty', 'name');
    if (!input.source) throw new InvalidInputError('source is required', 'source');
    const config = this.validateConfig(input.source, input.config ?? {});
    const row = this.repository.create({
      orgId,
      name: input.name.trim(),
      source: input.source,
      status: input.paused ? 'paused' : 'active',
      schedule: validateSchedule(input.schedule ?? null),
      deletionPolicy: validatePolicy(input.deletionPolicy ?? 'disable'),
      deletionThresholdPercent: validatePercent(
        input.deletionThresholdPercent ?? DEFAULT_DELETION_THRESHOLD_PERCENT,
      ),
      deletionThresholdCount: validateCount(input.deletionThresholdCount ?? null),
      configEncrypted: '',
      settings: {},
    });
    const [{ id, known }] = (await this.dataSource.query(
      `SELECT gen_random_uuid() AS id, EXISTS (SELECT 1 FROM organizations WHERE id = $1) AS known`,
      [orgId],
    )) as { id: string; known: boolean }[];
    // A valid token of an organization we do not have: the caller's problem, not a foreign-key failure.
    if (!known) throw new OrganizationNotFoundError(orgId);
    row.id = id;
    this.seal(row, config);
    await this.saveUnique(row);
    return this.view(row);
  }

  async update(orgId: string, id: string, input: ConnectionInput): Promise<ConnectionView> {
    const row = await this.get(orgId, id);
    if (input.source && input.source !== row.source) {
      throw new InvalidInputError(
        'the source of a connection cannot change; create another connection',
        'source',
      );
    }
    if (input.name !== undefined) {
      if (!input.name.trim()) throw new InvalidInputError('name must not be empty', 'name');
      row.name = input.name.trim();
    }
    if (input.config !== undefined) {
      const merged: Record<string, unknown> = { ...this.openConfig(row) };
      for (const [key, value] of Object.entries(input.config)) {
        if (value === null) delete merged[key];
        else merged[key] = value;
      }
      this.seal(row, this.validateConfig(row.source, merged));
    }
    if (input.schedule !== undefined) row.schedule = validateSchedule(input.schedule);
    if (input.deletionPolicy !== undefined) row.deletionPolicy = validatePolicy(input.deletionPolicy);
    if (input.deletionThresholdPercent !== undefined)
      row.deletionThresholdPercent = validatePercent(input.deletionThresholdPercent);
    if (input.deletionThresholdCount !== undefined)
      row.deletionThresholdCount = validateCount(input.deletionThresholdCount);
    if (input.paused !== undefined) {
      if (input.paused) row.status = 'paused';
      else if (row.status === 'paused') row.status = 'active';
    }
    await this.saveUnique(row);
    return this.view(row);
  }

  async delete(orgId: string, id: string): Promise<DirectoryConnection> {
    const row = await this.get(orgId, id);
    await this.repository.delete({ orgId, id });
    return row;
  }

  /** The decrypted configuration the connector reads (without the identity block). Never log or return it. */
  openSourceConfig(row: DirectoryConnection): Record<string, unknown> {
    const { identity: _identity, ...config } = this.openConfig(row);
    return config;
  }

  /** The decrypted configuration, for the sync pipeline only. Never log or return it. */
  openConfig(row: DirectoryConnection): Record<string, unknown> {
    return JSON.parse(this.secrets.open(row.configEncrypted, row.id)) as Record<string, unknown>;
  }

  /** Re-seals every connection still sealed with an old key (after CONNECTION_ENCRYPTION_KEYS gained a new first key). */
  async rotateKeys(): Promise<number> {
    const rows = await this.repository.find();
    let rotated = 0;
    for (const row of rows) {
      if (!this.secrets.needsRotation(row.configEncrypted)) continue;
      row.configEncrypted = this.secrets.seal(this.secrets.open(row.configEncrypted, row.id), row.id);
      await this.repository.update({ id: row.id }, { configEncrypted: row.configEncrypted });
      rotated += 1;
    }
    return rotated;
  }

  async markSynced(
    connectionId: string,
    /** count: people the connection holds; null: counted here (its records still listed). */
    values: { count: number | null; cursor?: string | null },
    /** The transaction to write in (a sync's apply), else a statement of its own. */
    manager?: EntityManager,
  ): Promise<void> {
    await (manager ?? this.dataSource).query(
      `UPDATE directory_connections SET status = CASE WHEN status = 'paused' THEN status ELSE 'active' END,
         error_message = NULL, last_sync_at = now(),
         last_sync_count = coalesce($2::int,
           (SELECT count(*)::int FROM employee_sources WHERE connection_id = $1 AND NOT unlisted)),
         sync_cursor = CASE WHEN $3 THEN $4 ELSE sync_cursor END, updated_at = now()
       WHERE id = $1`,
      [connectionId, values.count, values.cursor !== undefined, values.cursor ?? null],
    );
  }

  async markFailed(connectionId: string, message: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE directory_connections SET status = CASE WHEN status = 'paused' THEN status ELSE 'error' END,
         error_message = $2, updated_at = now() WHERE id = $1`,
      [connectionId, message.slice(0, 1000)],
    );
  }

  async clearCursor(connectionId: string): Promise<void> {
    await this.dataSource.query(`UPDATE directory_connections SET sync_cursor = NULL WHERE id = $1`, [
      connectionId,
    ]);
  }

  /**
   * The connector's own settings, plus the `identity` block every connection may carry (how its
   * records match people, see directory/identity/settings.ts), validated apart from them.
   */
  private validateConfig(source: DirectorySource, config: Record<string, unknown>): Record<string, unknown> {
    const { identity, ...own } = config;
    const validated = this.validateSourceConfig(source, own);
    if (identity === undefined) return validated;
    const parsed = identitySettingsSchema.safeParse(identity);
    if (!parsed.success) {
      const problems = parsed.error.issues.map(
        (issue) => `identity.${issue.path.join('.')}: ${issue.message}`,
      );
      throw new InvalidInputError(`config is not valid: ${problems.join('; ')}`, 'config');
    }
    return { ...validated, identity: parsed.data };
  }

  private validateSourceConfig(
    source: DirectorySource,
    config: Record<string, unknown>,
  ): Record<string, unknown> {
    if (PUSH_SOURCES.has(source)) return {};
    const definition = connectorDefinition(source);
    if (!definition) {
      throw new InvalidInputError(
        `source ${source} has no connector yet; supported: ${[...supportedPullSources(), ...PUSH_SOURCES].join(', ')}`,
        'source',
      );
    }
    try {
      return definition.parseConfig(config) as Record<string, unknown>;
    } catch (error) {
      if (error instanceof ZodError) {
        // Name the fields and what is wrong, never the values (they may be secrets).
        const problems = error.issues.map(
          (issue) => `${issue.path.join('.') || '(config)'}: ${issue.message}`,
        );
        throw new InvalidInputError(`config is not valid for ${source}: ${problems.join('; ')}`, 'config');
      }
      throw error;
    }
  }

  private seal(row: DirectoryConnection, config: Record<string, unknown>): void {
    const secretFields = this.secretFields(row.source);
    row.settings = Object.fromEntries(Object.entries(config).filter(([key]) => !secretFields.includes(key)));
    row.configEncrypted = this.secrets.seal(JSON.stringify(config), row.id);
  }

  private secretFields(source: DirectorySource): readonly string[] {
    return connectorDefinition(source)?.secretFields ?? [];
  }

  private view(row: DirectoryConnection): ConnectionView {
    const secretFields = this.secretFields(row.source);
    const config = secretFields.length ? this.openConfig(row) : {};
    return Object.assign(row, { secretsSet: secretFields.filter((field) => config[field] !== undefined) });
  }

  private async saveUnique(row: DirectoryConnection): Promise<void> {
    try {
      await this.repository.save(row);
    } catch (error) {
      if ((error as { code?: string }).code === '23505') {
        throw new InvalidInputError(`a connection named "${row.name}" already exists`, 'name');
      }
      throw error;
    }
  }
}

const CRON_FIELD = /^[\d*,/\-?LW#A-Za-z]+$/;

function validateSchedule(schedule: string | null): string | null {
  if (schedule === null || schedule.trim() === '') return null;
  const fields = schedule.trim().split(/\s+/);
  if (fields.length < 5 || fields.length > 6 || !fields.every((field) => CRON_FIELD.test(field))) {
    throw new InvalidInputError(
      `schedule must be a cron pattern such as "0 */6 * * *", got "${schedule.slice(0, 64)}"`,
      'schedule',
    );
  }
  return fields.join(' ');
}

function validatePolicy(policy: string): DeletionPolicy {
  if (policy !== 'disable' && policy !== 'delete')
    throw new InvalidInputError('deletionPolicy must be DISABLE or DELETE', 'deletionPolicy');
  return policy;
}

function validatePercent(value: number | null): number | null {
  if (value !== null && !(value >= 0 && value <= 100)) {
    throw new InvalidInputError(
      `deletionThresholdPercent must be from 0 to 100, got ${value}`,
      'deletionThresholdPercent',
    );
  }
  return value;
}

function validateCount(value: number | null): number | null {
  if (value !== null && !(Number.isInteger(value) && value >= 0)) {
    throw new InvalidInputError(
      `deletionThresholdCount must be a whole number of at least 0, got ${value}`,
      'deletionThresholdCount',
    );
  }
  return value;
}
