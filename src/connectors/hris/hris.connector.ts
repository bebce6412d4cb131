import { readFile, stat } from 'node:fs/promises';
import { DirectorySource } from '../../entities/enums';
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

/**
 * Retry-After as milliseconds: either delay-seconds or an HTTP date. Undefined when absent or
 * unreadable, so that the engine falls back to its own backoff.
 */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function errnoCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}

async function readFromFile(config: HrisFileConfig, signal: AbortSignal): Promise<Uint8Array> {
  try {
    const info = await stat(config.file);
    if (!info.isFile()) throw new ConnectorError('CONFIGURATION', `${config.file} is not a regular file`);
    // Refuse before reading: the limit exists so that an oversized file is never loaded.
    checkSize(info.size, config.maxBytes);
    const bytes = await readFile(config.file, { signal });
    checkSize(bytes.byteLength, config.maxBytes); // the file may have grown since stat
    return bytes;
  } catch (error) {
    signal.throwIfAborted();
    if (error instanceof ConnectorError) throw error;
    const code = errnoCode(error);
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new ConnectorError('NOT_FOUND', `the HRIS document ${config.file} does not exist`);
    }
    if (code === 'EACCES' || code === 'EPERM') {
      throw new ConnectorError('PERMISSION', `the HRIS document ${config.file} cannot be read (${code})`);
    }
    if (code === 'EISDIR') throw new ConnectorError('CONFIGURATION', `${config.file} is a directory`);
    throw new ConnectorError(
      'TEMPORARY',
      `the HRIS document ${config.file} could not be read (${code ?? 'I/O error'})`,
    );
  }
}

/** Where a URL points, without its query: presigned URLs carry their signature there. */
function describeUrl(url: string): string {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname}`;
}

function statusError(response: Response, where: string): ConnectorError {
  const { status } = response;
  const said = `${where} answered HTTP ${status}`;
  if (status === 401) return new ConnectorError('AUTH', `${said}: the bearer token was refused`);
  if (status === 403) return new ConnectorError('PERMISSION', `${said}: access to the document is forbidden`);
  if (status === 404 || status === 410) return new ConnectorError('NOT_FOUND', `${said}: no document there`);
  const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
  if (status === 429) return new ConnectorError('THROTTLED', `${said}: rate limited`, retryAfterMs);
  if (status === 408 || status >= 500) return new ConnectorError('TEMPORARY', said, retryAfterMs);
  return new ConnectorError('CONFIGURATION', said);
}

/** Reads the body, counting bytes as they come: Content-Length may be absent or describe a compressed body. */
async function readBody(response: Response, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel();
    checkSize(declared, maxBytes);
  }
  if (!response.body) return new Uint8Array(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      checkSize(total, maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, total);
}

function networkReason(error: unknown): string {
  const cause = error instanceof Error ? error.cause : undefined;
  return errnoCode(cause) ?? errnoCode(error) ?? (error instanceof Error ? error.name : 'network error');
}

/** Belt and braces: whatever a message was built from, the token never leaves in it. */
function redact(error: ConnectorError, token: string | undefined): ConnectorError {
  if (!token || !error.message.includes(token)) return error;
  return new ConnectorError(error.code, error.message.split(token).join('[redacted]'), error.retryAfterMs);
}

async function fetchDocument(config: HrisUrlConfig, signal: AbortSignal): Promise<Uint8Array> {
  const timeout = AbortSignal.timeout(config.timeoutMs);
  const where = describeUrl(config.url);
  const headers: Record<string, string> = { accept: 'application/json' };
  if (config.bearerToken) headers.authorization = `Bearer ${config.bearerToken}`;
  try {
    // One signal for the request and the body, so that timeoutMs bounds the whole download. fetch
    // drops the Authorization header on cross-origin redirects, so following them is safe.
    const response = await fetch(config.url, { headers, signal: AbortSignal.any([signal, timeout]) });
    if (!response.ok) {
      await response.body?.cancel();
      throw statusError(response, where);
    }
    return await readBody(response, config.maxBytes);
  } catch (error) {
    signal.throwIfAborted(); // the caller stopped the sync: not a failure of the source
    if (error instanceof ConnectorError) throw redact(error, config.bearerToken);
    const failure = timeout.aborted
      ? new ConnectorError('TEMPORARY', `${where} did not deliver the document within ${config.timeoutMs} ms`)
      : new ConnectorError('TEMPORARY', `${where} could not be reached (${networkReason(error)})`);
    throw redact(failure, config.bearerToken);
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
  if ('file' in config) return parseHrisJson(await readFromFile(config, signal));
  if ('url' in config) return parseHrisJson(await fetchDocument(config, signal));
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
