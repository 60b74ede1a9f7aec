import type { AppDef } from "./types";
import { productionDashboard } from "./charts";

/** The model-driven app "Dental-Exec Migration" and its site map. */
export const dentalExecApp: AppDef = {
  uniqueName: "dxm_DentalExecMigration",
  displayName: "Dental-Exec Migration",
  description: "Migrate Dental-Exec exports into Dynamics 365, review what each run wrote, and track production.",
  tables: [
    "dxm_migrationrun", "dxm_migrationbatch", "dxm_treatmenthistory", "dxm_insurancepolicy", "dxm_coverage", "dxm_appointment",
    "dxm_billingrecord", "dxm_treatmentplan", "contact", "account",
  ],
  dashboards: [productionDashboard.key],
  siteMap: {
    uniqueName: "dxm_DentalExecMigration",
    areas: [{
      id: "dxm_area_migration", title: "Dental-Exec",
      groups: [
        {
          id: "dxm_group_migration", title: "Migration",
          subAreas: [
            { id: "dxm_sub_runs", table: "dxm_migrationrun", title: "Migration Runs" },
            { id: "dxm_sub_batches", table: "dxm_migrationbatch", title: "Ledger Batches" },
          ],
        },
        {
          id: "dxm_group_practice", title: "Practice",
          subAreas: [
            { id: "dxm_sub_patients", table: "contact", title: "Patients" },
            { id: "dxm_sub_practices", table: "account", title: "Practices" },
            { id: "dxm_sub_production", dashboard: productionDashboard.key, title: "Production" },
          ],
        },
        {
          id: "dxm_group_records", title: "Migrated records",
          subAreas: [
            { id: "dxm_sub_treatments", table: "dxm_treatmenthistory", title: "Treatment History" },
            { id: "dxm_sub_plans", table: "dxm_treatmentplan", title: "Treatment Plans" },
            { id: "dxm_sub_appointments", table: "dxm_appointment", title: "Dental Appointments" },
            { id: "dxm_sub_policies", table: "dxm_insurancepolicy", title: "Insurance Policies" },
            { id: "dxm_sub_coverages", table: "dxm_coverage", title: "Coverages" },
            { id: "dxm_sub_billing", table: "dxm_billingrecord", title: "Billing Records" },
          ],
        },
      ],
    }],
  },
};
