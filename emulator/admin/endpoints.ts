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
  /** Registers a synchronous delete plug-in that refuses these record ids (none: unregistered). */
  setDeletePlugins(refuse: string[]): void;
}

const reply = (status: number, body?: unknown): ApiResponse => ({ status, headers: body === undefined ? {} : { "Content-Type": "application/json" }, body });
const problem = (status: number, message: string) => reply(status, { error: { code: "0x0", message } });

/**
 * `/_admin/…`, outside the Web API: reset, snapshot, restore/{id}, stats, dump (all rows per table) and faults
 * (replace the fault spec at runtime), plugins (`{"refuseDelete": [ids]}`: a delete plug-in refusing those records).
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
  if (method === "POST" && path === "plugins") {
    const body = JSON.parse(rawBody || "{}") as { refuseDelete?: unknown };
    if (body.refuseDelete !== undefined && !Array.isArray(body.refuseDelete)) return problem(400, "refuseDelete must be an array of record ids.");
    target.setDeletePlugins(((body.refuseDelete as unknown[] | undefined) ?? []).map(String));
    return reply(204);
  }
  return problem(404, `Unknown admin endpoint '${method} /_admin/${path}'.`);
}
