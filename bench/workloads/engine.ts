import type { DataverseClientApi } from "../../dataverse/types";
import type { RunCounters } from "../../migration/ledger/types";
import { migrate } from "../../migration/run/migrate";
import { readConfirmed } from "./exports";

export interface EngineResult {
  runId: string;
  status: string;
  complete: boolean;
  counters: RunCounters;
  /** Rows refused by Dataverse or left out by validation. */
  issues: { load: number; errors: number; warnings: number };
}

/**
 * `migrate` in full mode, as `dxm migrate DIR --yes --skip-errored --fallback-owner EMAIL` runs it (or a
 * resume of `resumeRunId`).
 */
export async function runEngine(dir: string, client: DataverseClientApi, fallbackOwnerEmail: string, resumeRunId?: string): Promise<EngineResult> {
  const { exports, map } = await readConfirmed(dir);
  const issues = { load: 0, errors: 0, warnings: 0 };
  const result = await migrate({ exports, map, mode: "full", runId: resumeRunId, skipErroredRows: true, fallbackOwnerEmail }, client, {
    onIssue: (i) => {
      if (i.kind === "load") issues.load++;
      else if (i.severity === "error") issues.errors++;
      else issues.warnings++;
    },
  });
  return { runId: result.runId, status: result.status, complete: result.complete, counters: result.counters, issues };
}
