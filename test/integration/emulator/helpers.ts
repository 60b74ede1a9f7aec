import { startEmulator, type EmulatorOptions, type RunningEmulator } from "../../../emulator";

export interface Reply {
  status: number;
  headers: Headers;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  text: string;
}

/** A started emulator and a plain-fetch helper against its Web API. */
export async function emulator(options: EmulatorOptions = {}): Promise<RunningEmulator & { call: (method: string, path: string, body?: unknown, headers?: Record<string, string>) => Promise<Reply> }> {
  const running = await startEmulator(options);
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> => {
    const response = await fetch(path.startsWith("http") ? path : `${running.apiUrl}${path}`, {
      method,
      headers: { Accept: "application/json", ...(body !== undefined ? { "Content-Type": "application/json" } : {}), ...headers },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown = undefined;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = text;
    }
    return { status: response.status, headers: response.headers, body: parsed, text };
  };
  return Object.assign(running, { call });
}

export const idFrom = (reply: Reply): string => reply.headers.get("odata-entityid")!.match(/\(([^)]+)\)$/)![1];
