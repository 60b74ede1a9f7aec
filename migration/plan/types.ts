import type { Entity } from "../../dataverse/types";
import type { ObjectKind } from "../model/types";

/**
 * The contract between planning (objects/, validate/, plan/: pure) and loading (load/, ledger/: talks to
 * Dataverse). A plan is streamed: stages hold counts and produce their records on demand, so a million
 * patients never sit in memory at once.
 */

export type RunMode = "sample" | "full" | "delta";

/** One Dataverse write the run will make. */
export interface PlannedRecord {
  object: ObjectKind;
  /** Table logical name (`contact`, `dxm_treatmenthistory`, `phonecall`, ...). */
  table: string;
  entitySet: string;
  /** `patient:10482`; for tables with the dxm_sourcekey alternate key it is also the upsert address. */
  sourceKey: string;
  /** Where it came from, for error reports (file, 1-based line). */
  file: string;
  line: number;
  /**
   * Columns and lookups. Lookups bind by alternate key, e.g.
   * `"parentcustomerid_account@odata.bind": "/accounts(dxm_sourcekey='location:3')"`; owners by id,
   * `"ownerid@odata.bind": "/systemusers(<guid>)"`. Includes dxm_sourcekey and the run stamp is added by load/.
   */
  payload: Entity;
  /** Stable hash of the payload's source values, for delta runs. */
  contentHash: string;
  /** For notes: the attachment to read and send as documentbody (chunked above 4 MB). */
  attachment?: { file: string; size: number; mimeType: string };
  /** For activities: state to set after every field is written (closed in their final state). */
  finalState?: { statecode: number; statuscode: number };
}

export type ValidationSeverity = "error" | "warning";

/** A problem with the data or the target, named so the admin can act on it. No patient data in `reason`. */
export interface ValidationIssue {
  severity: ValidationSeverity;
  code: string;
  file: string;
  line?: number;
  column?: string;
  sourceKey?: string;
  reason: string;
}

export interface PlanStage {
  object: ObjectKind;
  table: string;
  entitySet: string;
  /** Records this stage will write (after skipping errored rows). */
  count: number;
  records(): AsyncIterable<PlannedRecord>;
}

export interface MigrationPlan {
  mode: RunMode;
  /** Stages in dependency order: accounts, referring contacts, patients, connections, policies, child tables, notes and activities. */
  stages: PlanStage[];
  issues: ValidationIssue[];
  /** Facts for the run report: referring-provider merges, unmatched providers, oversize attachments, deletions (delta). */
  report: PlanReport;
}

export interface PlanReport {
  referringMerges: { mergedKey: string; variants: number; sourceKeys: string[] }[];
  unmatchedProviders: { providerKey: string; reason: "no-user" | "disabled-user" }[];
  oversizeAttachments: { sourceKey: string; file: string; size: number }[];
  deletedSinceParent: { sourceKey: string; table: string }[];
  drugInteractionFlags: number;
  rebuildReference?: { fileName: string; markdown: string };
}
