import type { SolutionModel } from "../model/types";
import { solutionModel } from "../model";
import { dashboards } from "../components/charts";
import { dentalExecApp } from "../components/app";
import { fieldSecurityProfiles, securityRoles } from "../components/security";
import { solutionControlName } from "../components/control";
import { webResources } from "../components/webresources";
import { dashboardGuid } from "./charts";
import { connectionRoleGuid } from "./connection-roles";
import { profileGuid, roleGuid } from "./security";
import { braced } from "./guid";
import { el, labels, text, toXml, type XmlElement } from "./xml";

export interface SolutionXmlOptions {
  managed: boolean;
  /** Four-part solution version; defaults to the model's (package.json's). */
  version?: string;
  include?: { control: boolean; webResources: string[] };
}

/** Solution component types (solutioncomponent.componenttype) used in RootComponents. */
const ComponentType = {
  Entity: 1, Role: 20, SystemForm: 60, WebResource: 61, SiteMap: 62, ConnectionRole: 63, CustomControl: 66,
  FieldSecurityProfile: 70, AppModule: 80,
} as const;

/** Custom tables go in whole (behavior 0); the standard ones only with what the solution adds (behavior 2). */
const INCLUDE_SUBCOMPONENTS = 0;
const SHELL_ONLY = 2;

const nil = (name: string) => el(name, { "xsi:nil": "true" });

function address(n: number): XmlElement {
  const fields = ["AddressTypeCode", "City", "County", "Country", "Fax", "FreightTermsCode", "ImportSequenceNumber", "Latitude", "Line1", "Line2", "Line3",
    "Longitude", "Name", "PostalCode", "PostOfficeBox", "PrimaryContactName", "ShippingMethodCode", "StateOrProvince", "Telephone1", "Telephone2", "Telephone3",
    "TimeZoneRuleVersionNumber", "UPSZone", "UTCOffset", "UTCConversionTimeZoneCode"];
  return el("Address", null, text("AddressNumber", n), fields.map(nil));
}

function publisherXml(model: SolutionModel): XmlElement {
  return el("Publisher", null,
    text("UniqueName", model.publisher.uniqueName),
    labels("LocalizedNames", "LocalizedName", model.publisher.displayName),
    labels("Descriptions", "Description", "Publisher of the Dental-Exec → Dynamics 365 migration solution."),
    nil("EMailAddress"),
    nil("SupportingWebsiteUrl"),
    text("CustomizationPrefix", model.publisher.prefix),
    text("CustomizationOptionValuePrefix", model.publisher.optionValuePrefix),
    el("Addresses", null, address(1), address(2)));
}

function rootComponents(model: SolutionModel, include: NonNullable<SolutionXmlOptions["include"]>): XmlElement[] {
  const root = (type: number, key: { schemaName?: string; id?: string }, behavior = INCLUDE_SUBCOMPONENTS) =>
    el("RootComponent", { type, schemaName: key.schemaName, id: key.id, behavior });
  return [
    ...model.tables.map((t) => root(ComponentType.Entity, { schemaName: t.logicalName })),
    ...model.extensions.map((t) => root(ComponentType.Entity, { schemaName: t.logicalName }, SHELL_ONLY)),
    ...securityRoles.map((r) => root(ComponentType.Role, { id: braced(roleGuid(r)) })),
    ...dashboards.map((d) => root(ComponentType.SystemForm, { id: braced(dashboardGuid(d.key)) })),
    ...webResources.filter((w) => include.webResources.includes(w.name)).map((w) => root(ComponentType.WebResource, { schemaName: w.name })),
    root(ComponentType.SiteMap, { schemaName: dentalExecApp.siteMap.uniqueName }),
    ...model.connectionRoles.map((r) => root(ComponentType.ConnectionRole, { id: braced(connectionRoleGuid(r)) })),
    ...(include.control ? [root(ComponentType.CustomControl, { schemaName: solutionControlName() })] : []),
    ...fieldSecurityProfiles.map((p) => root(ComponentType.FieldSecurityProfile, { id: braced(profileGuid(p)) })),
    root(ComponentType.AppModule, { schemaName: dentalExecApp.uniqueName }),
  ];
}

/** solution.xml (no XML declaration, like a Dataverse export): the manifest naming the solution, its version, managed flag, publisher and root components. */
export function buildSolutionXml(options: SolutionXmlOptions, model: SolutionModel = solutionModel): string {
  const include = options.include ?? { control: true, webResources: webResources.map((w) => w.name) };
  const doc = el("ImportExportXml", { version: "9.1.0.0", SolutionPackageVersion: "9.1", languagecode: 1033, "xmlns:xsi": "http://www.w3.org/2001/XMLSchema-instance" },
    el("SolutionManifest", null,
      text("UniqueName", model.uniqueName),
      labels("LocalizedNames", "LocalizedName", model.displayName),
      labels("Descriptions", "Description", model.description),
      text("Version", options.version ?? model.version),
      text("Managed", options.managed ? 1 : 0),
      publisherXml(model),
      el("RootComponents", null, rootComponents(model, include)),
      el("MissingDependencies", null)));
  return toXml(doc);
}
