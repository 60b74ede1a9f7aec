import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from "@azure/msal-node";
import { isLoopbackUrl } from "./loopback";

/**
 * For tests: an MSAL network module that sends every request MSAL makes (to `https://login.microsoftonline.com/…`)
 * to a fake of the authority on loopback instead, path and query kept, so a sign-in is exercised end to end
 * without reaching the internet. MSAL insists on an https authority; routing its network calls is the way it is
 * meant to be tested offline (`system.networkClient`). Refuses anything but a loopback address.
 */
export function loopbackAuthorityNetwork(origin: string): INetworkModule {
  if (!isLoopbackUrl(origin)) throw new Error(`The test authority must be a loopback address (http://127.0.0.1:PORT), not ${origin}`);
  const base = new URL(origin);
  const send = async <T>(url: string, method: "GET" | "POST", options?: NetworkRequestOptions): Promise<NetworkResponse<T>> => {
    const target = new URL(url);
    const routed = new URL(`${target.pathname}${target.search}`, base);
    const response = await fetch(routed, { method, headers: options?.headers, body: method === "POST" ? options?.body : undefined });
    const text = await response.text();
    return { status: response.status, headers: Object.fromEntries(response.headers.entries()), body: parseBody<T>(text, response.status) };
  };
  return {
    sendGetRequestAsync: <T>(url: string, options?: NetworkRequestOptions) => send<T>(url, "GET", options),
    sendPostRequestAsync: <T>(url: string, options?: NetworkRequestOptions) => send<T>(url, "POST", options),
  };
}

/** The JSON body, or an OAuth-shaped error naming the status when the answer is not JSON (as MSAL's own client does). */
function parseBody<T>(text: string, status: number): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    return { error: status >= 500 ? "server_error" : "client_error", error_description: `The authority answered HTTP ${status} without JSON.` } as T;
  }
}
