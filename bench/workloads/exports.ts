import { confirmMap, proposeMapping } from "../../migration/mapping";
import type { ConfirmedMap } from "../../migration/mapping/types";
import type { MigrationExports } from "../../migration/run/types";
import { readExports } from "../../migration/source";
import { nodeFiles } from "../../scripts/dxm/node-files";

/** The practice time zone the benchmark confirms maps with (fixed, so runs compare across machines). */
const TIME_ZONE = "America/Chicago";
export { TIME_ZONE as BENCH_TIME_ZONE };

/** An export folder read the way `dxm migrate` reads it, and the proposed map confirmed as it is (`--yes`). */
export async function readConfirmed(dir: string): Promise<{ exports: MigrationExports; map: ConfirmedMap }> {
  const exports = await readExports(await nodeFiles(dir));
  const map = confirmMap(proposeMapping(exports.inventory), {}, { confirmedBy: "dxm-bench", timeZone: TIME_ZONE });
  return { exports, map };
}
