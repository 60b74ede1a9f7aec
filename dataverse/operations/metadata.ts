import type { AttributeMetadata, BatchOperation, EntityMetadata, NewColumn } from "../types";
import { odataString } from "../odata/literals";

export function entityDefinitionPath(logicalName: string): string {
  return `EntityDefinitions(LogicalName=${odataString(logicalName)})`;
}

/** Table definition with every attribute (derived-type properties such as MaxLength come with it) and keys. */
export function entityMetadataPath(logicalName: string): string {
  return `${entityDefinitionPath(logicalName)}?$select=LogicalName,EntitySetName,PrimaryIdAttribute,PrimaryNameAttribute,IsCustomEntity&$expand=Attributes,Keys($select=LogicalName,KeyAttributes)`;
}

/**
 * Several tables' definitions (as `entityMetadataPath` gives one) in one query: `EntityDefinitions` filtered on
 * their logical names, attributes and keys expanded. Answers `{ value: [...] }`, one row per table the org has.
 */
export function entitiesMetadataPath(logicalNames: string[]): string {
  const filter = logicalNames.map((name) => `LogicalName eq ${odataString(name)}`).join(" or ");
  return `EntityDefinitions?$select=LogicalName,EntitySetName,PrimaryIdAttribute,PrimaryNameAttribute,IsCustomEntity&$filter=${encodeURIComponent(filter)}&$expand=Attributes,Keys($select=LogicalName,KeyAttributes)`;
}

/**
 * Choice columns with their options: the option set is only reachable through the derived type. No `$select`:
 * the attribute's other properties come along (a metadata read happens once per table), and an emulator that
 * applies `$select` before `$expand` still returns the options.
 */
export const OPTION_SET_TYPES = ["PicklistAttributeMetadata", "MultiSelectPicklistAttributeMetadata", "BooleanAttributeMetadata"] as const;

export function optionSetPath(logicalName: string, type: (typeof OPTION_SET_TYPES)[number]): string {
  const expand = type === "BooleanAttributeMetadata" ? "OptionSet($select=TrueOption,FalseOption)" : "OptionSet($select=Options),GlobalOptionSet($select=Options)";
  return `${entityDefinitionPath(logicalName)}/Attributes/Microsoft.Dynamics.CRM.${type}?$expand=${expand}`;
}

interface RawLabel {
  UserLocalizedLabel?: { Label?: string } | null;
  LocalizedLabels?: { Label?: string }[];
}
interface RawOption {
  Value: number;
  Label?: RawLabel;
}
interface RawOptionSet {
  Options?: RawOption[];
  TrueOption?: RawOption;
  FalseOption?: RawOption;
}
export interface RawOptionAttribute {
  LogicalName: string;
  OptionSet?: RawOptionSet | null;
  GlobalOptionSet?: RawOptionSet | null;
}

function labelText(label: RawLabel | undefined): string {
  return label?.UserLocalizedLabel?.Label ?? label?.LocalizedLabels?.[0]?.Label ?? "";
}

/** Options of one choice or yes/no column, from the option-set response. */
export function optionsOf(attribute: RawOptionAttribute): { Value: number; Label: string }[] {
  const set = attribute.OptionSet ?? attribute.GlobalOptionSet;
  if (!set) return [];
  const raw = set.Options ?? [set.FalseOption, set.TrueOption].filter((o): o is RawOption => o !== undefined);
  return raw.map((o) => ({ Value: o.Value, Label: labelText(o.Label) }));
}

type ManagedValue<T> = { Value?: T } | T | undefined;
function managed<T>(value: ManagedValue<T>): T | undefined {
  return value !== null && typeof value === "object" && "Value" in (value as object) ? (value as { Value?: T }).Value : (value as T | undefined);
}

/** Turns the EntityDefinitions response (and the option sets fetched beside it) into plain metadata. */
export function toEntityMetadata(raw: Record<string, unknown>, optionAttributes: RawOptionAttribute[]): EntityMetadata {
  const options = new Map(optionAttributes.map((a) => [a.LogicalName, optionsOf(a)]));
  const attributes = ((raw.Attributes as Record<string, unknown>[] | undefined) ?? []).map((a): AttributeMetadata => {
    const attribute: AttributeMetadata = { LogicalName: String(a.LogicalName), AttributeType: String(a.AttributeType) };
    const required = managed(a.RequiredLevel as ManagedValue<AttributeMetadata["RequiredLevel"]>);
    if (required) attribute.RequiredLevel = required;
    if (typeof a.MaxLength === "number") attribute.MaxLength = a.MaxLength;
    if (typeof a.IsValidForCreate === "boolean") attribute.IsValidForCreate = a.IsValidForCreate;
    if (typeof a.IsValidForUpdate === "boolean") attribute.IsValidForUpdate = a.IsValidForUpdate;
    if (Array.isArray(a.Targets)) attribute.Targets = a.Targets as string[];
    const behavior = managed(a.DateTimeBehavior as ManagedValue<AttributeMetadata["DateTimeBehavior"]>);
    if (behavior) attribute.DateTimeBehavior = behavior;
    const choice = options.get(attribute.LogicalName);
    if (choice) attribute.Options = choice;
    return attribute;
  });
  const metadata: EntityMetadata = {
    LogicalName: String(raw.LogicalName),
    EntitySetName: String(raw.EntitySetName),
    PrimaryIdAttribute: String(raw.PrimaryIdAttribute),
    PrimaryNameAttribute: String(raw.PrimaryNameAttribute ?? ""),
    IsCustomEntity: raw.IsCustomEntity === true,
    Attributes: attributes,
  };
  if (Array.isArray(raw.Keys)) {
    metadata.Keys = (raw.Keys as { LogicalName: string; KeyAttributes: string[] }[]).map((k) => ({ LogicalName: k.LogicalName, KeyAttributes: k.KeyAttributes }));
  }
  return metadata;
}

function label(text: string) {
  return {
    "@odata.type": "Microsoft.Dynamics.CRM.Label",
    LocalizedLabels: [{ "@odata.type": "Microsoft.Dynamics.CRM.LocalizedLabel", Label: text, LanguageCode: 1033 }],
  };
}

/** Body of `POST EntityDefinitions(LogicalName='x')/Attributes`: the metadata type each column kind needs. */
export function newColumnPayload(column: NewColumn): Record<string, unknown> {
  const common = {
    SchemaName: column.logicalName,
    DisplayName: label(column.displayName),
    Description: label(`Migrated from Dental-Exec (${column.displayName}).`),
    RequiredLevel: { Value: "None", CanBeChanged: true, ManagedPropertyLogicalName: "canmodifyrequirementlevelsettings" },
  };
  switch (column.type) {
    case "string":
      return { "@odata.type": "Microsoft.Dynamics.CRM.StringAttributeMetadata", AttributeType: "String", AttributeTypeName: { Value: "StringType" }, MaxLength: column.maxLength ?? 100, FormatName: { Value: "Text" }, ...common };
    case "memo":
      return { "@odata.type": "Microsoft.Dynamics.CRM.MemoAttributeMetadata", AttributeType: "Memo", AttributeTypeName: { Value: "MemoType" }, Format: "TextArea", MaxLength: column.maxLength ?? 2000, ...common };
    case "integer":
      return { "@odata.type": "Microsoft.Dynamics.CRM.IntegerAttributeMetadata", AttributeType: "Integer", AttributeTypeName: { Value: "IntegerType" }, Format: "None", MinValue: -2147483648, MaxValue: 2147483647, ...common };
    case "decimal":
      return { "@odata.type": "Microsoft.Dynamics.CRM.DecimalAttributeMetadata", AttributeType: "Decimal", AttributeTypeName: { Value: "DecimalType" }, Precision: 2, MinValue: -100000000000, MaxValue: 100000000000, ...common };
    case "money":
      return { "@odata.type": "Microsoft.Dynamics.CRM.MoneyAttributeMetadata", AttributeType: "Money", AttributeTypeName: { Value: "MoneyType" }, PrecisionSource: 2, MinValue: -922337203685477, MaxValue: 922337203685477, ...common };
    case "boolean":
      return {
        "@odata.type": "Microsoft.Dynamics.CRM.BooleanAttributeMetadata", AttributeType: "Boolean", AttributeTypeName: { Value: "BooleanType" }, DefaultValue: false,
        OptionSet: { "@odata.type": "Microsoft.Dynamics.CRM.BooleanOptionSetMetadata", OptionSetType: "Boolean", TrueOption: { Value: 1, Label: label("Yes") }, FalseOption: { Value: 0, Label: label("No") } },
        ...common,
      };
    case "datetime":
      return { "@odata.type": "Microsoft.Dynamics.CRM.DateTimeAttributeMetadata", AttributeType: "DateTime", AttributeTypeName: { Value: "DateTimeType" }, Format: "DateAndTime", DateTimeBehavior: { Value: "UserLocal" }, ...common };
  }
}

/** `PublishXml` parameter for the given tables. */
export function publishXml(tables: string[]): string {
  const escape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  return `<importexportxml><entities>${tables.map((t) => `<entity>${escape(t)}</entity>`).join("")}</entities></importexportxml>`;
}

/** Creating a column, as a `$batch` operation (`client.createColumn` sends the same request on its own). */
export function createColumnOperation(column: NewColumn, headers: Record<string, string> = {}): BatchOperation {
  return { method: "POST", url: `${entityDefinitionPath(column.table)}/Attributes`, body: newColumnPayload(column), headers };
}

/** Publishing tables' customizations, as a `$batch` operation (`client.publish` sends the same request on its own). */
export function publishOperation(tables: string[]): BatchOperation {
  return { method: "POST", url: "PublishXml", body: { ParameterXml: publishXml(tables) } };
}
