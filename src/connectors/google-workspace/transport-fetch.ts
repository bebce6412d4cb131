import { HttpMethod, HttpTransport } from '../http';

const METHODS = new Set<HttpMethod>(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD']);

/**
 * A fetch for Google's client libraries (gaxios) over our HttpTransport, so that their requests get
 * the outbound address policy, the connection's CA, the timeouts and the size cap of every other
 * connector, and so that the token endpoint can be another one (gtoken hard-codes Google's).
 * Retries, JSON and Google's errors stay the libraries' own.
 */
export function transportFetch(transport: HttpTransport, timeoutMs: number, rewrite: (url: URL) => URL) {
  return async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const url = rewrite(new URL(input instanceof Request ? input.url : String(input)));
    const headers: Record<string, string> = {};
    new Headers(init.headers ?? {}).forEach((value, key) => (headers[key] = value));
    const method = (init.method ?? 'GET').toUpperCase() as HttpMethod;
    if (!METHODS.has(method)) throw new TypeError(`unsupported method ${method}`);
    const given = init.body;
    let body: string | Buffer | undefined;
    if (given === undefined || given === null) body = undefined;
    else if (typeof given === 'string') body = given;
    else if (given instanceof Uint8Array) body = Buffer.from(given);
    else if (given instanceof ArrayBuffer) body = Buffer.from(new Uint8Array(given));
    else if (given instanceof URLSearchParams) {
      body = given.toString();
      headers['content-type'] ??= 'application/x-www-form-urlencoded';
    }
    // gaxios sends strings, bytes or form parameters; a stream or a FormData is not one of ours.
    else throw new TypeError('unsupported request body');
    const response = await transport.send({
      method,
      url: url.toString(),
      headers,
      body,
      signal: init.signal ?? undefined,
      timeoutMs,
    });
    const responseHeaders = new Headers();
    for (const [key, value] of Object.entries(response.headers)) {
      if (value !== undefined) responseHeaders.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const nullBody = response.status === 204 || response.status === 304 || method === 'HEAD';
    return new Response(nullBody ? null : response.body, {
      status: response.status,
      headers: responseHeaders,
    });
  };
}
