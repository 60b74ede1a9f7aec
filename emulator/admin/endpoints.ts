import type { ApiResponse } from "../api/types";
import type { Row } from "../store/database";
import type { FaultSpec } from "../limits/faults";

/** What the admin endpoints act on (the emulator). */
export interface AdminTarget {
  reset(): void;
  snapshot(): string;
  restore(id: string): boolean;
  stats(): unknown;
  dump(): Record<string, Row[]>;
  setFaults(spec: FaultSpec | undefined): void;
}

const reply = (status: number, body?: unknown): ApiResponse => ({ status, headers: body === undefined ? {} : { "Content-Type": "application/json" }, body });
const problem = (status: number, message: string) => reply(status, { error: { code: "0x0", message } });

/**
 * `/_admin/…`, outside the Web API: reset, snapshot, restore/{id}, stats, dump (all rows per table) and faults
 * (replace the fault spec at runtime).
 */
export function adminEndpoint(target: AdminTarget, method: string, path: string, rawBody: string): ApiResponse {
  if (method === "POST" && path === "reset") {
    target.reset();
    return reply(204);
  }
  if (method === "POST" && path === "snapshot") return reply(200, { id: target.snapshot() });
  const restore = path.match(/^restore\/(\w+)$/);
  if (method === "POST" && restore) return target.restore(restore[1]) ? reply(204) : problem(404, `No snapshot '${restore[1]}'.`);
  if (method === "GET" && path === "stats") return reply(200, target.stats());
  if (method === "GET" && path === "dump") return reply(200, { tables: target.dump() });
  if (method === "POST" && path === "faults") {
    try {
      target.setFaults((JSON.parse(rawBody || "{}") as { spec?: string }).spec);
      return reply(204);
    } catch (error) {
      return problem(400, (error as Error).message);
    }
  }
  return problem(404, `Unknown admin endpoint '${method} /_admin/${path}'.`);
}
