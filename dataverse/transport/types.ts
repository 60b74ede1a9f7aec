/**
 * A transport sends one HTTP request to the Web API and hands back the whole answer. It knows where the API
 * lives and how to authenticate; retry, throttling, concurrency and error mapping live in the client above it.
 */
export interface TransportRequest {
  method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  /** Relative to the Web API root (`contacts(…)`, `$batch`), or an absolute URL under it (an `@odata.nextLink`). */
  path: string;
  headers: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
}

export interface TransportResponse {
  status: number;
  statusText: string;
  /** Header lookup, case-insensitive. */
  header(name: string): string | undefined;
  body: string;
}

export interface Transport {
  /** Absolute Web API root ending in `/`, e.g. `https://org.crm.dynamics.com/api/data/v9.2/`. */
  readonly apiRoot: string;
  send(request: TransportRequest): Promise<TransportResponse>;
  /** After a 401: get a new token, bypassing any cache (absent where the session is the browser's own). */
  signInAgain?(): Promise<void>;
}

export const WEB_API_PATH = "api/data/v9.2/";

/** `https://org.crm.dynamics.com` (with or without a trailing slash or the API path) → the v9.2 Web API root. */
export function apiRootFor(url: string): string {
  const trimmed = url.replace(/\/+$/, "");
  if (/\/api\/data\/v\d+(\.\d+)?$/.test(trimmed)) return `${trimmed}/`;
  return `${trimmed}/${WEB_API_PATH}`;
}

/** Resolves a request path against the API root; refuses absolute URLs elsewhere (a token must not leak). */
export function resolveUrl(apiRoot: string, path: string): string {
  if (/^https?:\/\//i.test(path)) {
    if (!path.startsWith(apiRoot)) throw new Error(`Refusing to follow a URL outside the Web API root: ${new URL(path).origin}`);
    return path;
  }
  return apiRoot + path.replace(/^\/+/, "");
}

/** Adapts a `fetch` Response to a TransportResponse (reads the whole body as text). */
export async function readFetchResponse(response: Response): Promise<TransportResponse> {
  const body = await response.text();
  return { status: response.status, statusText: response.statusText, header: (name) => response.headers.get(name) ?? undefined, body };
}
