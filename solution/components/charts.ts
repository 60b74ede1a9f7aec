import type { ChartDef, DashboardDef } from "./types";

/** Production by provider: fees summed per month, one series per treating provider (Dental-Exec's production report). */
export const productionByProviderChart: ChartDef = {
  key: "dxm_treatmenthistory:productionbyprovider",
  table: "dxm_treatmenthistory",
  name: "Production by provider",
  description: "Fees of performed procedures by provider by month.",
  measure: { column: "dxm_fee", aggregate: "sum" },
  category: { column: "dxm_dateperformed", dateGrouping: "month" },
  series: { column: "dxm_providerid" },
  chartType: "StackedColumn",
};

export const charts: ChartDef[] = [productionByProviderChart];

export const productionDashboard: DashboardDef = {
  key: "dashboard.production",
  name: "Production by provider",
  description: "Production tracking: fees by provider by month from treatment history.",
  charts: [{ chart: productionByProviderChart.key, view: "dxm_treatmenthistory:active" }],
};

export const dashboards: DashboardDef[] = [productionDashboard];
