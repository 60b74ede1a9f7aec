import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** A request as the server saw it. */
export interface SeenRequest {
  method: string;
  /** Path and query below the Web API root (`contacts(…)`, `$batch`), still percent-encoded. */
  path: string;
  headers: IncomingMessage["headers"];
  body: string;
}

export type Handler = (request: SeenRequest, response: ServerResponse, raw: IncomingMessage) => unknown;

export interface TestServer {
  /** Org URL to hand to the client, e.g. `http://127.0.0.1:41234`. */
  url: string;
  requests: SeenRequest[];
  /** Requests being answered right now, and the most ever at once. */
  inFlight: { now: number; max: number };
  handle(handler: Handler): void;
  close(): Promise<void>;
}

const API = "/api/data/v9.2/";

/** A small Web API stand-in on 127.0.0.1 and a free port; each test scripts its answers. */
export async function startTestServer(): Promise<TestServer> {
  let handler: Handler = (_req, res) => json(res, 500, { error: { code: "0x0", message: "no handler" } });
  const requests: SeenRequest[] = [];
  const inFlight = { now: 0, max: 0 };
  const server = createServer((raw, res) => {
    const chunks: Buffer[] = [];
    raw.on("data", (c: Buffer) => chunks.push(c));
    raw.on("end", () => {
      const url = raw.url ?? "";
      const seen: SeenRequest = { method: raw.method ?? "", path: url.startsWith(API) ? url.slice(API.length) : url, headers: raw.headers, body: Buffer.concat(chunks).toString("utf8") };
      requests.push(seen);
      inFlight.now += 1;
      inFlight.max = Math.max(inFlight.max, inFlight.now);
      let done = false;
      const finish = () => {
        if (!done) inFlight.now -= 1;
        done = true;
      };
      res.on("finish", finish);
      res.on("close", finish);
      Promise.resolve(handler(seen, res, raw)).catch((error: unknown) => {
        if (!res.headersSent) json(res, 500, { error: { code: "0x0", message: String(error) } });
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    inFlight,
    handle: (h) => (handler = h),
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "Content-Type": "application/json; odata.metadata=minimal", "OData-Version": "4.0", ...headers });
  res.end(text);
}

export function noContent(res: ServerResponse, headers: Record<string, string> = {}): void {
  res.writeHead(204, { "OData-Version": "4.0", ...headers });
  res.end();
}

export function dataverseError(res: ServerResponse, status: number, code: string, message: string, headers: Record<string, string> = {}): void {
  json(res, status, { error: { code, message } }, headers);
}

/** Resolves after the given number of macrotask turns: lets queued requests reach the server without timing. */
export function ticks(n = 5): Promise<void> {
  return n <= 0 ? Promise.resolve() : new Promise((resolve) => setImmediate(() => resolve(ticks(n - 1))));
}
