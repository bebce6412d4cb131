import { constants } from 'node:fs';
import { FileHandle, open, realpath } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { DirectorySource } from '../sources';
import {
  ConnectionTestResult,
  ConnectorContext,
  ConnectorError,
  DirectoryConnector,
  ReadRequest,
  SourceGroup,
  SourcePage,
  SourceUser,
} from '../types';
import { defaultOutboundPolicy, describeUrl, HttpClient, HttpTransport, RetryPolicy } from '../http';
import { HrisEntry, HrisMappedDocument, mapHrisDocument, parseHrisJson, toPages } from './hris-document';
import { HrisConfig, HrisFileConfig, HrisUrlConfig } from './hris.config';

/** Records per page of users() and groups(). */
export const HRIS_PAGE_SIZE = 1000;

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MiB`;
  if (bytes >= 1024) return `${Math.round((bytes / 1024) * 10) / 10} KiB`;
  return `${bytes} bytes`;
}

function checkSize(bytes: number, maxBytes: number): void {
  if (bytes > maxBytes) {
    throw new ConnectorError(
      'INVALID_DATA',
      `the HRIS document is larger than the ${formatBytes(maxBytes)} limit (maxBytes)`,
    );
  }
}

/** Organization ids name a directory: anything but these characters could walk out of it. */
const ORGANIZATION_DIRECTORY = /^[A-Za-z0-9_-]{1,128}$/;

/**
 * The one answer for a file that cannot be imported, whatever the reason (missing, outside the
 * organization's directory, a symlink out of it, unreadable, not a regular file): telling them
 * apart would let a tenant probe the server's disk.
 */
function unavailable(file: string): ConnectorError {
  return new ConnectorError(
    'NOT_FOUND',
    `the HRIS document ${file} is not available: file imports read regular files inside this organization's import directory (HRIS_IMPORT_DIR/<organization id>/)`,
  );
}

/** The organization's import directory, resolved; refuses when the operator allowed no file imports. */
async function organizationDirectory(context: ConnectorContext, file: string): Promise<string> {
  if (!context.importDirectory) {
    throw new ConnectorError(
      'CONFIGURATION',
      'file imports are disabled on this server (the operator has not set HRIS_IMPORT_DIR); use url or push',
    );
  }
  const organizationId = context.organizationId ?? '';
  if (!ORGANIZATION_DIRECTORY.test(organizationId)) throw unavailable(file);
  try {
    return await realpath(join(context.importDirectory, organizationId));
  } catch {
    throw unavailable(file);
  }
}

async function readFromFile(
  config: HrisFileConfig,
  context: ConnectorContext,
  signal: AbortSignal,
): Promise<Uint8Array> {
  const directory = await organizationDirectory(context, config.file);
  let handle: FileHandle | undefined;
  try {
    // Symlinks and ".." resolved first, so that only what really lies inside the directory is opened.
    const real = await realpath(config.file);
    if (!real.startsWith(`${directory}${sep}`)) throw unavailable(config.file);
    handle = await open(real, constants.O_RDONLY | constants.O_NOFOLLOW);
    const info = await handle.stat();
    if (!info.isFile()) throw unavailable(config.file);
    // Refuse before reading: the limit exists so that an oversized file is never loaded.
    checkSize(info.size, config.maxBytes);
    const bytes = await handle.readFile({ signal });
    checkSize(bytes.byteLength, config.maxBytes); // the file may have grown since stat
    return bytes;
  } catch (error) {
    signal.throwIfAborted();
    if (error instanceof ConnectorError) throw error;
    throw unavailable(config.file);
  } finally {
    await handle?.close();
  }
}

/** No retries here: the document is one request, and the engine retries the whole job with its own backoff. */
const NO_RETRIES: RetryPolicy = {
  maxThrottleRetries: 0,
  maxTemporaryRetries: 0,
  backoffMs: 1_000,
  maxWaitMs: 0,
};
/** Presigned and CDN URLs may redirect a few times; every hop passes the outbound policy again. */
const MAX_REDIRECTS = 5;

async function fetchDocument(
  config: HrisUrlConfig,
  context: ConnectorContext,
  signal: AbortSignal,
): Promise<Uint8Array> {
  const transport = new HttpTransport({
    outbound: context.outbound ?? defaultOutboundPolicy(),
    caCertificatePem: config.caCertificatePem,
    maxResponseBytes: config.maxBytes,
  });
  const client = new HttpClient({
    transport,
    service: 'the HRIS server',
    timeoutMs: config.timeoutMs,
    retry: NO_RETRIES,
    secrets: [config.bearerToken],
  });
  const headers: Record<string, string> = { accept: 'application/json' };
  // The transport drops the Authorization header on redirects to another origin.
  if (config.bearerToken) headers.authorization = `Bearer ${config.bearerToken}`;
  try {
    const response = await client.send({
      url: config.url,
      headers,
      what: `downloading ${describeUrl(config.url)}`,
      signal,
      maxRedirects: MAX_REDIRECTS,
    });
    return response.body;
  } finally {
    transport.close();
  }
}

/** A pushed document may come as JSON text, as bytes, or already parsed by the graph layer. */
function readPushed(pushed: unknown, maxBytes: number): unknown {
  if (pushed === undefined || pushed === null) {
    throw new ConnectorError('CONFIGURATION', 'no document was pushed for this sync');
  }
  if (typeof pushed === 'string') {
    checkSize(Buffer.byteLength(pushed), maxBytes);
    return parseHrisJson(pushed);
  }
  if (pushed instanceof Uint8Array) {
    checkSize(pushed.byteLength, maxBytes);
    return parseHrisJson(pushed);
  }
  // Already parsed: measure it as the JSON text it stands for, so the same limit holds for every source.
  let size: number;
  try {
    size = Buffer.byteLength(JSON.stringify(pushed) ?? '');
  } catch {
    throw new ConnectorError('INVALID_DATA', 'the pushed HRIS document is not JSON');
  }
  checkSize(size, maxBytes);
  return pushed;
}

async function readDocument(
  config: HrisConfig,
  context: ConnectorContext,
  signal: AbortSignal,
): Promise<unknown> {
  if ('file' in config) return parseHrisJson(await readFromFile(config, context, signal));
  if ('url' in config) return parseHrisJson(await fetchDocument(config, context, signal));
  return readPushed(context.pushedDocument, config.maxBytes);
}

/**
 * Imports people and groups from one HRIS JSON document (file, URL or pushed). The document is a
 * complete snapshot, so only full syncs exist; it is read and mapped once per instance and then
 * served to users() and groups() from memory.
 */
export class HrisConnector implements DirectoryConnector {
  readonly source = DirectorySource.HRIS_IMPORT;
  readonly supportsIncremental = false;
  private document: Promise<HrisMappedDocument> | undefined;

  constructor(
    private readonly config: HrisConfig,
    private readonly context: ConnectorContext = {},
  ) {}

  async test(signal: AbortSignal): Promise<ConnectionTestResult> {
    const document = await this.load(signal);
    return { userCount: document.userCount };
  }

  users(request: ReadRequest): AsyncIterable<SourcePage<SourceUser>> {
    return this.pages(request, (document) => document.users);
  }

  groups(request: ReadRequest): AsyncIterable<SourcePage<SourceGroup>> {
    return this.pages(request, (document) => document.groups);
  }

  nextCursor(): string | null {
    return null;
  }

  private async *pages<T>(
    request: ReadRequest,
    pick: (document: HrisMappedDocument) => HrisEntry<T>[],
  ): AsyncGenerator<SourcePage<T>> {
    const document = await this.load(request.signal);
    const entries = pick(document);
    for (const page of toPages(entries, HRIS_PAGE_SIZE)) {
      request.signal.throwIfAborted();
      yield { ...page, total: entries.length };
    }
  }

  private async load(signal: AbortSignal): Promise<HrisMappedDocument> {
    signal.throwIfAborted();
    if (!this.document) {
      const loading = readDocument(this.config, this.context, signal).then(mapHrisDocument);
      this.document = loading;
      // A failed or aborted load is forgotten, so that a later call reads the source again.
      loading.catch(() => {
        if (this.document === loading) this.document = undefined;
      });
    }
    const document = await this.document;
    signal.throwIfAborted();
    return document;
  }
}
