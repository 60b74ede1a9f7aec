import type { ColumnDef, SolutionModel } from "../model/types";
import { findTable } from "../model";
import { standardTables } from "../components/standard-tables";
import { el, flag, labels, text, type XmlElement } from "./xml";

type LookupColumn = Extract<ColumnDef, { type: "lookup" }>;

export interface LookupRelationship {
  table: string;
  column: LookupColumn;
}

/** Every lookup the solution defines, on its own tables and on the standard ones it extends. */
export function lookupRelationships(model: SolutionModel): LookupRelationship[] {
  return [...model.tables, ...model.extensions].flatMap((t) =>
    t.columns.filter((c): c is LookupColumn => c.type === "lookup").map((column) => ({ table: t.logicalName, column })));
}

/** customizations.xml names entities by schema name: the standard tables' Pascal case, ours as defined. */
export function entitySchemaName(logicalName: string): string {
  if (findTable(logicalName) && !standardTables[logicalName]) return logicalName;
  return standardTables[logicalName]?.schemaName ?? logicalName;
}

/**
 * One-to-many relationship of a lookup, with the cascade configuration: deleting the referenced record
 * cascades, removes the link, or is restricted, as the column says; assign/share/reparent never cascade,
 * so a patient's reassignment does not drag migrated history along.
 */
export function relationshipXml({ table, column }: LookupRelationship): XmlElement {
  return el("EntityRelationship", { Name: column.relationshipName },
    text("EntityRelationshipType", "OneToMany"),
    flag("IsCustomizable", true),
    text("IntroducedVersion", "1.0.0.0"),
    flag("IsHierarchical", false),
    text("ReferencingEntityName", entitySchemaName(table)),
    text("ReferencedEntityName", entitySchemaName(column.target)),
    text("CascadeAssign", "NoCascade"),
    text("CascadeDelete", column.cascadeDelete),
    text("CascadeReparent", "NoCascade"),
    text("CascadeShare", "NoCascade"),
    text("CascadeUnshare", "NoCascade"),
    text("CascadeRollupView", "NoCascade"),
    flag("IsValidForAdvancedFind", true),
    text("ReferencingAttributeName", column.logicalName),
    el("RelationshipDescription", null, labels("Descriptions", "Description", column.description ?? "")),
    el("EntityRelationshipRoles", null,
      el("EntityRelationshipRole", null,
        text("NavPaneDisplayOption", "UseCollectionName"),
        text("NavPaneArea", "Details"),
        text("NavPaneOrder", 10000),
        text("NavigationPropertyName", column.navigationProperty),
        text("RelationshipRoleType", 1)),
      el("EntityRelationshipRole", null,
        text("NavigationPropertyName", column.relationshipName),
        text("RelationshipRoleType", 0))));
}
