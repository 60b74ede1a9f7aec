/**
 * Choice fields whose text must map to an option of the target set (through the confirmed value map or the
 * option labels): an unmapped value in a required choice is an error, elsewhere a warning (left empty).
 */
import { appointmentStatusOptions } from "../../solution/model/tables/appointment";
import { claimStatusOptions } from "../../solution/model/tables/billingrecord";
import { coverageOrderOptions } from "../../solution/model/tables/coverage";
import { subscriberRelationshipOptions } from "../../solution/model/tables/insurancepolicy";
import { planStatusOptions } from "../../solution/model/tables/treatmentplan";
import type { OptionDef } from "../../solution/model/types";
import type { ObjectKind } from "../model/types";
import { communicationTable, direction } from "../objects/communication";
import type { MappedRow } from "../objects/mapped-row";
import { defaultGenderMap } from "../objects/patient";
import { mapOption } from "../objects/values";
import type { CellProblem } from "../validate/cell-checks";

interface OptionField {
  field: string;
  options?: OptionDef[];
  defaultMap?: Record<string, number>;
  required?: boolean;
  /** Values that mean "not given" (left empty without a warning). */
  blank?: string[];
}

const optionFields: Partial<Record<ObjectKind, OptionField[]>> = {
  patient: [{ field: "gender", defaultMap: defaultGenderMap, blank: ["u", "unknown"] }],
  appointment: [{ field: "status", options: appointmentStatusOptions, required: true }],
  billing: [{ field: "claimStatus", options: claimStatusOptions }],
  treatmentPlan: [{ field: "status", options: planStatusOptions, required: true }],
  insurance: [{ field: "relationship", options: subscriberRelationshipOptions }, { field: "coverageOrder", options: coverageOrderOptions }],
};

export function checkOptions(row: MappedRow): (CellProblem & { field: string })[] {
  const problems: (CellProblem & { field: string })[] = [];
  for (const f of optionFields[row.object] ?? []) {
    const value = row.get(f.field);
    if (!value || f.blank?.includes(value.toLowerCase())) continue;
    if (mapOption(value, row.valueMap(f.field) ?? f.defaultMap, f.options) === undefined) {
      problems.push({
        field: f.field,
        severity: f.required ? "error" : "warning",
        code: "unmapped-value",
        reason: `${row.header(f.field) ?? f.field} has a value the value map does not cover${f.required ? "" : "; it is left empty"}`,
      });
    }
  }
  if (row.object === "communication") {
    if (row.get("type") && !communicationTable(row.get("type"))) {
      problems.push({ field: "type", severity: "error", code: "unknown-communication-type", reason: `${row.header("type") ?? "Type"} is not Call, Email or Meeting` });
    }
    if (row.get("direction") && direction(row.get("direction")) === undefined) {
      problems.push({ field: "direction", severity: "warning", code: "unmapped-value", reason: `${row.header("direction") ?? "Direction"} is not Inbound or Outbound; it is left empty` });
    }
  }
  return problems;
}
