import { apiRootFor, readFetchResponse, resolveUrl, type Transport, type TransportRequest } from "./types";

/**
 * Returns a bearer token for the org (cached and refreshed by the provider), or undefined for no auth.
 * `forceRefresh`: the org refused the last token (401), so the cache is bypassed.
 */
export type TokenProvider = (options?: { forceRefresh?: boolean }) => Promise<string | undefined>;

export interface NodeTransportOptions {
  /** Org URL (`https://org.crm.dynamics.com`) or the emulator's (`http://127.0.0.1:5555`). */
  url: string;
  /** Omit for a loopback emulator that needs no authentication. */
  getToken?: TokenProvider;
  fetchImpl?: typeof fetch;
  /**
   * Server affinity: send back the `ARRAffinity` cookie the org sets, so every request goes to the same web
   * server. Off by default: Microsoft recommends turning it off for throughput, since service protection limits
   * are applied per server ("Send parallel requests"); with one server it changes nothing. On: what a client
   * that keeps cookies (a browser, the SDK's default) does.
   */
  affinity?: boolean;
}

/** Headless (`dxm`, tests, benchmarks): global `fetch` with `Authorization: Bearer` from a token callback. */
export function createNodeTransport(options: NodeTransportOptions): Transport {
  const apiRoot = apiRootFor(options.url);
  const fetchImpl = options.fetchImpl ?? globalThis.fetch;
  const getToken = options.getToken;
  let affinityCookie: string | undefined;
  return {
    apiRoot,
    ...(getToken ? { signInAgain: async () => void (await getToken({ forceRefresh: true })) } : {}),
    async send(request: TransportRequest) {
      const headers = { ...request.headers };
      if (options.affinity && affinityCookie) headers.Cookie = `ARRAffinity=${affinityCookie}`;
      const token = options.getToken ? await options.getToken() : undefined;
      if (token) headers.Authorization = `Bearer ${token}`;
      const response = await fetchImpl(resolveUrl(apiRoot, request.path), {
        method: request.method,
        headers,
        body: request.body,
        signal: request.signal,
      });
      if (options.affinity) affinityCookie = response.headers.get("set-cookie")?.match(/(?:^|[\s,;])ARRAffinity=([^;,]+)/)?.[1] ?? affinityCookie;
      return readFetchResponse(response);
    },
  };
}
