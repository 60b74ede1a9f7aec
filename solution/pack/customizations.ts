import type { FormDef } from "../components/types";
import { solutionModel } from "../model";
import { forms } from "../components/forms";
import { views } from "../components/views";
import { charts, dashboards } from "../components/charts";
import { commands } from "../components/commands";
import { dentalExecApp } from "../components/app";
import { securityRoles, fieldSecurityProfiles } from "../components/security";
import { migrationStudioControl, solutionControlName } from "../components/control";
import { webResources } from "../components/webresources";
import { customEntityXml, extensionEntityXml, type EntityComponents } from "./entities";
import { lookupRelationships, relationshipXml } from "./relationships";
import { fieldSecurityProfileXml, roleGuid, roleXml } from "./security";
import { connectionRolesXml } from "./connection-roles";
import { dashboardXml } from "./charts";
import { appModuleXml, appSiteMapXml } from "./app";
import { formGuid } from "./forms";
import { webResourceFileName, webResourceGuid } from "./assets";
import { braced } from "./guid";
import { el, flag, text, toXml, LCID, type XmlElement } from "./xml";

export interface CustomizationsOptions {
  /** Managed packages lock the run ledger's schema (not customizable); unmanaged ones leave it open. */
  managed?: boolean;
  /**
   * Which built pieces the package carries. Left out, everything is assumed present (the full definition,
   * as the emulator imports it); the packer passes what it actually found on disk, so the XML never
   * refers to a file the zip lacks.
   */
  include?: { control: boolean; webResources: string[] };
}

/** Tables whose schema a managed install locks: the run ledger the rollback depends on. */
export const lockedWhenManaged = ["dxm_migrationrun", "dxm_migrationbatch"];

/** Without the control, the run form shows the bound column plainly instead of Migration Studio. */
function withoutControl(form: FormDef): FormDef {
  return {
    ...form,
    tabs: form.tabs.map((tab) => ({
      ...tab,
      sections: tab.sections.map((s) => ({ ...s, cells: s.cells.map((c) => (c.kind === "control" ? { kind: "column", column: c.column } : c)) })),
    })),
  };
}

function componentsOf(table: string, formsInPackage: FormDef[], includedLibraries: Set<string>): EntityComponents {
  return {
    forms: formsInPackage.filter((f) => f.table === table),
    views: views.filter((v) => v.table === table),
    charts: charts.filter((c) => c.table === table),
    commands: commands.filter((c) => c.table === table && includedLibraries.has(c.library)),
  };
}

function webResourceXml(name: string): XmlElement {
  const def = webResources.find((w) => w.name === name);
  if (!def) throw new Error(`Unknown web resource ${name}`);
  return el("WebResource", null,
    text("WebResourceId", braced(webResourceGuid(def))),
    text("Name", def.name),
    text("DisplayName", def.displayName),
    text("Description", def.description),
    text("LanguageCode", LCID),
    text("WebResourceType", def.type),
    text("IntroducedVersion", "1.0.0.0"),
    flag("IsEnabledForMobileClient", true),
    flag("IsAvailableForMobileOffline", false),
    flag("IsCustomizable", true),
    flag("CanBeDeleted", true),
    flag("IsHidden", false),
    text("FileName", webResourceFileName(def)));
}

/** The whole customizations.xml document as an element tree. */
export function customizationsDocument(options: CustomizationsOptions = {}): XmlElement {
  const managed = options.managed ?? false;
  const include = options.include ?? { control: true, webResources: webResources.map((w) => w.name) };
  const libraries = new Set(include.webResources);
  const formsInPackage = include.control ? forms : forms.map(withoutControl);
  const roleIds = securityRoles.map(roleGuid);
  return el("ImportExportXml", { "xmlns:xsi": "http://www.w3.org/2001/XMLSchema-instance" },
    el("Entities", null,
      solutionModel.tables.map((t) => customEntityXml(t, componentsOf(t.logicalName, formsInPackage, libraries), { locked: managed && lockedWhenManaged.includes(t.logicalName) })),
      solutionModel.extensions.map((t) => extensionEntityXml(t, componentsOf(t.logicalName, formsInPackage, libraries)))),
    el("Roles", null, securityRoles.map(roleXml)),
    el("Workflows", null),
    el("FieldSecurityProfiles", null, fieldSecurityProfiles.map(fieldSecurityProfileXml)),
    el("Templates", null),
    el("RibbonDiffXml", null,
      el("CustomActions", null),
      el("Templates", null, el("RibbonTemplates", { Id: "Mscrm.Templates" })),
      el("CommandDefinitions", null),
      el("RuleDefinitions", null, el("TabDisplayRules", null), el("DisplayRules", null), el("EnableRules", null)),
      el("LocLabels", null)),
    connectionRolesXml(solutionModel.connectionRoles),
    el("EntityMaps", null),
    el("EntityRelationships", null, lookupRelationships(solutionModel).map(relationshipXml)),
    el("OrganizationSettings", null),
    el("optionsets", null),
    el("Dashboards", null, dashboards.map(dashboardXml)),
    el("WebResources", null, include.webResources.map(webResourceXml)),
    el("CustomControls", null, include.control
      ? el("CustomControl", null,
        text("Name", solutionControlName(migrationStudioControl)),
        text("FileName", `/Controls/${solutionControlName(migrationStudioControl)}/ControlManifest.xml`))
      : null),
    el("AppModuleSiteMaps", null, appSiteMapXml(dentalExecApp)),
    el("AppModules", null, appModuleXml(dentalExecApp, formsInPackage, roleIds, formGuid)),
    el("EntityDataProviders", null),
    el("Languages", null, text("Language", LCID)));
}

/** customizations.xml of the solution (no XML declaration, like a Dataverse export). */
export function buildCustomizationsXml(options: CustomizationsOptions = {}): string {
  return toXml(customizationsDocument(options));
}
