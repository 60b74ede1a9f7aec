import { ServerLanes } from "../http/server-lanes";
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
   * server: what a client that keeps cookies (a browser, the SDK's default) does. Off by default: Microsoft
   * recommends turning it off for throughput, since service protection limits are applied per server ("Send
   * parallel requests"). Off, requests are spread over the servers the org's answers name, each to the one
   * with the fewest in flight (`ServerLanes`); with one server it changes nothing.
   */
  affinity?: boolean;
}

/** Headless (`dxm`, tests, benchmarks): global `fetch` with `Authorization: Bearer` from a token callback. */
export function createNodeTransport(options: NodeTransportOptions): Transport {
  const apiRoot = apiRootFor(options.url);
  const fetchImpl = options.fetchImpl ?? globalThis.fetch;
  const getToken = options.getToken;
  let affinityCookie: string | undefined;
  const lanes = new ServerLanes();
  return {
    apiRoot,
    ...(getToken ? { signInAgain: async () => void (await getToken({ forceRefresh: true })) } : {}),
    async send(request: TransportRequest) {
      const headers = { ...request.headers };
      const lane = options.affinity ? undefined : lanes.pick();
      const pinned = options.affinity ? affinityCookie : lane?.cookie;
      if (pinned) headers.Cookie = `ARRAffinity=${pinned}`;
      const token = options.getToken ? await options.getToken() : undefined;
      if (token) headers.Authorization = `Bearer ${token}`;
      const answered = lanes.start(lane);
      let response: Response;
      try {
        response = await fetchImpl(resolveUrl(apiRoot, request.path), {
          method: request.method,
          headers,
          body: request.body,
          signal: request.signal,
        });
      } catch (error) {
        answered({ status: 0 });
        throw error;
      }
      const cookie = response.headers.get("set-cookie")?.match(/(?:^|[\s,;])ARRAffinity=([^;,]+)/)?.[1];
      const retryAfter = Number(response.headers.get("retry-after"));
      answered({ cookie, status: response.status, retryAfterMs: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : undefined });
      if (options.affinity) affinityCookie = cookie ?? affinityCookie;
      return readFetchResponse(response);
    },
  };
}
