import { readFileSync } from "node:fs";
import { Command, Option } from "commander";
import { parseRefusals, PROFILES, seedFromJson, startEmulator, type Profile } from "../../../emulator";

/** The `--tokens` file: an object of strings, or an error that says what it should hold. */
function tokenMap(json: unknown): Record<string, string> {
  const ok = typeof json === "object" && json !== null && !Array.isArray(json) && Object.values(json).every((v) => typeof v === "string");
  if (!ok) throw new Error('Tokens file: expected an object of token → systemuserid or email, e.g. {"dana": "dana.whitfield@dental.example"}');
  return json as Record<string, string>;
}

/** `dxm emulator`: the local Dataverse Web API; prints its base URL and serves until SIGINT / SIGTERM. */
export function register(program: Command): void {
  program
    .command("emulator")
    .description("Run the local Dataverse Web API emulator (Web API under /api/data/v9.2/). Prints its base URL.")
    .option("--port <n>", "port to listen on (0 = a free port)", "0")
    .option("--data <file>", "SQLite file that keeps the data across restarts")
    .option("--memory", "keep the data in memory (default)")
    .option("--solution <zip>", "solution zip whose customizations.xml defines the project tables")
    .option("--seed <file>", "seed JSON: organization, callerId and records per table, or the users list dxm generate writes (dynamics-users.json)")
    .addOption(new Option("--limits <mode>", "service protection limits").choices(["documented", "off"]).default("off"))
    .addOption(new Option("--cost <mode>", "cost model (latency and execution time per request)").choices(["documented", "off"]).default("off"))
    .option("--time-scale <x>", "compress emulated time (windows, Retry-After, latencies) by this factor", "1")
    .option("--faults <spec>", "fault injection, e.g. 429:0.05,503:0.02,drop:0.01,timeout:0.01[@table]")
    .option("--bulk-tables <list>", "comma-separated tables that support CreateMultiple/UpdateMultiple/UpsertMultiple")
    .addOption(new Option("--profile <name>", "strict: the org says no to every assumption the engine makes (bulk messages in change sets, parties in bulk messages, …; see emulator/README.md)").choices(PROFILES).default("default"))
    .option("--refuse <spec>", "single refusals, e.g. bulk-in-changeset,parties-in-bulk,metadata-in-changeset,party-update-appends,in-on-sdkmessagefilters,url-length=4096,no-bulk=email+task,max-upload=1048576,dop-hint=2")
    .option("--tokens <file>", "JSON object: bearer token → systemuserid or email of the user it signs in (then a token not listed and not a JWT is refused)")
    .option("--servers <n>", "web servers behind the ARRAffinity cookie, each with its own per-user service protection windows", "1")
    .action(async (opts: { servers: string; port: string; data?: string; memory?: boolean; solution?: string; seed?: string; limits: "documented" | "off"; cost: "documented" | "off"; timeScale: string; faults?: string; bulkTables?: string; tokens?: string; profile: Profile; refuse?: string }) => {
      const running = await startEmulator({
        port: Number(opts.port),
        dataFile: opts.memory ? undefined : opts.data,
        solutionZip: opts.solution,
        seed: opts.seed ? seedFromJson(JSON.parse(readFileSync(opts.seed, "utf8"))) : undefined,
        limits: opts.limits,
        costModel: opts.cost,
        timeScale: Number(opts.timeScale),
        faults: opts.faults,
        bulkTables: opts.bulkTables?.split(",").map((s) => s.trim()).filter(Boolean),
        profile: opts.profile,
        refusals: parseRefusals(opts.refuse),
        tokens: opts.tokens ? tokenMap(JSON.parse(readFileSync(opts.tokens, "utf8"))) : undefined,
        servers: Number(opts.servers),
      });
      process.stdout.write(`${running.url}\n`);
      const stop = () => {
        void running.close().then(() => process.exit(0));
      };
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
    });
}
