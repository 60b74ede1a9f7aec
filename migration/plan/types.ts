import type { Entity, EntityMetadata, NewColumn } from "../../dataverse/types";
import type { Inventory, SourceRow } from "../source/types";
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
  /**
   * Key the ledger stores `contentHash` under for delta runs, when it differs from `sourceKey`: the
   * "contact coverage" update addresses `patient:10482` but hashes as `coverage-of:patient:10482`.
   */
  hashKey?: string;
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
  /** Human name, unique in a plan: "Patients", "Contact coverage", "Phone calls". */
  name?: string;
  /**
   * How load/ writes it: `upsert` by dxm_sourcekey (default), `update` of records an earlier stage wrote
   * (addressed by dxm_sourcekey, never creating), `create` for tables without the key (annotation).
   */
  operation?: "upsert" | "update" | "create";
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
  /**
   * True when errors stop the run: an error not tied to a row (a missing column, a bad time zone), or row
   * errors without the admin's consent to skip them (PlanOptions.skipErroredRows). Stages are then empty.
   */
  blocked?: boolean;
  /** Facts for the run report: referring-provider merges, unmatched providers, oversize attachments, deletions (delta). */
  report: PlanReport;
}

export interface PlanReport {
  referringMerges: { mergedKey: string; variants: number; sourceKeys: string[] }[];
  unmatchedProviders: { providerKey: string; reason: "no-user" | "disabled-user" }[];
  oversizeAttachments: { sourceKey: string; file: string; size: number }[];
  deletedSinceParent: { sourceKey: string; table: string }[];
  drugInteractionFlags: number;
  /** Delta runs: records whose content hash matches the parent run's (not written again). */
  unchangedSinceParent?: number;
  /** Rows left out because of errors (with the admin's consent) or because a row they depend on was. */
  excludedRows?: number;
  rebuildReference?: { fileName: string; markdown: string };
}

// ---- Planning inputs (added by the planning half; additive) -------------------------------------------

/**
 * What planning reads from the reader's `ExportSet` (migration/source): the inventory and a fresh row
 * stream per file on every call. Any `ExportSet` satisfies it; unit tests build one from arrays.
 */
export interface ExportRows {
  inventory: Inventory;
  rows(fileName: string): AsyncIterable<SourceRow>;
}

/** Facts about the target org, fetched by load/ before planning. */
export interface OrgContext {
  /** Enabled and disabled systemusers (internalemailaddress as `email`). */
  users: { id: string; email: string; disabled: boolean }[];
  /** Metadata of the tables the run writes, by logical name (contact, account, dxm_..., task, ...). */
  metadata: Record<string, EntityMetadata>;
  /** organization.maxuploadfilesize, bytes. */
  maxUploadFileSize: number;
  /** systemuser id that owns records whose provider has no enabled user. */
  fallbackOwnerId?: string;
  /** connectionrole ids of the solution's two roles. */
  connectionRoleIds: { patient: string; practiceLocation: string };
  runId: string;
  /** Delta runs: hash key (PlannedRecord.hashKey ?? sourceKey) → contentHash written by the parent run. */
  previousHashes?: Map<string, string>;
}

export interface PlanOptions {
  mode: RunMode;
  /** Sample mode: how many patients (default 25); their locations, referrers, policies and child rows follow. */
  sampleSize?: number;
  /** The admin's consent to leave errored rows (and the rows that depend on them) out; otherwise errors block. */
  skipErroredRows?: boolean;
}

/** What `preflight` needs beyond the plan; load/ reads it from the org. */
export interface PreflightInput {
  /** Logical names of the custom tables already in the org (IsCustomEntity). */
  customTables: string[];
  /** Privilege names the running user holds (RetrieveUserPrivileges → privilege names). */
  privileges: string[];
  /** Daily Power Platform request entitlement of the running identity; default 40,000 (Dynamics 365 Enterprise / Professional licence). */
  dailyRequestEntitlement?: number;
  /** Records per write request the load plans to use; default 100. */
  chunkSize?: number;
}

export interface PreflightItem {
  code:
    | "required-file"
    | "custom-table-limit"
    | "missing-privilege"
    | "column-to-create"
    | "unmatched-provider"
    | "oversize-attachment"
    | "request-entitlement";
  /** True when the run cannot start until it is resolved. */
  blocking: boolean;
  message: string;
}

export interface PreflightReport {
  items: PreflightItem[];
  customTables: { inOrg: number; toAdd: number; limit: number };
  /** Privileges the run needs that the user lacks; `roleGranting` names the security role to assign for each. */
  missingPrivileges: string[];
  /** Whether the user holds prvBypassCustomBusinessLogic (may skip the org's plug-ins and flows); undefined when the org could not say. */
  mayBypassCustomLogic?: boolean;
  columnsToCreate: NewColumn[];
  requestEstimate: { records: number; writes: number; reads: number; ledger: number; total: number; dailyEntitlement: number };
}
