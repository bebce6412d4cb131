import fc from 'fast-check';
import { DataSource } from 'typeorm';
import { loadConfig } from '../../src/config';
import { ConnectorError, SourceGroup, SourceUser } from '../../src/connectors/types';
import { ConnectionStore } from '../../src/directory/connections';
import { SecretBox } from '../../src/directory/secret-box';
import { SyncJobs } from '../../src/directory/sync-jobs';
import { InlineQueue } from '../support/inline-sync';
import { DirectorySource, SyncJob } from '../../src/entities';
import { SyncPipeline } from '../../src/jobs/sync-pipeline';
import { ScriptedSource } from '../fakes/scripted-connector';
import { createOrganization } from '../support/factories';

/**
 * A model-based soak of the sync engine: random directories (managers with cycles, nested groups,
 * memberships) × random source changes × full and incremental syncs × injected faults (a run
 * overtaken by another as after a lock expiry, PostgreSQL backends terminated mid-sync, 429/5xx
 * from the source, truncated reads). After every sync: no removal past the threshold; at the end
 * of a case (faults stop, a clean sync completes): the directory equals the source, no job is left
 * queued or running, and the other organization is untouched.
 */

interface ModelPerson {
  title: string;
  /** Index into the people, or null. Cycles allowed. */
  manager: number | null;
}
interface ModelGroup {
  members: number[];
  /** Child groups (indexes into groups). */
  children: number[];
}
interface ModelSource {
  /** Present people by index (absent = removed from the source). */
  people: Map<number, ModelPerson>;
  groups: ModelGroup[];
}

export type Fault = 'none' | 'superseded' | 'pgTerminate' | 'throttled' | 'unavailable' | 'truncated';
interface Step {
  change: { remove: number[]; add: number; retitle: number[]; remanage: [number, number | null][] };
  mode: 'full' | 'incremental';
  fault: Fault;
}
interface Case {
  people: ModelPerson[];
  groups: ModelGroup[];
  steps: Step[];
}

const THRESHOLD_PERCENT = 10;

export function caseArbitrary(): fc.Arbitrary<Case> {
  return fc.integer({ min: 1, max: 24 }).chain((size) =>
    fc.record({
      people: fc.array(
        fc.record({
          title: fc.constantFrom('Engineer', 'Lead', 'Analyst'),
          manager: fc.option(fc.nat(size - 1), { nil: null }),
        }),
        { minLength: size, maxLength: size },
      ),
      groups: fc.array(
        fc.record({
          members: fc.uniqueArray(fc.nat(size - 1), { maxLength: 6 }),
          children: fc.uniqueArray(fc.nat(3), { maxLength: 2 }),
        }),
        { maxLength: 4 },
      ),
      steps: fc.array(
        fc.record({
          change: fc.record({
            remove: fc.uniqueArray(fc.nat(size + 8), { maxLength: 4 }),
            add: fc.nat(3),
            retitle: fc.uniqueArray(fc.nat(size + 8), { maxLength: 3 }),
            remanage: fc.array(fc.tuple(fc.nat(size + 8), fc.option(fc.nat(size + 8), { nil: null })), {
              maxLength: 3,
            }),
          }),
          mode: fc.constantFrom('full' as const, 'incremental' as const),
          fault: fc.constantFrom<Fault>(
            'none',
            'none',
            'superseded',
            'pgTerminate',
            'throttled',
            'unavailable',
            'truncated',
          ),
        }),
        { minLength: 1, maxLength: 4 },
      ),
    }),
  );
}

export interface SoakFigures {
  cases: number;
  syncs: number;
  faults: Record<Fault, number>;
}

export class SyncSoak {
  readonly figures: SoakFigures = {
    cases: 0,
    syncs: 0,
    faults: { none: 0, superseded: 0, pgTerminate: 0, throttled: 0, unavailable: 0, truncated: 0 },
  };
  private readonly source = new ScriptedSource();
  private readonly connections: ConnectionStore;
  private readonly jobs: SyncJobs;
  private readonly pipeline: SyncPipeline;
  private onPublish: ((job: SyncJob) => Promise<void>) | null = null;
  private bystander: { orgId: string; snapshot: string } | null = null;
  private caseNumber = 0;

  constructor(private readonly dataSource: DataSource) {
    this.connections = new ConnectionStore(dataSource, new SecretBox(loadConfig({}).encryptionKeys));
    const publisher = { publish: async (job: SyncJob) => void (await this.onPublish?.(job)) };
    this.jobs = new SyncJobs(dataSource, new InlineQueue(), publisher);
    this.pipeline = new SyncPipeline(dataSource, this.connections, publisher, {
      definitionOf: () => this.source.definition(),
      deletionWindowHours: 24,
    });
  }

  /** Another organization, synced once: no case may change it. */
  async prepareBystander(): Promise<void> {
    const orgId = await createOrganization(this.dataSource);
    const connectionId = await this.createConnection(orgId, 'bystander');
    this.source.full = {
      users: [0, 1, 2].map((i) => this.user('bystander', i, { title: 'Other', manager: null })),
      nextCursor: 'b',
    };
    await this.syncToEnd(orgId, connectionId, 'full', false);
    this.bystander = { orgId, snapshot: await this.snapshot(orgId) };
  }

  async runCase(input: Case): Promise<void> {
    const tag = `c${++this.caseNumber}`;
    this.figures.cases++;
    const orgId = await createOrganization(this.dataSource);
    const connectionId = await this.createConnection(orgId, tag);
    const model: ModelSource = {
      people: new Map(input.people.map((person, index) => [index, person])),
      groups: input.groups.map((group) => ({
        members: group.members,
        children: group.children.filter((child) => child < input.groups.length),
      })),
    };
    let next = input.people.length;
    let cursor = 0;
    const snapshots = new Map<string, ModelSource>();
    /** People some listing had with a record the sync accepts (not their own manager). */
    const everAccepted = new Set<number>();
    const publish = (full: ModelSource, users: SourceUser[]) => {
      for (const [index, person] of full.people) if (person.manager !== index) everAccepted.add(index);
      const name = `${tag}-k${++cursor}`;
      snapshots.set(name, clone(full));
      this.source.full = { users, groups: this.groups(tag, full), nextCursor: name };
      this.source.changes = {};
      for (const [old, before] of snapshots)
        if (old !== name) this.source.changes[old] = { ...this.delta(tag, before, full), nextCursor: name };
    };
    publish(model, this.users(tag, model));
    await this.syncToEnd(orgId, connectionId, 'full', true);

    for (const step of input.steps) {
      for (const index of step.change.remove) model.people.delete(index);
      for (let i = 0; i < step.change.add; i++) model.people.set(next++, { title: 'New', manager: null });
      for (const index of step.change.retitle) {
        const person = model.people.get(index);
        if (person) model.people.set(index, { ...person, title: `${person.title}+` });
      }
      for (const [index, manager] of step.change.remanage) {
        const person = model.people.get(index);
        if (person) model.people.set(index, { ...person, manager });
      }
      let users = this.users(tag, model);
      if (step.fault === 'truncated' && users.length > 1)
        users = users.slice(0, Math.floor(users.length / 3));
      publish(model, users);
      this.figures.faults[step.fault]++;
      await this.syncWithFault(orgId, connectionId, step, tag);
      if (step.fault === 'truncated') publish(model, this.users(tag, model));
    }

    // Faults stop: a clean full sync (confirmed if it has to be) brings the directory to the source.
    publish(model, this.users(tag, model));
    await this.syncToEnd(orgId, connectionId, 'full', true);
    await this.expectDirectoryEqualsSource(connectionId, tag, model, everAccepted);
    const [stuck] = await this.dataSource.query(
      `SELECT count(*)::int AS count FROM sync_jobs WHERE org_id = $1 AND status IN ('queued', 'running')`,
      [orgId],
    );
    if (stuck.count !== 0) throw new Error(`${stuck.count} job(s) left queued or running`);
    if (this.bystander && (await this.snapshot(this.bystander.orgId)) !== this.bystander.snapshot)
      throw new Error('another organization changed');
  }

  private async syncWithFault(orgId: string, connectionId: string, step: Step, tag: string): Promise<void> {
    const job = await this.trigger(orgId, connectionId, step.mode);
    if (step.fault === 'throttled' || step.fault === 'unavailable') {
      const code = step.fault === 'throttled' ? 'THROTTLED' : 'TEMPORARY';
      const saved = this.source.full;
      const savedChanges = this.source.changes;
      const fail = new ConnectorError(
        code,
        step.fault === 'throttled' ? '429 Too Many Requests' : '503 Service Unavailable',
      );
      this.source.full = { ...saved, fail };
      this.source.changes = Object.fromEntries(
        Object.entries(savedChanges).map(([key, read]) => [key, { ...read, fail }]),
      );
      await this.pipeline.run(job.id, { finalAttempt: false }).catch(() => undefined);
      this.source.full = saved;
      this.source.changes = savedChanges;
    } else if (step.fault === 'superseded' || step.fault === 'pgTerminate') {
      const hold = this.source.holdNextRead();
      const run = this.pipeline.run(job.id, { finalAttempt: false }).catch(() => undefined);
      await hold.reached;
      if (step.fault === 'superseded')
        await this.dataSource.query(`UPDATE sync_jobs SET attempts = attempts + 1 WHERE id = $1`, [job.id]);
      else
        await this.dataSource.query(
          `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
        );
      hold.release();
      await run;
    }
    await this.finishJob(connectionId, job.id, false, tag);
  }

  /** Runs the job (again) until it is over, as the queue would; checks the threshold held. */
  private async finishJob(connectionId: string, jobId: string, confirm: boolean, tag: string): Promise<void> {
    for (let attempt = 0; attempt < 10; attempt++) {
      const [row] = (await this.dataSource.query(`SELECT status FROM sync_jobs WHERE id = $1`, [jobId])) as {
        status: string;
      }[];
      if (row.status === 'needs_confirmation') {
        if (!confirm) {
          await this.jobs.cancel(await this.orgOf(jobId), jobId);
          return;
        }
        await this.jobs.confirm(await this.orgOf(jobId), jobId);
      } else if (row.status !== 'queued' && row.status !== 'running') return;
      const before = await this.activeCount(connectionId);
      const recent = await this.recentRemovals(connectionId);
      this.figures.syncs++;
      const done = await this.pipeline.run(jobId, { finalAttempt: attempt >= 3 }).catch(() => null);
      if (done?.status === 'completed' && !done.confirmed) {
        const removed = (done.stats.usersDisabled ?? 0) + (done.stats.usersDeleted ?? 0);
        const total = removed + recent;
        if (removed > 0 && total > 5 && total * 100 > THRESHOLD_PERCENT * (before + recent))
          throw new Error(
            `${tag}: ${removed} removals (+${recent} recent) of ${before} went past the threshold`,
          );
      }
    }
    throw new Error(`${tag}: job ${jobId} did not finish`);
  }

  private async syncToEnd(
    orgId: string,
    connectionId: string,
    mode: 'full' | 'incremental',
    confirm: boolean,
  ) {
    const job = await this.trigger(orgId, connectionId, mode);
    await this.finishJob(connectionId, job.id, confirm, 'sync');
  }

  private trigger(orgId: string, connectionId: string, syncType: 'full' | 'incremental') {
    return this.jobs.trigger(orgId, {
      connectionId,
      syncType,
      includeGroups: true,
      preview: false,
      trigger: 'api',
    });
  }

  private async createConnection(orgId: string, name: string): Promise<string> {
    const connection = await this.connections.create(orgId, {
      name,
      source: DirectorySource.HRIS_IMPORT,
      config: { file: '/unused.json' },
      deletionThresholdPercent: THRESHOLD_PERCENT,
    });
    return connection.id;
  }

  private user(tag: string, index: number, person: ModelPerson): SourceUser {
    return {
      externalId: `${tag}-p${index}`,
      attributes: {
        email: `${tag}-p${index}@soak.test`,
        firstName: 'P',
        lastName: `${index}`,
        jobTitle: person.title,
        status: 'active',
      },
      manager: person.manager === null ? null : { kind: 'externalId', value: `${tag}-p${person.manager}` },
    };
  }

  private users(tag: string, model: ModelSource): SourceUser[] {
    return [...model.people].map(([index, person]) => this.user(tag, index, person));
  }

  private groups(tag: string, model: ModelSource): SourceGroup[] {
    return model.groups.map((group, index) => ({
      externalId: `${tag}-g${index}`,
      attributes: { name: `${tag} group ${index}` },
      members: [
        ...group.members
          .filter((member) => model.people.has(member))
          .map((member) => ({ type: 'user' as const, externalId: `${tag}-p${member}` })),
        ...group.children
          .filter((child) => child !== index)
          .map((child) => ({ type: 'group' as const, externalId: `${tag}-g${child}` })),
      ],
    }));
  }

  private delta(tag: string, before: ModelSource, after: ModelSource) {
    const users: SourceUser[] = [];
    for (const [index, person] of after.people) {
      const old = before.people.get(index);
      if (!old || old.title !== person.title || old.manager !== person.manager)
        users.push(this.user(tag, index, person));
    }
    for (const index of before.people.keys())
      if (!after.people.has(index))
        users.push({ externalId: `${tag}-p${index}`, attributes: {}, removed: true });
    return { users, groups: this.groups(tag, after) };
  }

  private async expectDirectoryEqualsSource(
    connectionId: string,
    tag: string,
    model: ModelSource,
    everAccepted: Set<number>,
  ): Promise<void> {
    const rows = (await this.dataSource.query(
      `SELECT e.external_id AS id, e.job_title AS title, m.external_id AS manager
       FROM employees e LEFT JOIN employees m ON m.id = e.manager_id
       WHERE e.connection_id = $1 AND e.status = 'active' AND e.deprovisioned_at IS NULL`,
      [connectionId],
    )) as { id: string; title: string; manager: string | null }[];
    // A record that names itself as its manager is rejected (MANAGER_CYCLE), the rest goes in. A
    // rejected record the source still lists holds its person as the directory had them (or absent,
    // if it never had them): such a person is left out of the comparison, but must be someone an
    // earlier listing had with an accepted record.
    const accepted = (index: number) => model.people.has(index) && model.people.get(index)!.manager !== index;
    const rejected = new Set(
      [...model.people.keys()].filter((index) => !accepted(index)).map((index) => `${tag}-p${index}`),
    );
    for (const row of rows) {
      const index = Number(row.id.slice(`${tag}-p`.length));
      if (rejected.has(row.id) && !everAccepted.has(index))
        throw new Error(`${tag}: ${row.id} is active, though no record of theirs was ever accepted`);
    }
    const actual = new Map(rows.filter((row) => !rejected.has(row.id)).map((row) => [row.id, row]));
    const expected = [...model.people.keys()]
      .filter(accepted)
      .map((index) => `${tag}-p${index}`)
      .sort();
    const got = [...actual.keys()].sort();
    if (JSON.stringify(got) !== JSON.stringify(expected)) {
      const missing = expected.filter((id) => !actual.has(id));
      const detail = await this.dataSource.query(
        `SELECT external_id, status, deprovisioned_at, email FROM employees WHERE external_id = ANY($1)`,
        [missing],
      );
      const errors = await this.dataSource.query(
        `SELECT status, stats, errors, failure_code FROM sync_jobs WHERE connection_id = $1 ORDER BY queued_at DESC LIMIT 2`,
        [connectionId],
      );
      console.log(JSON.stringify({ detail, errors }));
    }
    if (JSON.stringify(got) !== JSON.stringify(expected))
      throw new Error(`${tag}: people ${JSON.stringify(got)} instead of ${JSON.stringify(expected)}`);
    for (const [index, person] of model.people) {
      if (!accepted(index)) continue;
      const row = actual.get(`${tag}-p${index}`)!;
      if (row.title !== person.title)
        throw new Error(`${tag}-p${index}: title ${row.title}, source ${person.title}`);
      // A reporting cycle is cut at one member (which one is the engine's choice); a manager the
      // source does not list is reported (MANAGER_NOT_FOUND), not guessed.
      if (onCycle(model, index) || (person.manager !== null && !accepted(person.manager))) continue;
      const manager =
        person.manager !== null && model.people.has(person.manager) ? `${tag}-p${person.manager}` : null;
      if (row.manager !== manager)
        throw new Error(`${tag}-p${index}: manager ${row.manager}, source ${manager}`);
    }
    const members = (await this.dataSource.query(
      `SELECT g.external_id AS g, e.external_id AS e FROM group_members gm
       JOIN directory_groups g ON g.id = gm.group_id JOIN employees e ON e.id = gm.employee_id
       WHERE g.connection_id = $1 ORDER BY 1, 2`,
      [connectionId],
    )) as { g: string; e: string }[];
    // A held person keeps the memberships they had.
    const compared = members.filter((row) => !rejected.has(row.e));
    const want = model.groups
      .flatMap((group, index) =>
        group.members.filter(accepted).map((member) => ({ g: `${tag}-g${index}`, e: `${tag}-p${member}` })),
      )
      .sort((a, b) => (a.g + ' ' + a.e < b.g + ' ' + b.e ? -1 : a.g + ' ' + a.e > b.g + ' ' + b.e ? 1 : 0));
    const have = [...compared].sort((a, b) =>
      a.g + ' ' + a.e < b.g + ' ' + b.e ? -1 : a.g + ' ' + a.e > b.g + ' ' + b.e ? 1 : 0,
    );
    if (JSON.stringify(have) !== JSON.stringify(want))
      throw new Error(`${tag}: memberships ${JSON.stringify(have)} instead of ${JSON.stringify(want)}`);
  }

  private async activeCount(connectionId: string): Promise<number> {
    const [row] = await this.dataSource.query(
      `SELECT count(*)::int AS count FROM employees WHERE connection_id = $1 AND deprovisioned_at IS NULL`,
      [connectionId],
    );
    return row.count;
  }

  /** The model's own count of removals since the last confirmed sync (the engine's rule, recomputed). */
  private async recentRemovals(connectionId: string): Promise<number> {
    const rows = (await this.dataSource.query(
      `SELECT confirmed, coalesce((stats->>'usersDisabled')::int, 0) + coalesce((stats->>'usersDeleted')::int, 0) AS removed
       FROM sync_jobs WHERE connection_id = $1 AND status = 'completed' AND NOT preview ORDER BY completed_at`,
      [connectionId],
    )) as { confirmed: boolean; removed: number }[];
    let total = 0;
    for (const row of rows) total = row.confirmed ? 0 : total + row.removed;
    return total;
  }

  private async orgOf(jobId: string): Promise<string> {
    const [row] = await this.dataSource.query(`SELECT org_id FROM sync_jobs WHERE id = $1`, [jobId]);
    return row.org_id;
  }

  private async snapshot(orgId: string): Promise<string> {
    return JSON.stringify(
      await this.dataSource.query(
        `SELECT id, status, job_title, manager_id, updated_at FROM employees WHERE org_id = $1 ORDER BY id`,
        [orgId],
      ),
    );
  }
}

function clone(model: ModelSource): ModelSource {
  return { people: new Map(model.people), groups: model.groups };
}

/** Whether the person's own manager chain comes back to them. */
function onCycle(model: ModelSource, start: number): boolean {
  const seen = new Set<number>();
  let current: number | null = start;
  while (current !== null && model.people.has(current) && !seen.has(current)) {
    seen.add(current);
    current = model.people.get(current)!.manager;
    if (current === start) return true;
  }
  return false;
}
