import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { startEmulator } from "../../emulator";
import type { RunningEmulator } from "../../emulator";
import { DataverseClient } from "../../dataverse/client";
import { createNodeTransport } from "../../dataverse/transport/node";
import { runModeOptions, runStatusOptions } from "../../solution/model";
import { startDevHost } from "./server";
import { seedWithSampleUsers } from "./seed-users";
import type { DevHost } from "./server";

export interface DevSessionOptions {
  root: string;
  /** Dev host port; 0 picks a free one. */
  port?: number;
  emulatorPort?: number;
  /** SQLite file for the emulator's data (kept across restarts); in memory when absent. */
  dataFile?: string;
  /** Reopen this Migration Run instead of creating one (e.g. to resume after a restart with --data). */
  runId?: string;
  /** Export sets offered for upload, and whose dynamics-users.json seeds the org; default `<root>/samples`. */
  samplesDir?: string;
  /** The emulator's service protection and cost model (on by default; `bench:browser` measures the client alone). */
  limits?: "off";
}

export interface DevSession {
  host: DevHost;
  emulator: RunningEmulator;
  runId: string;
  /** The solution zip the emulator imported, if dist/ had one. */
  solutionZip?: string;
  close(): Promise<void>;
}

/** The newest unmanaged-or-managed solution zip `npm run build` left in dist/, if any. */
export function findSolutionZip(root: string): string | undefined {
  const dist = join(root, "dist");
  if (!existsSync(dist)) return undefined;
  const zips = readdirSync(dist).filter((f) => /^DentalExecMigration.*\.zip$/i.test(f)).sort();
  return zips.length > 0 ? join(dist, zips.find((z) => /managed/i.test(z) && !/unmanaged/i.test(z)) ?? zips[zips.length - 1]) : undefined;
}

/**
 * `npm start`'s main job on the local default: the emulator with the solution imported and the seed users,
 * a Migration Run to work on, and the dev host serving its form with the real control and command bar.
 */
export async function startDevSession(options: DevSessionOptions): Promise<DevSession> {
  const solutionZip = findSolutionZip(options.root);
  const samplesDir = options.samplesDir ?? join(options.root, "samples");
  const emulator = await startEmulator({
    port: options.emulatorPort ?? 0,
    dataFile: options.dataFile,
    seed: seedWithSampleUsers(samplesDir),
    ...(options.limits === "off" ? { limits: "off" as const, costModel: "off" as const } : {}),
    ...(solutionZip ? { solutionZip } : {}),
  });
  try {
    const client = new DataverseClient({ transport: createNodeTransport({ url: emulator.url }) });
    const me = await client.whoAmI();
    const user = await client.retrieve<{ fullname?: string; firstname?: string; lastname?: string }>("systemusers", me.UserId, { select: ["firstname", "lastname"] });
    const userName = [user?.firstname, user?.lastname].filter(Boolean).join(" ") || "Administrator";
    let runId = options.runId;
    let runName = "";
    if (runId) {
      const run = await client.retrieve<{ dxm_name: string }>("dxm_migrationruns", runId, { select: ["dxm_name"] });
      if (!run) throw new Error(`No Migration Run ${runId} in the emulator's data.`);
      runName = run.dxm_name;
    } else {
      runName = `Dental-Exec migration ${new Date().toISOString().slice(0, 16).replace("T", " ")}`;
      runId = await client.create("dxm_migrationruns", {
        dxm_name: runName,
        dxm_mode: runModeOptions.find((o) => o.label === "Full")!.value,
        dxm_status: runStatusOptions.find((o) => o.label === "Draft")!.value,
      });
    }
    const host = await startDevHost({ root: options.root, apiTarget: emulator.url, runId, runName, userId: me.UserId, userName, port: options.port, samplesDir });
    return {
      host,
      emulator,
      runId,
      solutionZip,
      close: async () => {
        await host.close();
        await emulator.close();
      },
    };
  } catch (error) {
    await emulator.close();
    throw error;
  }
}
