import type { DataverseClientApi, EntityMetadata } from "../../dataverse/types";
import type { ConfirmedMap } from "../../migration/mapping/types";
import { planMigration } from "../../migration/plan";
import type { MigrationPlan, PlannedRecord } from "../../migration/plan/types";
import { fetchOrgContext, tablesForMap } from "../../migration/run/org-context";
import { readConfirmed } from "./exports";

export interface BaselineResult {
  /** Records the plan holds (what the engine writes). */
  plannedRecords: number;
  /** Records the baseline wrote (the prefix). */
  written: number;
  failed: number;
  /** Seconds spent writing, planning excluded. */
  writeSeconds: number;
}

/**
 * The naive control: the same planned records the engine writes, sent one request per record, one after
 * the other, as a simple control built on `Xrm.WebApi.createRecord` would: POST for new records, PATCH by
 * alternate key for the stages that update records written earlier. No batching, no bulk messages, no
 * parallelism. Only the first `limit` records are written (the prefix keeps big sizes measurable); planning
 * is not timed, so the rate is the write path alone. Like the engine, it first creates the custom columns the
 * confirmed map asks for (also untimed).
 */
export async function runBaseline(dir: string, client: DataverseClientApi, limit: number, fallbackOwnerEmail: string): Promise<BaselineResult> {
  const plan = await plannedSet(dir, client, fallbackOwnerEmail);
  const plannedRecords = plan.stages.reduce((n, s) => n + s.count, 0);
  let written = 0;
  let failed = 0;
  const started = process.hrtime.bigint();
  outer: for (const stage of plan.stages) {
    for await (const record of stage.records()) {
      if (written + failed >= limit) break outer;
      try {
        await writeOne(client, stage.operation ?? "upsert", record);
        written++;
      } catch {
        failed++;
      }
    }
  }
  return { plannedRecords, written, failed, writeSeconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

/**
 * What every writer other than the engine starts from (the naive control and the peer writers alike): the
 * export folder read and its proposed map confirmed as `dxm migrate --yes` does, the custom columns the map
 * asks for created, and the engine's own plan of records (so every writer writes the same records). Untimed.
 */
export async function plannedSet(dir: string, client: DataverseClientApi, fallbackOwnerEmail: string): Promise<MigrationPlan> {
  const { exports, map } = await readConfirmed(dir);
  const org = await fetchOrgContext(client, { runId: "00000000-0000-0000-0000-000000000000", tables: tablesForMap(map), fallbackOwnerEmail, probe: false });
  await createConfirmedColumns(client, map, org.context.metadata);
  return planMigration(exports, map, org.context, { mode: "full", skipErroredRows: true });
}

async function createConfirmedColumns(client: DataverseClientApi, map: ConfirmedMap, metadata: Record<string, EntityMetadata>): Promise<void> {
  const missing = map.files.flatMap((f) => f.columns.flatMap((c) => (c.custom ? [c.custom] : []))).filter((c) => !metadata[c.table]?.Attributes.some((a) => a.LogicalName === c.logicalName));
  for (const column of missing) await client.createColumn(column);
  if (missing.length > 0) await client.publish([...new Set(missing.map((c) => c.table))]);
}

async function writeOne(client: DataverseClientApi, operation: "upsert" | "update" | "create", record: PlannedRecord): Promise<void> {
  if (operation === "update") {
    const { dxm_sourcekey: key, ...body } = record.payload;
    await client.update(record.entitySet, { dxm_sourcekey: String(key ?? record.sourceKey) }, body);
    return;
  }
  await client.create(record.entitySet, record.payload);
}
