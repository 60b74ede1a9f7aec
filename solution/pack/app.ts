import type { AppDef, FormDef } from "../components/types";
import { findTable } from "../model";
import { braced, componentGuid } from "./guid";
import { dashboardGuid } from "./charts";
import { el, labels, text, LCID, type XmlElement } from "./xml";

/** The default model-driven app icon web resource shipped with every Dataverse org. */
const DEFAULT_APP_ICON = "953b9fac-1e5e-e611-80d6-00155ded156f";

const titles = (title: string) => el("Titles", null, el("Title", { LCID, Title: title }));

/** The app's site map (AppModuleSiteMap): areas, groups and sub-areas for tables and the dashboard. */
export function appSiteMapXml(app: AppDef): XmlElement {
  const subArea = (s: AppDef["siteMap"]["areas"][number]["groups"][number]["subAreas"][number]) => {
    if (s.dashboard) {
      return el("SubArea", { Id: s.id, Url: "/workplace/home_dashboards.aspx", DefaultDashboard: braced(dashboardGuid(s.dashboard)), AvailableOffline: "false", PassParams: "false" }, titles(s.title));
    }
    if (!s.table) throw new Error(`Site map sub-area ${s.id} has neither table nor dashboard`);
    return el("SubArea", { Id: s.id, Entity: s.table, AvailableOffline: "true", PassParams: "false" }, titles(s.title));
  };
  return el("AppModuleSiteMap", null,
    text("SiteMapUniqueName", app.siteMap.uniqueName),
    el("SiteMap", { IntroducedVersion: "7.0.0.0" },
      app.siteMap.areas.map((area) =>
        el("Area", { Id: area.id, ShowGroups: "true", IntroducedVersion: "7.0.0.0" },
          titles(area.title),
          area.groups.map((group) =>
            el("Group", { Id: group.id, IsProfile: "false" }, titles(group.title), group.subAreas.map(subArea)))))),
    labels("LocalizedNames", "LocalizedName", app.displayName));
}

/**
 * The AppModule: its tables (type 1), site map (62), dashboards (60) and main forms (60), and the roles
 * that see it. Component type codes are Dataverse's solutioncomponent types.
 */
export function appModuleXml(app: AppDef, forms: FormDef[], roleIds: string[], formGuid: (key: string) => string): XmlElement {
  for (const t of app.tables) if (!findTable(t)) throw new Error(`App table ${t} is not in the solution model`);
  return el("AppModule", null,
    text("UniqueName", app.uniqueName),
    text("IntroducedVersion", "1.0.0.0"),
    text("WebResourceId", DEFAULT_APP_ICON),
    text("FormFactor", 1),
    text("ClientType", 4),
    el("AppModuleComponents", null,
      app.tables.map((t) => el("AppModuleComponent", { type: 1, schemaName: t })),
      el("AppModuleComponent", { type: 62, schemaName: app.siteMap.uniqueName }),
      app.dashboards.map((d) => el("AppModuleComponent", { type: 60, id: braced(dashboardGuid(d)) })),
      forms.filter((f) => app.tables.includes(f.table)).map((f) => el("AppModuleComponent", { type: 60, id: braced(formGuid(f.key)) }))),
    roleIds.length > 0 ? el("AppModuleRoleMaps", null, roleIds.map((id) => el("Role", { id: braced(id) }))) : null,
    labels("LocalizedNames", "LocalizedName", app.displayName),
    labels("Descriptions", "Description", app.description));
}

export const appModuleGuid = (app: AppDef): string => componentGuid(`appmodule/${app.uniqueName}`);
