import { Agent, request } from 'node:https';

/** Answers bigger than this are cut off: a directory page is a few MB at most. */
const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

/**
 * A fetch for Google's client libraries (gaxios) over node:https with our own agent, so that a
 * connection's extra CA is trusted and the token endpoint can be another one (gtoken hard-codes
 * Google's). Everything else (retries, JSON, errors) stays the libraries' own.
 */
export function httpsFetch(agent: Agent, rewrite: (url: URL) => URL) {
  return (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const url = rewrite(new URL(input instanceof Request ? input.url : String(input)));
    const headers: Record<string, string> = {};
    new Headers(init.headers ?? {}).forEach((value, key) => (headers[key] = value));
    const given = init.body;
    let body: string | Uint8Array | undefined;
    if (given === undefined || given === null) body = undefined;
    else if (typeof given === 'string' || given instanceof Uint8Array) body = given;
    else if (given instanceof URLSearchParams) body = given.toString();
    else if (given instanceof ArrayBuffer) body = new Uint8Array(given);
    // gaxios sends strings, bytes or form parameters; a stream or a FormData is not one of ours.
    else return Promise.reject(new TypeError('unsupported request body'));
    if (given instanceof URLSearchParams && !headers['content-type'])
      headers['content-type'] = 'application/x-www-form-urlencoded';
    return new Promise<Response>((resolve, reject) => {
      const call = request(url, {
        method: init.method ?? 'GET',
        headers,
        agent,
        signal: init.signal ?? undefined,
      });
      call.on('response', (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_RESPONSE_BYTES) call.destroy(new Error('response too large'));
          else chunks.push(chunk);
        });
        response.on('error', reject);
        response.on('end', () => {
          const responseHeaders = new Headers();
          for (const [key, value] of Object.entries(response.headers)) {
            if (value !== undefined)
              responseHeaders.set(key, Array.isArray(value) ? value.join(', ') : value);
          }
          const status = response.statusCode ?? 502;
          const nullBody = status === 204 || status === 304;
          resolve(
            new Response(nullBody ? null : Buffer.concat(chunks), {
              status,
              statusText: response.statusMessage,
              headers: responseHeaders,
            }),
          );
        });
      });
      call.on('error', reject);
      call.end(body);
    });
  };
}
