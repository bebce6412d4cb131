import { readdirSync, readFileSync } from 'node:fs';
import { IncomingMessage, ServerResponse } from 'node:http';
import { dirname, join, resolve } from 'node:path';

/**
 * The browser pages the subgraph serves itself: GraphiQL at GET /graphql (for browsers) and the
 * org chart at /org-chart. Every script and style comes from this server (no CDN), so both work
 * with no network beyond it: the pages' own files from ./static, the libraries' prebuilt browser
 * builds (UMD) from the installed npm packages.
 */
export interface Pages {
  /** Answers the request when it is for a page or one of its assets; false otherwise. */
  handle(request: IncomingMessage, response: ServerResponse, url: URL): boolean;
}

/** The repository root, whether this runs from src (ts-jest) or dist/src (node). */
const ROOT = resolve(__dirname, __dirname.includes(`${'dist'}`) ? '../../../..' : '../../..');
const STATIC = join(ROOT, 'src', 'server', 'pages', 'static');
const OPERATIONS = join(ROOT, 'schema', 'operations');

/** A file of an installed package (its root found from its main entry: some export no package.json). */
function packageFile(name: string, relative: string): string {
  let directory = dirname(require.resolve(name));
  while (!directory.endsWith(join('node_modules', name))) {
    const parent = dirname(directory);
    if (parent === directory) throw new Error(`cannot find the root of package ${name}`);
    directory = parent;
  }
  return join(directory, relative);
}

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json',
};

interface Asset {
  file: string;
  type: string;
}

/** URL path → file: a fixed list, so no request names a path on disk. */
function assetTable(): Map<string, Asset> {
  const entries: [string, string][] = [
    ['/assets/react.production.min.js', packageFile('react', 'umd/react.production.min.js')],
    ['/assets/react-dom.production.min.js', packageFile('react-dom', 'umd/react-dom.production.min.js')],
    ['/assets/graphiql.min.js', packageFile('graphiql', 'graphiql.min.js')],
    ['/assets/graphiql.min.css', packageFile('graphiql', 'graphiql.min.css')],
    ['/assets/graphql-ws.min.js', packageFile('graphql-ws', 'umd/graphql-ws.min.js')],
    ['/assets/d3.min.js', packageFile('d3', 'dist/d3.min.js')],
    ['/assets/pages.css', join(STATIC, 'pages.css')],
    ['/assets/token.js', join(STATIC, 'token.js')],
    ['/assets/graphiql-page.js', join(STATIC, 'graphiql-page.js')],
    ['/assets/org-chart.js', join(STATIC, 'org-chart.js')],
  ];
  return new Map(
    entries.map(([path, file]) => [path, { file, type: TYPES[file.slice(file.lastIndexOf('.'))] }]),
  );
}

/** The example operations under schema/operations, one GraphiQL tab per file. */
function exampleOperations(): { name: string; query: string }[] {
  return readdirSync(OPERATIONS)
    .filter((file) => file.endsWith('.graphql'))
    .sort()
    .map((file) => ({
      name: file.replace(/\.graphql$/, ''),
      query: readFileSync(join(OPERATIONS, file), 'utf8'),
    }));
}

export function createPages(): Pages {
  const assets = assetTable();
  const cache = new Map<string, Buffer>();
  const read = (file: string) => {
    let body = cache.get(file);
    if (!body) {
      body = readFileSync(file);
      cache.set(file, body);
    }
    return body;
  };
  const operations = Buffer.from(JSON.stringify(exampleOperations()));
  const send = (response: ServerResponse, type: string, body: Buffer, cacheable: boolean) => {
    response.writeHead(200, {
      'content-type': type,
      'content-length': body.length,
      'cache-control': cacheable ? 'public, max-age=3600' : 'no-cache',
      'x-content-type-options': 'nosniff',
    });
    response.end(body);
  };

  return {
    handle(request, response, url) {
      if (request.method !== 'GET' && request.method !== 'HEAD') return false;
      const asset = assets.get(url.pathname);
      if (asset) {
        send(response, asset.type, read(asset.file), true);
        return true;
      }
      if (url.pathname === '/assets/operations.json') {
        send(response, TYPES['.json'], operations, false);
        return true;
      }
      // GET /graphql from a browser (and not a GET query, which has ?query=) is the IDE.
      const wantsHtml = (request.headers.accept ?? '').includes('text/html');
      if (
        (url.pathname === '/graphql' || url.pathname === '/') &&
        wantsHtml &&
        !url.searchParams.has('query')
      ) {
        send(response, TYPES['.html'], read(join(STATIC, 'graphiql.html')), false);
        return true;
      }
      if (url.pathname === '/org-chart') {
        send(response, TYPES['.html'], read(join(STATIC, 'org-chart.html')), false);
        return true;
      }
      return false;
    },
  };
}
