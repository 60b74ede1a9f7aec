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
}

/** Headless (`dxm`, tests, benchmarks): global `fetch` with `Authorization: Bearer` from a token callback. */
export function createNodeTransport(options: NodeTransportOptions): Transport {
  const apiRoot = apiRootFor(options.url);
  const fetchImpl = options.fetchImpl ?? globalThis.fetch;
  const getToken = options.getToken;
  return {
    apiRoot,
    ...(getToken ? { signInAgain: async () => void (await getToken({ forceRefresh: true })) } : {}),
    async send(request: TransportRequest) {
      const headers = { ...request.headers };
      const token = options.getToken ? await options.getToken() : undefined;
      if (token) headers.Authorization = `Bearer ${token}`;
      const response = await fetchImpl(resolveUrl(apiRoot, request.path), {
        method: request.method,
        headers,
        body: request.body,
        signal: request.signal,
      });
      return readFetchResponse(response);
    },
  };
}
