import type { SolutionModel, TableDef, TableExtensionDef, ColumnDef } from "./types";
import { OPTION_VALUE_PREFIX, PUBLISHER_PREFIX } from "./common";
import { treatmentHistory } from "./tables/treatmenthistory";
import { insurancePolicy } from "./tables/insurancepolicy";
import { coverage } from "./tables/coverage";
import { appointment } from "./tables/appointment";
import { billingRecord } from "./tables/billingrecord";
import { treatmentPlan } from "./tables/treatmentplan";
import { migrationRun } from "./tables/migrationrun";
import { migrationBatch } from "./tables/migrationbatch";
import { contactExtension } from "./tables/contact";
import { accountExtension } from "./tables/account";
import { activityExtensions } from "./tables/activities";
import packageJson from "../../package.json";

export type * from "./types";

/** Dataverse solution versions have four parts; package.json has three. */
export function solutionVersion(semver: string = packageJson.version): string {
  const [major, minor, patch] = semver.split(/[.-]/);
  return `${major}.${minor}.${patch}.0`;
}

export const solutionModel: SolutionModel = {
  uniqueName: "DentalExecMigration",
  displayName: "Dental-Exec Migration",
  description: "Dental practice tables, the migration run ledger, the Dental-Exec Migration app and the Migration Studio control.",
  version: solutionVersion(),
  publisher: {
    uniqueName: "dentalexecmigration",
    displayName: "Dental-Exec Migration",
    prefix: PUBLISHER_PREFIX,
    optionValuePrefix: OPTION_VALUE_PREFIX,
  },
  tables: [treatmentHistory, insurancePolicy, coverage, appointment, billingRecord, treatmentPlan, migrationRun, migrationBatch],
  extensions: [contactExtension, accountExtension, ...activityExtensions],
  connectionRoles: [
    { name: "Patient", description: "A patient seen at a practice location.", category: 1 },
    { name: "Practice location", description: "A practice location where the patient is seen.", category: 1 },
  ],
};

/** A table or extension by logical name. */
export function findTable(logicalName: string): TableDef | TableExtensionDef | undefined {
  return solutionModel.tables.find((t) => t.logicalName === logicalName) ?? solutionModel.extensions.find((t) => t.logicalName === logicalName);
}

/** A column the solution defines on a table (custom or added to a standard table). */
export function findColumn(table: string, column: string): ColumnDef | undefined {
  return findTable(table)?.columns.find((c) => c.logicalName === column);
}

export {
  treatmentHistory, insurancePolicy, coverage, appointment, billingRecord, treatmentPlan, migrationRun, migrationBatch,
  contactExtension, accountExtension, activityExtensions,
};
export * from "./common";
export { appointmentStatusOptions } from "./tables/appointment";
export { claimStatusOptions } from "./tables/billingrecord";
export { planStatusOptions } from "./tables/treatmentplan";
export { subscriberRelationshipOptions } from "./tables/insurancepolicy";
export { coverageOrderOptions } from "./tables/coverage";
export { runModeOptions, runStatusOptions } from "./tables/migrationrun";
export { batchOperationOptions, batchStatusOptions } from "./tables/migrationbatch";
export { providerRoleOptions, specialtyOptions } from "./tables/contact";
