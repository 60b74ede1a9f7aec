import type { TableDef, TableExtensionDef } from "../model/types";
import type { CommandDef, FormDef, ViewDef, ChartDef } from "../components/types";
import { securedStandardColumns, standardTable } from "../components/standard-tables";
import { attributeXml, primaryKeyXml, securedStandardAttributeXml, stateAndStatusXml } from "./attributes";
import { systemFormXml } from "./forms";
import { savedQueryXml } from "./views";
import { ribbonDiffXml } from "./ribbon";
import { visualizationXml } from "./charts";
import { el, flag, labels, text, type XmlElement } from "./xml";

export interface EntityComponents {
  forms: FormDef[];
  views: ViewDef[];
  charts: ChartDef[];
  commands: CommandDef[];
}

function keysXml(table: TableDef | TableExtensionDef): XmlElement | null {
  if (table.keys.length === 0) return null;
  return el("EntityKeys", null, table.keys.map((key) =>
    el("EntityKey", null,
      text("Name", key.logicalName),
      text("LogicalName", key.logicalName),
      text("IntroducedVersion", "1.0.0.0"),
      flag("IsCustomizable", true),
      labels("displaynames", "displayname", key.displayName),
      el("EntityKeyAttributes", null, key.columns.map((c) => text("AttributeName", c))))));
}

/** The forms, views, charts and command bar of one table, in the order an export writes them. */
function presentationXml(components: EntityComponents): XmlElement[] {
  const mainForms = components.forms;
  return [
    mainForms.length > 0 ? el("FormXml", null, el("forms", { type: "main" }, mainForms.map(systemFormXml))) : null,
    components.views.length > 0 ? el("SavedQueries", null, el("savedqueries", null, components.views.map(savedQueryXml))) : null,
    components.charts.length > 0 ? el("Visualizations", null, components.charts.map(visualizationXml)) : null,
    ribbonDiffXml(components.commands),
  ].filter((e): e is XmlElement => e !== null);
}

/** `<Entity>` of a custom table: metadata, every column, keys, forms, views, charts, command bar. */
export function customEntityXml(table: TableDef, components: EntityComponents, options: { locked?: boolean } = {}): XmlElement {
  const customizable = !options.locked;
  return el("Entity", null,
    el("Name", { LocalizedName: table.displayName, OriginalName: table.displayName }, table.logicalName),
    el("EntityInfo", null,
      el("entity", { Name: table.logicalName },
        labels("LocalizedNames", "LocalizedName", table.displayName),
        labels("LocalizedCollectionNames", "LocalizedCollectionName", table.pluralName),
        labels("Descriptions", "Description", table.description),
        el("attributes", null,
          primaryKeyXml(table),
          table.columns.map((c) => attributeXml(table.logicalName, c, { primaryName: c.logicalName === table.primaryNameColumn, customizable })),
          stateAndStatusXml(table)),
        text("EntitySetName", table.entitySetName),
        text("HasRelatedNotes", table.hasNotes ? "True" : "False"),
        flag("IsDuplicateCheckSupported", true),
        flag("IsBusinessProcessEnabled", false),
        flag("IsRequiredOffline", false),
        flag("IsInteractionCentricEnabled", false),
        flag("IsCollaboration", false),
        flag("AutoRouteToOwnerQueue", false),
        flag("IsConnectionsEnabled", false),
        flag("IsDocumentManagementEnabled", false),
        flag("IsOneNoteIntegrationEnabled", false),
        flag("IsKnowledgeManagementEnabled", false),
        flag("IsSLAEnabled", false),
        flag("IsDocumentRecommendationsEnabled", false),
        flag("IsBPFEntity", false),
        text("OwnershipTypeMask", table.ownership === "UserOwned" ? "UserOwned" : "OrgOwned"),
        flag("IsAuditEnabled", true),
        flag("IsActivity", false),
        flag("IsActivityParty", false),
        flag("IsReplicated", false),
        flag("IsReplicationUserFiltered", false),
        flag("IsMailMergeEnabled", false),
        flag("IsVisibleInMobile", false),
        flag("IsVisibleInMobileClient", true),
        flag("IsReadOnlyInMobileClient", false),
        flag("IsOfflineInMobileClient", false),
        text("DaysSinceRecordLastModified", 0),
        flag("IsMapiGridEnabled", true),
        flag("IsReadingPaneEnabled", true),
        flag("IsQuickCreateEnabled", false),
        flag("SyncToExternalSearchIndex", false),
        text("IntroducedVersion", "1.0.0.0"),
        flag("IsCustomizable", customizable),
        flag("IsRenameable", customizable),
        flag("IsMappable", true),
        flag("CanModifyAuditSettings", true),
        flag("CanModifyMobileVisibility", true),
        flag("CanModifyMobileClientVisibility", true),
        flag("CanModifyMobileClientReadOnly", true),
        flag("CanModifyMobileClientOffline", true),
        flag("CanModifyConnectionSettings", true),
        flag("CanModifyDuplicateDetectionSettings", true),
        flag("CanModifyMailMergeSettings", true),
        flag("CanModifyQueueSettings", true),
        flag("CanCreateAttributes", customizable),
        flag("CanCreateForms", true),
        flag("CanCreateCharts", true),
        flag("CanCreateViews", true),
        flag("CanModifyAdditionalSettings", true),
        flag("CanEnableSyncToExternalSearchIndex", true),
        flag("EnforceStateTransitions", false),
        flag("CanChangeHierarchicalRelationship", true),
        flag("EntityHelpUrlEnabled", false),
        flag("ChangeTrackingEnabled", true),
        flag("CanChangeTrackingBeEnabled", true),
        flag("IsEnabledForExternalChannels", false),
        keysXml(table))),
    presentationXml(components));
}

/** `<Entity>` of a standard table the solution extends: only the columns, keys and components it adds. */
export function extensionEntityXml(table: TableExtensionDef, components: EntityComponents): XmlElement {
  const facts = standardTable(table.logicalName);
  const secured = securedStandardColumns.filter((c) => c.table === table.logicalName);
  return el("Entity", null,
    el("Name", { LocalizedName: facts.schemaName, OriginalName: facts.schemaName }, facts.schemaName),
    el("EntityInfo", null,
      el("entity", { Name: facts.schemaName },
        el("attributes", null,
          table.columns.map((c) => attributeXml(table.logicalName, c)),
          secured.map((c) => securedStandardAttributeXml(c.column, c.displayName, c.crmType))),
        text("EntitySetName", table.entitySetName),
        keysXml(table))),
    presentationXml(components));
}
