import { DataSource } from 'typeorm';
import { PUSH_SOURCES } from '../connectors/registry';
import { DirectoryConnection, DirectorySource, SyncJob, SyncStatus, SyncType } from '../entities';
import { InvalidInputError, NotFoundError } from './errors';
import { Page, PageRequest, keyParts, toPage } from './pagination';

/** Where queued jobs go to be worked on (BullMQ in production; see src/jobs). */
export interface SyncJobQueue {
  enqueue(jobId: string, run: number): Promise<void>;
  remove(jobId: string, run: number): Promise<void>;
}

/** Tells subscribers (on any API process) that a job changed. */
export interface SyncJobPublisher {
  publish(job: SyncJob): Promise<void>;
}

export interface TriggerRequest {
  connectionId?: string | null;
  source?: DirectorySource | null;
  syncType: SyncType;
  includeGroups: boolean;
  preview: boolean;
  trigger: 'api' | 'schedule' | 'cli' | 'push';
  /** A pushed document (HRIS import through the graph). */
  document?: unknown;
}

export interface SyncJobFilter {
  source?: DirectorySource | null;
  status?: SyncStatus | null;
  connectionId?: string | null;
}

const ACTIVE: SyncStatus[] = ['queued', 'running'];

/** Sync jobs of an organization: starting, cancelling, confirming and listing them. */
export class SyncJobs {
  constructor(
    private readonly dataSource: DataSource,
    private readonly queue: SyncJobQueue,
    private readonly publisher: SyncJobPublisher,
  ) {}

  private get repository() {
    return this.dataSource.getRepository(SyncJob);
  }

  /**
   * Queues a sync and returns its job at once. One sync per connection at a time: when one is
   * already queued or running, that job is returned instead.
   */
  async trigger(orgId: string, request: TriggerRequest): Promise<SyncJob> {
    const connection = await this.connectionFor(orgId, request);
    if (PUSH_SOURCES.has(connection.source)) {
      throw new InvalidInputError(
        `connection "${connection.name}" receives pushes (${connection.source}); it cannot be pull-synced`,
        'connectionId',
      );
    }
    if (connection.status === 'paused')
      throw new InvalidInputError(`connection "${connection.name}" is paused`, 'connectionId');
    if (request.document === undefined && connection.settings?.push === true) {
      throw new InvalidInputError(
        `connection "${connection.name}" imports pushed documents: use importDirectoryDocument`,
        'connectionId',
      );
    }
    const existing = await this.active(connection.id);
    if (existing) return existing;
    let payloadId: string | null = null;
    if (request.document !== undefined) {
      const [payload] = await this.dataSource.query(
        `INSERT INTO sync_payloads (org_id, document) VALUES ($1, $2) RETURNING id`,
        [orgId, JSON.stringify(request.document)],
      );
      payloadId = payload.id;
    }
    let job: SyncJob;
    try {
      job = await this.repository.save(
        this.repository.create({
          orgId,
          connectionId: connection.id,
          source: connection.source,
          syncType: request.syncType,
          includeGroups: request.includeGroups,
          preview: request.preview,
          trigger: request.trigger,
          status: 'queued',
          queuedAt: new Date(),
          payloadId,
        }),
      );
    } catch (error) {
      // Lost a race with another trigger of the same connection: return the winner.
      if ((error as { code?: string }).code === '23505') {
        const winner = await this.active(connection.id);
        if (winner) return winner;
      }
      throw error;
    }
    await this.enqueueOrFail(job);
    await this.publisher.publish(job);
    return job;
  }

  async cancel(orgId: string, id: string): Promise<SyncJob> {
    const job = await this.get(orgId, id);
    if (!ACTIVE.includes(job.status) && job.status !== 'needs_confirmation') {
      throw new InvalidInputError(`sync ${id} has already finished (${job.status})`, 'id');
    }
    const [rows] = await this.dataSource.query(
      `UPDATE sync_jobs SET status = 'cancelled', completed_at = now(),
         duration_ms = CASE WHEN started_at IS NULL THEN NULL ELSE (extract(epoch FROM now() - started_at) * 1000)::int END
       WHERE id = $1 AND status IN ('queued', 'running', 'needs_confirmation') RETURNING id`,
      [id],
    );
    if (rows.length > 0 && job.status === 'queued') await this.queue.remove(job.id, job.runs);
    const updated = await this.get(orgId, id);
    await this.publisher.publish(updated);
    return updated;
  }

  /** Lets a sync that stopped at the deletion threshold go ahead: it runs again and applies the removals. */
  async confirm(orgId: string, id: string): Promise<SyncJob> {
    const job = await this.get(orgId, id);
    if (job.status !== 'needs_confirmation') {
      throw new InvalidInputError(
        `sync ${id} is ${job.status}; only a sync waiting for confirmation can be confirmed`,
        'id',
      );
    }
    await this.dataSource.query(
      `UPDATE sync_jobs SET status = 'queued', confirmed = true, runs = runs + 1, queued_at = now(), started_at = NULL,
         completed_at = NULL, duration_ms = NULL, progress = '{}'::jsonb, failure_code = NULL, failure_message = NULL
       WHERE id = $1`,
      [id],
    );
    const updated = await this.get(orgId, id);
    await this.enqueueOrFail(updated);
    await this.publisher.publish(updated);
    return updated;
  }

  async get(orgId: string, id: string): Promise<SyncJob> {
    const job = await this.repository.findOne({ where: { orgId, id } });
    if (!job) throw new NotFoundError(`no sync job with id ${id}`);
    return job;
  }

  async find(orgId: string, id: string): Promise<SyncJob | null> {
    return this.repository.findOne({ where: { orgId, id } });
  }

  async list(orgId: string, filter: SyncJobFilter, page: PageRequest): Promise<Page<SyncJob>> {
    const query = this.repository
      .createQueryBuilder('j')
      .where('j.org_id = :orgId', { orgId })
      .orderBy('j.queued_at', 'DESC')
      .addOrderBy('j.id', 'DESC')
      .limit(page.first + 1);
    if (filter.source) query.andWhere('j.source = :source', { source: filter.source });
    if (filter.status) query.andWhere('j.status = :status', { status: filter.status });
    if (filter.connectionId)
      query.andWhere('j.connection_id = :connectionId', { connectionId: filter.connectionId });
    if (page.after) {
      const [queuedAt, id] = keyParts(page.after, ['string', 'string'] as const);
      query.andWhere('(j.queued_at, j.id) < (:queuedAt::timestamptz, :id::uuid)', { queuedAt, id });
    }
    return toPage(await query.getMany(), page.first);
  }

  /** The newest job of each of these connections, in one statement (connections without jobs are absent). */
  async latestOfConnections(orgId: string, connectionIds: readonly string[]): Promise<Map<string, SyncJob>> {
    const jobs = await this.repository
      .createQueryBuilder('j')
      .where(
        `j.id IN (SELECT latest.id FROM unnest(:connectionIds::uuid[]) AS c(id)
           CROSS JOIN LATERAL (SELECT s.id FROM sync_jobs s WHERE s.org_id = :orgId AND s.connection_id = c.id
                               ORDER BY s.queued_at DESC, s.id DESC LIMIT 1) AS latest)`,
        { orgId, connectionIds: [...new Set(connectionIds)] },
      )
      .getMany();
    return new Map(jobs.map((job) => [job.connectionId!, job]));
  }

  async latest(orgId: string, source: DirectorySource | null): Promise<SyncJob | null> {
    return this.repository.findOne({
      where: source ? { orgId, source } : { orgId },
      order: { queuedAt: 'DESC', id: 'DESC' },
    });
  }

  private async active(connectionId: string): Promise<SyncJob | null> {
    return this.repository
      .createQueryBuilder('j')
      .where('j.connection_id = :connectionId AND j.status IN (:...active)', { connectionId, active: ACTIVE })
      .getOne();
  }

  private async enqueueOrFail(job: SyncJob): Promise<void> {
    try {
      await this.queue.enqueue(job.id, job.runs);
    } catch (error) {
      await this.dataSource.query(
        `UPDATE sync_jobs SET status = 'failed', failure_code = 'QUEUE_UNAVAILABLE', failure_message = $2, completed_at = now() WHERE id = $1`,
        [job.id, 'the job queue is unavailable; try again'],
      );
      throw error;
    }
  }

  private async connectionFor(orgId: string, request: TriggerRequest): Promise<DirectoryConnection> {
    const repository = this.dataSource.getRepository(DirectoryConnection);
    if (request.connectionId) {
      const connection = await repository.findOne({ where: { orgId, id: request.connectionId } });
      if (!connection) throw new NotFoundError(`no connection with id ${request.connectionId}`);
      return connection;
    }
    if (!request.source) throw new InvalidInputError('give connectionId or source', 'input');
    const connections = await repository.find({ where: { orgId, source: request.source } });
    if (connections.length === 0) throw new NotFoundError(`no connection of source ${request.source}`);
    if (connections.length > 1) {
      throw new InvalidInputError(
        `${connections.length} connections have source ${request.source}: give connectionId`,
        'source',
      );
    }
    return connections[0];
  }
}
