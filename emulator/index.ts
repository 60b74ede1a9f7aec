import { createServer, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { buildSchema, loadSolutionXml } from "./schema";
import { Emulator, type EmulatorSettings, type EmulatorStats } from "./emulator";

export type { SeedData } from "./seed/default-seed";
export { defaultSeed, SEED_IDS, seededObjectId } from "./seed/default-seed";
export { testToken } from "./security/identity";
export { ROLE_NAMES, DEFAULT_ROLES } from "./security/default-roles";
export type { SeedRole, RolePrivilege } from "./security/roles";
export { seedFromJson, seedWithUsers, type SeedUser } from "./seed/seed-file";
export type { FaultSpec, FaultRule } from "./limits/faults";
export { parseRefusals, refusalsOf, PROFILES, STRICT_REFUSALS, type Profile, type Refusals } from "./limits/refusals";
export type { CostModel } from "./limits/cost-model";
export { DOCUMENTED_COST } from "./limits/cost-model";
export type { ServiceProtectionLimits } from "./limits/service-protection";
export { DOCUMENTED_LIMITS } from "./limits/service-protection";
export type { EmulatorStats } from "./emulator";
export { DEFAULT_DOP_HINT } from "./emulator";

/** What `startEmulator` takes: the emulator's settings, with the schema given as a solution instead. */
export interface EmulatorOptions extends Omit<EmulatorSettings, "schema"> {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Solution zip (path or bytes) whose customizations.xml defines the project's tables. */
  solutionZip?: string | Uint8Array;
  /** customizations.xml text (when no zip is given). Default: `solution/pack`'s buildCustomizationsXml() if present. */
  customizationsXml?: string;
  /** Override of the standard-table reference file. */
  standardTablesFile?: string;
}

export interface RunningEmulator {
  /** `http://127.0.0.1:PORT`; the Web API is under `/api/data/v9.2/`. */
  url: string;
  port: number;
  /** `http://127.0.0.1:PORT/api/data/v9.2/`. */
  apiUrl: string;
  emulator: Emulator;
  stats(): EmulatorStats;
  reset(): void;
  close(): Promise<void>;
}

/** Starts the Dataverse Web API emulator on 127.0.0.1. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const schema = buildSchema(await loadSolutionXml(options), options.standardTablesFile);
  const emulator = new Emulator({ ...options, schema });
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    emulator.handleHttp(req, res).catch((error: unknown) => {
      process.stderr.write(`emulator: ${(error as Error).stack ?? String(error)}\n`);
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  server.keepAliveTimeout = 5000;
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  emulator.baseUrl = url;
  return {
    url,
    port,
    apiUrl: `${url}/api/data/v9.2/`,
    emulator,
    stats: () => emulator.stats(),
    reset: () => emulator.reset(),
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      emulator.close();
    },
  };
}

export { Emulator };
