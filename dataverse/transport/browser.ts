import { apiRootFor, readFetchResponse, resolveUrl, type Transport, type TransportRequest } from "./types";

/**
 * Inside Dynamics (PCF control, command-bar script): same-origin `fetch` to `{clientUrl}/api/data/v9.2/`.
 * The user's session cookie authenticates; no token is ever handled here.
 */
export function createBrowserTransport(clientUrl: string, fetchImpl: typeof fetch = globalThis.fetch.bind(globalThis)): Transport {
  const apiRoot = apiRootFor(clientUrl);
  return {
    apiRoot,
    async send(request: TransportRequest) {
      const response = await fetchImpl(resolveUrl(apiRoot, request.path), {
        method: request.method,
        headers: request.headers,
        body: request.body,
        signal: request.signal,
        credentials: "same-origin",
      });
      return readFetchResponse(response);
    },
  };
}
