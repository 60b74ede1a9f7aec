import type { ColumnDef, OptionDef, TableDef } from "../model/types";
import { el, flag, labels, text, LCID, type XmlElement } from "./xml";

/** customizations.xml writes the date-time behaviour as a number: 1 user local, 2 date only, 3 time-zone independent. */
const behaviorCode = { userlocal: 1, dateonly: 2, timezoneindependent: 3 } as const;

const displayMask = (column: ColumnDef, primaryName: boolean) =>
  [primaryName ? "PrimaryName" : null, "ValidForAdvancedFind", "ValidForForm", "ValidForGrid", column.requiredLevel === "required" ? "RequiredForForm" : null]
    .filter(Boolean)
    .join("|");

function names(displayName: string, description = ""): XmlElement[] {
  return [labels("displaynames", "displayname", displayName), labels("Descriptions", "Description", description)];
}

function optionElements(options: OptionDef[]): XmlElement {
  return el("options", null, options.map((o) => el("option", { value: o.value }, labels("labels", "label", o.label))));
}

function optionSet(name: string, type: "picklist" | "bit", displayName: string, description: string, options: OptionDef[]): XmlElement {
  return el("optionset", { Name: name },
    text("OptionSetType", type),
    flag("IsGlobal", false),
    text("IntroducedVersion", "1.0.0.0"),
    flag("IsCustomizable", true),
    names(displayName, description),
    optionElements(options));
}

/** The type-specific elements of one column. */
function typeElements(table: string, column: ColumnDef): XmlElement[] {
  switch (column.type) {
    case "string":
      return [text("Type", "nvarchar"), text("Format", column.format ?? "text"), text("MaxLength", column.maxLength), text("Length", column.maxLength * 2)];
    case "memo":
      return [text("Type", "ntext"), text("Format", "TextArea"), text("MaxLength", column.maxLength)];
    case "integer":
      return [text("Type", "int"), text("Format", "none"), text("MinValue", column.min ?? -2147483648), text("MaxValue", column.max ?? 2147483647)];
    case "decimal":
      return [text("Type", "decimal"), text("Accuracy", column.precision), text("MinValue", column.min ?? -100000000000), text("MaxValue", column.max ?? 100000000000)];
    case "money":
      return [text("Type", "money"), text("Accuracy", column.precision ?? 2), text("AccuracySource", 0), text("MinValue", -922337203685477), text("MaxValue", 922337203685477)];
    case "boolean":
      return [
        text("Type", "bit"),
        text("AppDefaultValue", column.defaultValue ? 1 : 0),
        optionSet(`${table}_${column.logicalName}`, "bit", column.displayName, column.description ?? "", [
          { value: 1, label: column.trueLabel ?? "Yes" },
          { value: 0, label: column.falseLabel ?? "No" },
        ]),
      ];
    case "datetime":
      return [
        text("Type", "datetime"),
        text("Format", column.behavior === "dateonly" ? "date" : "datetime"),
        text("Behavior", behaviorCode[column.behavior]),
        flag("CanChangeDateTimeBehavior", false),
      ];
    case "choice":
      return [
        text("Type", "picklist"),
        text("AppDefaultValue", column.defaultValue ?? -1),
        optionSet(`${table}_${column.logicalName}`, "picklist", column.displayName, column.description ?? "", column.options),
      ];
    case "lookup":
      return [text("Type", "lookup"), text("LookupStyle", "single"), el("LookupTypes", null)];
  }
}

/** One `<attribute>` for a column the solution defines. */
export function attributeXml(table: string, column: ColumnDef, options: { primaryName?: boolean; customizable?: boolean } = {}): XmlElement {
  const primaryName = options.primaryName ?? false;
  const customizable = options.customizable ?? true;
  return el("attribute", { PhysicalName: column.logicalName },
    typeElements(table, column).filter((e) => e.name === "Type"),
    text("Name", column.logicalName),
    text("LogicalName", column.logicalName),
    text("RequiredLevel", column.requiredLevel ?? "none"),
    text("DisplayMask", displayMask(column, primaryName)),
    column.type === "string" || column.type === "memo" ? text("ImeMode", "auto") : null,
    flag("ValidForUpdateApi", true),
    flag("ValidForReadApi", true),
    flag("ValidForCreateApi", true),
    flag("IsCustomField", true),
    flag("IsAuditEnabled", true),
    flag("IsSecured", column.secured ?? false),
    text("IntroducedVersion", "1.0.0.0"),
    flag("IsCustomizable", customizable),
    flag("IsRenameable", customizable),
    flag("CanModifySearchSettings", customizable),
    flag("CanModifyRequirementLevelSettings", customizable),
    flag("CanModifyAdditionalSettings", customizable),
    text("SourceType", 0),
    typeElements(table, column).filter((e) => e.name !== "Type"),
    names(column.displayName, column.description),
  );
}

/** The primary key column of a custom table. */
export function primaryKeyXml(table: TableDef): XmlElement {
  return el("attribute", { PhysicalName: table.primaryIdColumn },
    text("Type", "primarykey"),
    text("Name", table.primaryIdColumn),
    text("LogicalName", table.primaryIdColumn),
    text("RequiredLevel", "systemrequired"),
    text("DisplayMask", "ValidForAdvancedFind|RequiredForGrid"),
    flag("ValidForReadApi", true),
    flag("ValidForCreateApi", true),
    flag("IsCustomField", false),
    flag("IsAuditEnabled", false),
    flag("IsSecured", false),
    text("IntroducedVersion", "1.0.0.0"),
    flag("IsCustomizable", true),
    flag("IsRenameable", true),
    text("SourceType", 0),
    names(table.displayName, "Unique identifier for entity instances"),
  );
}

/** statecode / statuscode of a custom table: Active (1) and Inactive (2), as Dataverse creates them. */
export function stateAndStatusXml(table: TableDef): XmlElement[] {
  const state = (value: number, status: number, label: string) =>
    el("state", { value, defaultstatus: status, invariantname: label }, labels("labels", "label", label));
  const status = (value: number, stateValue: number, label: string) =>
    el("status", { value, state: stateValue }, labels("labels", "label", label));
  const common = (name: string) => [
    text("Name", name), text("LogicalName", name),
  ];
  return [
    el("attribute", { PhysicalName: "statecode" },
      text("Type", "state"), ...common("statecode"),
      text("RequiredLevel", "systemrequired"),
      text("DisplayMask", "ValidForAdvancedFind|ValidForForm|ValidForGrid"),
      flag("ValidForUpdateApi", true), flag("ValidForReadApi", true),
      flag("IsCustomField", false), flag("IsAuditEnabled", true), flag("IsSecured", false),
      text("IntroducedVersion", "1.0.0.0"), flag("IsCustomizable", true), flag("IsRenameable", true), text("SourceType", 0),
      el("optionset", { Name: `${table.logicalName}_statecode` },
        text("OptionSetType", "state"), text("IntroducedVersion", "1.0.0.0"), flag("IsCustomizable", true),
        names("Status", `Status of the ${table.displayName}`),
        el("states", null, state(0, 1, "Active"), state(1, 2, "Inactive"))),
      names("Status", `Status of the ${table.displayName}`)),
    el("attribute", { PhysicalName: "statuscode" },
      text("Type", "status"), ...common("statuscode"),
      text("RequiredLevel", "none"),
      text("DisplayMask", "ValidForAdvancedFind|ValidForForm|ValidForGrid"),
      flag("ValidForUpdateApi", true), flag("ValidForReadApi", true), flag("ValidForCreateApi", true),
      flag("IsCustomField", false), flag("IsAuditEnabled", true), flag("IsSecured", false),
      text("IntroducedVersion", "1.0.0.0"), flag("IsCustomizable", true), flag("IsRenameable", true), text("SourceType", 0),
      el("optionset", { Name: `${table.logicalName}_statuscode` },
        text("OptionSetType", "status"), text("IntroducedVersion", "1.0.0.0"), flag("IsCustomizable", true),
        names("Status Reason", `Reason for the status of the ${table.displayName}`),
        el("statuses", null, status(1, 0, "Active"), status(2, 1, "Inactive"))),
      names("Status Reason", `Reason for the status of the ${table.displayName}`)),
  ];
}

/**
 * A standard column the solution secures: the existing attribute with IsSecured=1 and its usual settings
 * (what an export of a system column secured in a solution carries).
 */
export function securedStandardAttributeXml(column: string, displayName: string, crmType: string): XmlElement {
  return el("attribute", { PhysicalName: column },
    text("Type", crmType),
    text("Name", column),
    text("LogicalName", column),
    text("RequiredLevel", "none"),
    text("DisplayMask", "ValidForAdvancedFind|ValidForForm|ValidForGrid"),
    text("ImeMode", crmType === "datetime" ? "inactive" : "auto"),
    flag("ValidForUpdateApi", true),
    flag("ValidForReadApi", true),
    flag("ValidForCreateApi", true),
    flag("IsCustomField", false),
    flag("IsAuditEnabled", true),
    flag("IsSecured", true),
    flag("IsCustomizable", true),
    flag("IsRenameable", true),
    flag("CanModifySearchSettings", true),
    flag("CanModifyRequirementLevelSettings", true),
    flag("CanModifyAdditionalSettings", true),
    text("SourceType", 0),
    crmType === "datetime" ? text("Format", "date") : null,
    el("displaynames", null, el("displayname", { description: displayName, languagecode: LCID })),
  );
}
