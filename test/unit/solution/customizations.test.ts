import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { buildCustomizationsXml, lookupRelationships, viewGuid, chartGuid, dashboardGuid } from "../../../solution/pack";
import { solutionModel, OPTION_VALUE_PREFIX } from "../../../solution/model";
import { finishCommand, migrationLedgerProfile, migrationStudioControl, rollbackCommand, sensitiveDataProfile } from "../../../solution/components";
import { all, childElements, parseXml, repositoryRoot, textOf } from "./helpers";

const unmanaged = parseXml(buildCustomizationsXml({ managed: false }));
const managed = parseXml(buildCustomizationsXml({ managed: true }));

const entity = (doc: Document, name: string) => {
  const found = all(doc, "Entity").find((e) => textOf(e, "Name")?.toLowerCase() === name.toLowerCase());
  if (!found) throw new Error(`No <Entity> ${name}`);
  return found;
};
const attributesOf = (e: Element) => all(e, "attribute").filter((a) => a.parentElement?.tagName === "attributes");

describe("the packaged Migration Run form", () => {
  const runEntity = entity(unmanaged, "dxm_migrationrun");
  const form = all(runEntity, "systemform")[0];
  const body = all(form, "form")[0];
  const controls = all(body, "control");
  const studio = () => {
    const forControl = all(body, "controlDescription").find((d) => all(d, "customControl").some((c) => c.getAttribute("name") === "dxm_Dxm.MigrationStudio"))?.getAttribute("forControl");
    const control = controls.find((c) => c.getAttribute("uniqueid") === forControl);
    if (!forControl || !control) throw new Error("Migration Studio is not on the run form");
    return control;
  };

  it("gives the required name column a plain control of its own, apart from Migration Studio", () => {
    const primaryName = all(runEntity, "attribute").find((a) => textOf(a, "LogicalName") === "dxm_name")!;
    expect(textOf(primaryName, "RequiredLevel")).toBe("required");
    const nameControls = controls.filter((c) => c.getAttribute("datafieldname") === "dxm_name");
    expect(nameControls).toHaveLength(1);
    const uniqueId = nameControls[0].getAttribute("uniqueid");
    // Plain: the platform's text box, and no custom control description points at it.
    expect(nameControls[0].getAttribute("classid")?.toUpperCase()).toBe("{4273EDBD-AC1D-40D3-9FB2-095C621B552D}");
    expect(all(body, "controlDescription").map((d) => d.getAttribute("forControl"))).not.toContain(uniqueId);
    // On the tab the form opens with, so a new run can be named before it is saved.
    const firstTab = all(body, "tab")[0];
    expect(all(firstTab, "control")).toContain(nameControls[0]);
  });

  it("binds Migration Studio to a column other than the name, one that exists on the table", () => {
    const bound = studio().getAttribute("datafieldname");
    expect(bound).not.toBe("dxm_name");
    expect(all(runEntity, "attribute").map((a) => textOf(a, "LogicalName"))).toContain(bound);
    for (const c of all(body, "customControl").filter((x) => x.getAttribute("name") === "dxm_Dxm.MigrationStudio"))
      expect(all(c, migrationStudioControl.boundProperty).map((p) => p.textContent)).toEqual([bound]);
  });

  it("uses every control id and uniqueid once across the form", () => {
    const ids = controls.map((c) => c.getAttribute("id"));
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    const uniqueIds = controls.map((c) => c.getAttribute("uniqueid")).filter((u) => u !== null);
    expect(uniqueIds.length).toBe(controls.filter((c) => c.getAttribute("datafieldname")).length);
    expect(uniqueIds.filter((u, i) => uniqueIds.indexOf(u) !== i)).toEqual([]);
    expect(ids.length).toBeGreaterThan(10);
  });

  it("holds for every form of the solution, managed and unmanaged", () => {
    for (const doc of [managed, unmanaged]) for (const f of all(doc, "systemform")) {
      const ids = all(f, "control").map((c) => c.getAttribute("id"));
      const uniqueIds = all(f, "control").map((c) => c.getAttribute("uniqueid")).filter((u) => u !== null);
      expect({ form: textOf(f, "formid"), ids: ids.filter((id, i) => ids.indexOf(id) !== i), uniqueIds: uniqueIds.filter((u, i) => uniqueIds.indexOf(u) !== i) })
        .toEqual({ form: textOf(f, "formid"), ids: [], uniqueIds: [] });
    }
  });
});

describe("customizations.xml content", () => {
  it("writes every table and column of the model with its type, length, required level and IsSecured", () => {
    const crmType = { string: "nvarchar", memo: "ntext", integer: "int", decimal: "decimal", money: "money", boolean: "bit", datetime: "datetime", choice: "picklist", lookup: "lookup" };
    for (const table of [...solutionModel.tables, ...solutionModel.extensions]) {
      const e = entity(unmanaged, table.logicalName);
      expect(textOf(childElements(childElements(e, "EntityInfo")[0], "entity")[0], "EntitySetName")).toBe(table.entitySetName);
      const attributes = new Map(attributesOf(e).map((a) => [textOf(a, "LogicalName"), a]));
      for (const column of table.columns) {
        const a = attributes.get(column.logicalName);
        expect({ column: `${table.logicalName}.${column.logicalName}`, type: a && textOf(a, "Type") }).toEqual({ column: `${table.logicalName}.${column.logicalName}`, type: crmType[column.type] });
        expect(textOf(a!, "RequiredLevel")).toBe(column.requiredLevel ?? "none");
        expect(textOf(a!, "IsSecured")).toBe(column.secured ? "1" : "0");
        if (column.type === "string" || column.type === "memo") expect(textOf(a!, "MaxLength")).toBe(String(column.maxLength));
        if (column.type === "datetime") expect(textOf(a!, "Behavior")).toBe(String({ userlocal: 1, dateonly: 2, timezoneindependent: 3 }[column.behavior]));
      }
    }
  });

  it("gives every table the alternate key on dxm_sourcekey that upserts address records by", () => {
    for (const table of [...solutionModel.tables, ...solutionModel.extensions].filter((t) => t.keys.length > 0)) {
      const keys = all(entity(unmanaged, table.logicalName), "EntityKey");
      expect(keys.map((k) => [textOf(k, "LogicalName"), all(k, "AttributeName").map((a) => a.textContent)]))
        .toEqual(table.keys.map((k) => [k.logicalName, k.columns]));
      for (const k of table.keys) expect(k.logicalName).toMatch(/^dxm_/);
    }
  });

  it("writes every option value with the publisher's prefix 72410", () => {
    const picklists = all(unmanaged, "optionset").filter((o) => textOf(o, "OptionSetType") === "picklist");
    const values = picklists.flatMap((o) => all(o, "option").map((x) => x.getAttribute("value") ?? ""));
    expect(values.length).toBeGreaterThan(30);
    for (const value of values) expect(value).toMatch(new RegExp(`^${OPTION_VALUE_PREFIX}\\d{4}$`));
    const modelValues = [...solutionModel.tables, ...solutionModel.extensions].flatMap((t) => t.columns).flatMap((c) => (c.type === "choice" ? c.options.map((o) => o.value) : []));
    for (const value of modelValues) expect(Math.floor(value / 10000)).toBe(OPTION_VALUE_PREFIX);
  });

  it("writes one relationship per lookup, with unique names, the model's navigation names and cascade settings", () => {
    const relationships = all(unmanaged, "EntityRelationship");
    const names = relationships.map((r) => r.getAttribute("Name"));
    expect(new Set(names).size).toBe(names.length);
    const lookups = lookupRelationships(solutionModel);
    expect(names.sort()).toEqual(lookups.map((l) => l.column.relationshipName).sort());
    for (const { table, column } of lookups) {
      const r = relationships.find((x) => x.getAttribute("Name") === column.relationshipName)!;
      expect(textOf(r, "ReferencingAttributeName")).toBe(column.logicalName);
      expect(textOf(r, "ReferencingEntityName")?.toLowerCase()).toBe(table);
      expect(textOf(r, "ReferencedEntityName")?.toLowerCase()).toBe(column.target);
      expect(textOf(r, "CascadeDelete")).toBe(column.cascadeDelete);
      const roles = all(r, "EntityRelationshipRole");
      const single = roles.find((x) => textOf(x, "RelationshipRoleType") === "1");
      expect(single && textOf(single, "NavigationPropertyName")).toBe(column.navigationProperty);
    }
  });

  it("keeps navigation property names unique on each table (single-valued) and on each target (collections)", () => {
    const lookups = lookupRelationships(solutionModel);
    const byTable = new Map<string, string[]>();
    const byTarget = new Map<string, string[]>();
    for (const { table, column } of lookups) {
      byTable.set(table, [...(byTable.get(table) ?? []), column.navigationProperty]);
      byTarget.set(column.target, [...(byTarget.get(column.target) ?? []), column.relationshipName]);
    }
    for (const [table, navs] of byTable) expect({ table, duplicates: navs.filter((n, i) => navs.indexOf(n) !== i) }).toEqual({ table, duplicates: [] });
    for (const [table, navs] of byTarget) expect({ table, duplicates: navs.filter((n, i) => navs.indexOf(n) !== i) }).toEqual({ table, duplicates: [] });
  });

  it("hosts Migration Studio on the Migration Run form, bound through the manifest's one bound property to a column of its own", () => {
    const form = all(entity(unmanaged, "dxm_migrationrun"), "systemform")[0];
    const described = all(form, "customControl").filter((c) => c.getAttribute("name") === "dxm_Dxm.MigrationStudio");
    expect(described.length).toBeGreaterThan(0);
    for (const c of described) expect(all(c, migrationStudioControl.boundProperty).map((p) => p.textContent)).toEqual([migrationStudioControl.boundColumn]);
    const forControl = all(form, "controlDescription")[0].getAttribute("forControl");
    const control = all(form, "control").find((c) => c.getAttribute("uniqueid") === forControl);
    expect(control?.getAttribute("datafieldname")).toBe(migrationStudioControl.boundColumn);
    const manifestPath = join(repositoryRoot, "pcf-controls", "MigrationStudio", "ControlManifest.Input.xml");
    if (existsSync(manifestPath)) {
      const manifest = parseXml(readFileSync(manifestPath, "utf8"));
      const c = all(manifest, "control")[0];
      expect([c.getAttribute("namespace"), c.getAttribute("constructor")]).toEqual([migrationStudioControl.namespace, migrationStudioControl.constructor]);
      const bound = all(manifest, "property").filter((p) => p.getAttribute("usage") === "bound");
      expect(bound.map((p) => [p.getAttribute("name"), p.getAttribute("of-type")])).toEqual([[migrationStudioControl.boundProperty, "SingleLine.Text"]]);
    }
  });

  it("puts Rollback on the Migration Run command bar, calling the web-resource library with the form context", () => {
    const ribbon = childElements(entity(unmanaged, "dxm_migrationrun"), "RibbonDiffXml")[0];
    const button = all(ribbon, "Button")[0];
    expect(button.getAttribute("Command")).toBe(`${rollbackCommand.id}.Command`);
    expect(all(ribbon, "CustomAction")[0].getAttribute("Location")).toBe("Mscrm.Form.dxm_migrationrun.MainTab.Save.Controls._children");
    const fn = all(ribbon, "JavaScriptFunction")[0];
    expect([fn.getAttribute("FunctionName"), fn.getAttribute("Library")]).toEqual(["Dxm.Rollback.onRollbackClick", "$webresource:dxm_/scripts/rollback.js"]);
    expect(all(fn, "CrmParameter")[0].getAttribute("Value")).toBe("PrimaryControl");
    const rule = all(ribbon, "CustomRule")[0];
    expect([rule.getAttribute("FunctionName"), rule.getAttribute("Library")]).toEqual(["Dxm.Rollback.isRollbackEnabled", "$webresource:dxm_/scripts/rollback.js"]);
    expect(all(ribbon, "EnableRule").map((r) => r.getAttribute("Id"))).toContain(`${rollbackCommand.id}.EnableRule`);
    expect(all(ribbon, "LocLabel").map((l) => l.getAttribute("Id"))).toContain(`${rollbackCommand.id}.LabelText`);
    // Finish run sits beside it, from the same library.
    const finish = all(ribbon, "Button").find((b) => b.getAttribute("Command") === `${finishCommand.id}.Command`);
    expect(finish?.getAttribute("Sequence")).toBe(String(finishCommand.sequence));
    expect(all(ribbon, "JavaScriptFunction").map((f) => f.getAttribute("FunctionName"))).toEqual(["Dxm.Rollback.onRollbackClick", "Dxm.Rollback.onFinishClick"]);
    expect(all(ribbon, "CustomRule").map((r) => r.getAttribute("FunctionName"))).toEqual(["Dxm.Rollback.isRollbackEnabled", "Dxm.Rollback.isFinishEnabled"]);
    const webResource = all(unmanaged, "WebResource").map((w) => textOf(w, "Name"));
    expect(webResource).toEqual(["dxm_/scripts/rollback.js"]);
  });

  it("ships the security role with the privileges a run needs", () => {
    const role = all(unmanaged, "Role").find((r) => r.getAttribute("name") === "Dental-Exec Migration Administrator")!;
    const privileges = all(role, "RolePrivilege").map((p) => p.getAttribute("name"));
    for (const p of ["prvOverrideCreatedOnCreatedBy", "prvBulkDelete"]) expect(privileges).toContain(p);
    for (const op of ["Create", "Read", "Write", "Delete"]) {
      for (const t of solutionModel.tables) expect(privileges).toContain(`prv${op}${t.logicalName}`);
      for (const stem of ["Contact", "Account", "Activity", "Note", "Connection"]) expect(privileges).toContain(`prv${op}${stem}`);
    }
  });

  it("covers exactly the secured columns with the field security profile", () => {
    const secured = all(unmanaged, "attribute").filter((a) => textOf(a, "IsSecured") === "1")
      .map((a) => `${textOf(a.closest("Entity")!, "Name")!.toLowerCase()}.${textOf(a, "LogicalName")}`);
    const permissions = all(unmanaged, "FieldPermission").map((p) => `${textOf(p, "EntityName")}.${textOf(p, "AttributeName")}`);
    expect(permissions.sort()).toEqual(secured.sort());
    expect(permissions).toEqual(expect.arrayContaining(["contact.birthdate", "dxm_insurancepolicy.dxm_policynumber", "dxm_treatmenthistory.dxm_tooth"]));
    expect(sensitiveDataProfile.columns.length + migrationLedgerProfile.columns.length).toBe(permissions.length);
    // The ledger's before-images are secured in a profile of their own, for migration administrators only.
    const profiles = all(unmanaged, "FieldSecurityProfile");
    const columnsOf = (name: string) => all(profiles.find((p) => p.getAttribute("name") === name)!, "FieldPermission").map((p) => `${textOf(p, "EntityName")}.${textOf(p, "AttributeName")}`);
    expect(columnsOf("Dental-Exec Migration Ledger")).toEqual(["dxm_migrationbatch.dxm_beforeimages"]);
    expect(columnsOf("Dental-Exec Clinical and Insurance Data")).not.toContain("dxm_migrationbatch.dxm_beforeimages");
  });

  it("gives every migrated table a 'Records of this run' view filtering on the run stamp", () => {
    const migrated = [...solutionModel.tables.filter((t) => t.migrated), ...solutionModel.extensions];
    for (const table of migrated) {
      const query = all(entity(unmanaged, table.logicalName), "savedquery").find((q) => /Records of this run/.test(all(q, "LocalizedName")[0].getAttribute("description") ?? ""));
      expect({ table: table.logicalName, found: query !== undefined }).toEqual({ table: table.logicalName, found: true });
      const condition = all(query!, "condition")[0];
      expect([condition.getAttribute("attribute"), condition.getAttribute("operator")]).toEqual(["dxm_migrationrunid", "not-null"]);
    }
    for (const table of solutionModel.tables) {
      const types = all(entity(unmanaged, table.logicalName), "savedquery").map((q) => textOf(q, "querytype"));
      for (const t of ["0", "1", "2", "4", "64"]) expect(types).toContain(t);
      expect(all(entity(unmanaged, table.logicalName), "systemform").length).toBeGreaterThan(0);
    }
  });

  it("builds the app and its site map over runs, the migrated tables, patients and practices", () => {
    const app = all(unmanaged, "AppModule")[0];
    expect(textOf(app, "UniqueName")).toBe("dxm_DentalExecMigration");
    expect(all(app, "LocalizedName")[0].getAttribute("description")).toBe("Dental-Exec Migration");
    const entities = all(all(unmanaged, "AppModuleSiteMap")[0], "SubArea").map((s) => s.getAttribute("Entity")).filter(Boolean);
    expect(entities).toEqual(expect.arrayContaining(["dxm_migrationrun", "contact", "account", ...solutionModel.tables.filter((t) => t.migrated).map((t) => t.logicalName)]));
  });

  it("charts production by provider by month and shows it on a dashboard", () => {
    const visualization = all(entity(unmanaged, "dxm_treatmenthistory"), "visualization")[0];
    const data = parseXml(textOf(visualization, "datadescription")!);
    const attrs = all(data, "attribute").map((a) => [a.getAttribute("name"), a.getAttribute("aggregate") ?? a.getAttribute("dategrouping") ?? a.getAttribute("groupby")]);
    expect(attrs).toEqual([["dxm_fee", "sum"], ["dxm_dateperformed", "month"], ["dxm_providerid", "true"]]);
    parseXml(textOf(visualization, "presentationdescription")!);
    const dashboard = all(unmanaged, "Dashboard")[0];
    expect(textOf(dashboard, "FormId")).toBe(`{${dashboardGuid("dashboard.production")}}`);
    expect(all(dashboard, "VisualizationId")[0].textContent).toBe(`{${chartGuid("dxm_treatmenthistory:productionbyprovider")}}`);
    expect(all(dashboard, "ViewId")[0].textContent).toBe(`{${viewGuid("dxm_treatmenthistory:active")}}`);
  });

  it("ships the Patient and Practice location connection roles, each matching the other", () => {
    const roles = all(unmanaged, "ConnectionRole").map((r) => textOf(r, "name"));
    expect(roles).toEqual(["Patient", "Practice location"]);
    expect(all(unmanaged, "ConnectionRoleAssociation")).toHaveLength(2);
  });

  it("locks the run ledger's schema only in the managed package", () => {
    const flagOf = (doc: Document, table: string) => textOf(childElements(childElements(entity(doc, table), "EntityInfo")[0], "entity")[0], "IsCustomizable");
    expect(flagOf(managed, "dxm_migrationrun")).toBe("0");
    expect(flagOf(managed, "dxm_migrationbatch")).toBe("0");
    expect(flagOf(managed, "dxm_treatmenthistory")).toBe("1");
    expect(flagOf(unmanaged, "dxm_migrationrun")).toBe("1");
  });
});
