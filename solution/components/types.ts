/**
 * The solution's user-facing components as data, beside the table model in ../model: forms, views, the app
 * and its site map, the chart and dashboard, security, the command bar and the packaged control and web
 * resources. The packer (../pack) turns these into customizations.xml.
 */

/** A cell on a form: a column, a column hosting a custom (PCF) control, or a sub-grid of related records. */
export type FormCell =
  | { kind: "column"; column: string }
  | { kind: "control"; column: string; control: string; parameters: Record<string, string> }
  | { kind: "subgrid"; name: string; label: string; table: string; relationship: string; view: string };

export interface FormSection {
  name: string;
  label: string;
  cells: FormCell[];
}

export interface FormTab {
  name: string;
  label: string;
  sections: FormSection[];
}

export interface FormDef {
  /** Unique key from which the form's stable id is derived. */
  key: string;
  table: string;
  name: string;
  description: string;
  tabs: FormTab[];
}

export type ViewKind = "public" | "advancedFind" | "associated" | "quickFind" | "lookup";

export interface ViewCondition {
  column: string;
  operator: "eq" | "ne" | "not-null" | "null";
  value?: string | number;
}

export interface ViewDef {
  key: string;
  table: string;
  name: string;
  kind: ViewKind;
  isDefault: boolean;
  columns: string[];
  /** Column sorted on (ascending unless `descending`). */
  orderBy: string;
  descending?: boolean;
  conditions: ViewCondition[];
  /** Columns searched by quick find ({0}). */
  quickFindColumns?: string[];
}

export interface SiteMapSubArea {
  id: string;
  table?: string;
  dashboard?: string;
  title: string;
}

export interface SiteMapGroup {
  id: string;
  title: string;
  subAreas: SiteMapSubArea[];
}

export interface AppDef {
  uniqueName: string;
  displayName: string;
  description: string;
  siteMap: { uniqueName: string; areas: { id: string; title: string; groups: SiteMapGroup[] }[] };
  tables: string[];
  dashboards: string[];
}

export type PrivilegeLevel = "Basic" | "Local" | "Deep" | "Global";

export interface SecurityRoleDef {
  name: string;
  description: string;
  privileges: { name: string; level: PrivilegeLevel }[];
}

export interface FieldSecurityProfileDef {
  name: string;
  description: string;
  columns: { table: string; column: string }[];
}

export interface ChartDef {
  key: string;
  table: string;
  name: string;
  description: string;
  /** Aggregated column and its aggregate. */
  measure: { column: string; aggregate: "sum" | "count" | "avg" };
  /** Category axis (first group-by). */
  category: { column: string; dateGrouping?: "day" | "week" | "month" | "quarter" | "year" };
  /** Series split (second group-by). */
  series: { column: string };
  chartType: "Column" | "StackedColumn" | "Line" | "Bar";
}

export interface DashboardDef {
  key: string;
  name: string;
  description: string;
  charts: { chart: string; view: string }[];
}

export interface CommandDef {
  table: string;
  id: string;
  label: string;
  tooltip: string;
  library: string;
  onClick: string;
  enableRule: string;
  /** Where on the form command bar the button goes. */
  location: string;
  sequence: number;
  image: string;
}

export interface ControlDef {
  /** Manifest namespace and constructor; the solution names the control `<prefix>_<namespace>.<constructor>`. */
  namespace: string;
  constructor: string;
  /** The one bound property in the manifest and the column it is bound to on the form. */
  boundProperty: string;
  boundColumn: string;
  table: string;
  /** Where the build puts the control (ControlManifest.xml, bundle.js, ...), relative to the repository. */
  builtDir: string;
}

export interface WebResourceDef {
  name: string;
  displayName: string;
  description: string;
  /** Web resource type: 1 HTML, 2 CSS, 3 JScript, 4 XML, 5 PNG, 11 SVG, 12 RESX. */
  type: number;
  /** Candidate paths of the built file, relative to the web resources output directory. */
  builtFiles: string[];
}
