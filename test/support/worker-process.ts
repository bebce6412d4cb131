import { ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createClient, Client, ExecutionResult } from 'graphql-ws';
import WebSocket from 'ws';
import { TEST_HRIS_IMPORT_DIR } from './operator-env';

/** The repository root: workers run the compiled binary from here, as `node dist/src/main.js worker`. */
const REPO_ROOT = join(__dirname, '../..');

// ---------------------------------------------------------------------------------------------
// HRIS documents

export interface HrisDocumentOptions {
  employees: number;
  /** Groups g0..g{groups-1}; employee i belongs to g{i % groups}. */
  groups?: number;
}

/**
 * An HRIS document (snake_case form) of a management tree: employee 0 leads, employee i (i ≥ 1)
 * reports to employee floor((i - 1) / 8), by employee number. Emails are person{i}@acme.test.
 */
export function hrisDocument({ employees, groups = 5 }: HrisDocumentOptions): Record<string, unknown> {
  const employeeNumber = (i: number) => `EN${String(i).padStart(6, '0')}`;
  return {
    employees: Array.from({ length: employees }, (_, i) => ({
      id: `emp-${i}`,
      employee_number: employeeNumber(i),
      email: `person${i}@acme.test`,
      first_name: `Person`,
      last_name: `Number${i}`,
      job_title: i === 0 ? 'Chief Executive' : 'Engineer',
      managers: i === 0 ? [] : [employeeNumber(Math.floor((i - 1) / 8))],
      groups: [`g${i % groups}`],
      employment_status: 'ACTIVE',
    })),
    groups: Array.from({ length: groups }, (_, g) => ({
      id: `g${g}`,
      name: `Team ${g}`,
      group_type: 'TEAM',
    })),
  };
}

/**
 * Writes documents into the organizations' import directories (HRIS_IMPORT_DIR/<orgId>/, where
 * file connections may read), each in a folder of its own; remove() deletes those folders.
 */
export class DocumentFolder {
  private readonly folders: string[] = [];

  static async create(): Promise<DocumentFolder> {
    return new DocumentFolder();
  }

  /** Writes the document for the organization and returns its absolute path (the connection's `file`). */
  async write(orgId: string, name: string, document: unknown): Promise<string> {
    const organizationDirectory = join(TEST_HRIS_IMPORT_DIR, orgId);
    await mkdir(organizationDirectory, { recursive: true });
    const folder = await mkdtemp(join(organizationDirectory, 'worker-test-'));
    this.folders.push(folder);
    const file = join(folder, name);
    await writeFile(file, JSON.stringify(document));
    return file;
  }

  async remove(): Promise<void> {
    await Promise.all(this.folders.map((folder) => rm(folder, { recursive: true, force: true })));
  }
}

// ---------------------------------------------------------------------------------------------
// Worker processes

export interface WorkerProcess {
  name: string;
  child: ChildProcessWithoutNullStreams;
  /** Resolves when the process has exited, however it ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves when the worker says it takes jobs off the queue. */
  ready: Promise<void>;
}

/**
 * Worker processes started by a test, with their output kept for the failure report. killAll()
 * kills every one still alive (SIGKILL) and waits until each has exited.
 */
export class WorkerProcesses {
  private readonly processes: WorkerProcess[] = [];
  private output: string[] = [];

  /** Starts `node dist/src/main.js worker` with the given environment on top of this process's. */
  spawn(name: string, env: NodeJS.ProcessEnv): WorkerProcess {
    const child = spawn(process.execPath, ['dist/src/main.js', 'worker'], {
      cwd: REPO_ROOT,
      // The worker announces itself in its log: jest's silence would hide it (LOG_LEVEL under jest).
      env: { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL || 'info', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const started = Date.now();
    const note = (stream: string) => (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (line.trim() !== '') this.output.push(`[${name} ${stream} +${Date.now() - started}ms] ${line}`);
      }
    };
    let announceReady: () => void = () => undefined;
    const ready = new Promise<void>((resolve) => (announceReady = resolve));
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString('utf8').includes('sync worker running')) announceReady();
    });
    child.stdout.on('data', note('stdout'));
    child.stderr.on('data', note('stderr'));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
      child.once('exit', (code, signal) => {
        this.output.push(`[${name}] exited (code ${code}, signal ${signal}) after ${Date.now() - started}ms`);
        resolve({ code, signal });
      });
    });
    child.once('error', (error) => this.output.push(`[${name}] could not start: ${error.message}`));
    const worker = { name, child, exited, ready };
    this.processes.push(worker);
    return worker;
  }

  /** Kills a worker the way a crash or an OOM kill would, and waits until it is gone. */
  async kill(worker: WorkerProcess, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    if (isAlive(worker)) worker.child.kill(signal);
    await worker.exited;
  }

  async killAll(): Promise<void> {
    await Promise.all(this.processes.map((worker) => this.kill(worker)));
    this.processes.length = 0;
  }

  /** Everything the workers wrote so far, one line each, prefixed with the worker's name. */
  logs(): string {
    return this.output.join('\n');
  }

  clearLogs(): void {
    this.output = [];
  }
}

function isAlive(worker: WorkerProcess): boolean {
  return worker.child.exitCode === null && worker.child.signalCode === null;
}

/**
 * Runs a test body; when it fails, prints what the workers wrote (and only then), then fails.
 */
export async function withWorkerLogs(workers: WorkerProcesses, body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (error) {
    console.error(`worker output:\n${workers.logs() || '(none)'}`);
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// Waiting

/** Polls check until it returns a value other than undefined; fails after timeoutMs naming what. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined> | T | undefined,
  { timeoutMs = 20_000, intervalMs = 50 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

// ---------------------------------------------------------------------------------------------
// Subscriptions over graphql-ws

/**
 * One subscription on the API's graphql-ws endpoint, collecting every event it receives. Errors
 * (a refused connection, a GraphQL error) are kept and make next() fail.
 */
export class SubscriptionLog<T> {
  readonly events: T[] = [];
  readonly errors: unknown[] = [];
  private completed = false;
  private wake: (() => void) | null = null;
  private readonly client: Client;
  private readonly unsubscribe: () => void;
  private readonly acknowledged: Promise<void>;

  constructor(httpUrl: string, token: string, query: string, variables: Record<string, unknown> = {}) {
    this.client = createClient({
      url: httpUrl.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${token}` },
      retryAttempts: 0,
    });
    this.acknowledged = new Promise((resolve, reject) => {
      this.client.on('connected', () => resolve());
      this.client.on('closed', (event) =>
        reject(new Error(`graphql-ws closed before acknowledging: ${describeClose(event)}`)),
      );
    });
    // Observed through connected(); a later close is reported by the sink's error instead.
    this.acknowledged.catch(() => undefined);
    this.unsubscribe = this.client.subscribe<T>(
      { query, variables },
      {
        next: (result: ExecutionResult<T>) => {
          if (result.errors?.length) this.errors.push(result.errors);
          else if (result.data) this.events.push(result.data);
          this.notify();
        },
        error: (error: unknown) => {
          this.errors.push(error);
          this.notify();
        },
        complete: () => {
          this.completed = true;
          this.notify();
        },
      },
    );
  }

  /** Resolves when the connection is acknowledged (the token was accepted). */
  connected(timeoutMs = 5_000): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('graphql-ws: no connection_ack')), timeoutMs);
    });
    return Promise.race([this.acknowledged, timeout]).finally(() => clearTimeout(timer));
  }

  /** Waits until some event satisfies accept and returns it. */
  async waitFor(what: string, accept: (event: T) => boolean, timeoutMs = 20_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events.find(accept);
      if (found !== undefined) return found;
      if (this.errors.length > 0)
        throw new Error(`subscription failed while waiting for ${what}: ${JSON.stringify(this.errors)}`);
      if (this.completed) throw new Error(`subscription ended while waiting for ${what}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = null;
    }
  }

  async close(): Promise<void> {
    this.unsubscribe();
    await this.client.dispose();
  }

  private notify(): void {
    this.wake?.();
  }
}

function describeClose(event: unknown): string {
  if (typeof event === 'object' && event !== null && 'code' in event) {
    const { code, reason } = event as { code: unknown; reason?: unknown };
    return `code ${String(code)}${reason ? `, ${String(reason)}` : ''}`;
  }
  return String(event);
}
