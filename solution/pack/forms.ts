import type { FormCell, FormDef } from "../components/types";
import type { ColumnDef } from "../model/types";
import { findColumn } from "../model";
import { view } from "../components/views";
import { braced, componentGuid } from "./guid";
import { el, flag, labels, text, type XmlElement } from "./xml";

/** Form control class ids (the platform's built-in controls) by column type. */
const classIds = {
  text: "{4273EDBD-AC1D-40d3-9FB2-095C621B552D}",
  email: "{ADA2203E-B4CD-49be-9DDF-234642B43B52}",
  phone: "{8C10015A-B339-4982-9474-A95FE05631A5}",
  url: "{71716B6C-711E-476c-8AB8-5D11542BFB47}",
  memo: "{E0DECE4B-6FC8-4a8f-A065-082708572369}",
  integer: "{C6D124CA-7EDA-4a60-AEA9-7FB8D318B68F}",
  decimal: "{C3EFE0C3-0EC6-42be-8349-CBD9079DFD8E}",
  money: "{533B9E00-756B-4312-95A0-DC888637AC78}",
  boolean: "{67FAC785-CD58-4f9f-ABB3-4B7DDC6ED5ED}",
  datetime: "{5B773807-9FB2-42db-97C3-7A91EFF8ADFF}",
  choice: "{3EF39988-22BB-4f0b-BBBE-64B5A3748AEE}",
  lookup: "{270BD3DB-D9AF-4782-9025-509E298DEC0A}",
  subgrid: "{E7A81278-8635-4d9e-8D4D-59480B391C5B}",
} as const;

/** The standard columns the extension forms show, with the control each needs. */
const standardColumnControls: Record<string, { label: string; classId: string }> = {
  firstname: { label: "First Name", classId: classIds.text },
  lastname: { label: "Last Name", classId: classIds.text },
  birthdate: { label: "Birthday", classId: classIds.datetime },
  gendercode: { label: "Gender", classId: classIds.choice },
  mobilephone: { label: "Mobile Phone", classId: classIds.phone },
  emailaddress1: { label: "Email", classId: classIds.email },
  parentcustomerid: { label: "Company Name", classId: classIds.lookup },
  name: { label: "Account Name", classId: classIds.text },
  telephone1: { label: "Main Phone", classId: classIds.phone },
  address1_line1: { label: "Street 1", classId: classIds.text },
  address1_city: { label: "City", classId: classIds.text },
  address1_stateorprovince: { label: "State/Province", classId: classIds.text },
  address1_postalcode: { label: "ZIP/Postal Code", classId: classIds.text },
};

function classIdOf(column: ColumnDef): string {
  if (column.type === "string") return classIds[column.format && column.format !== "text" ? column.format : "text"];
  return classIds[column.type];
}

/** Label and control class of a column on a table: one the solution defines, or a known standard one. */
export function columnControl(table: string, column: string): { label: string; classId: string } {
  const own = findColumn(table, column);
  if (own) return { label: own.displayName, classId: classIdOf(own) };
  const standard = standardColumnControls[column];
  if (!standard) throw new Error(`Form column ${table}.${column} is neither defined by the solution nor a known standard column`);
  return standard;
}

const id = (form: FormDef, ...parts: string[]) => braced(componentGuid([form.key, ...parts].join("/")));

function cellXml(form: FormDef, cell: FormCell, descriptions: XmlElement[]): XmlElement {
  if (cell.kind === "subgrid") {
    const target = view(cell.view);
    return el("cell", { id: id(form, "cell", cell.name), showlabel: "true", rowspan: 8, colspan: 1, auto: "false" },
      labels("labels", "label", cell.label),
      el("control", { id: cell.name, classid: classIds.subgrid, indicationOfSubgrid: "true" },
        el("parameters", null,
          text("ViewId", braced(componentGuid(`view/${target.key}`))),
          text("IsUserView", "false"),
          text("RelationshipName", cell.relationship),
          text("TargetEntityType", cell.table),
          text("AutoExpand", "Fixed"),
          text("EnableQuickFind", "false"),
          text("EnableViewPicker", "false"),
          text("EnableJumpBar", "false"),
          text("ChartGridMode", "Grid"),
          text("RecordsPerPage", 10))));
  }
  const { label, classId } = columnControl(form.table, cell.column);
  const uniqueId = id(form, "control", cell.column);
  if (cell.kind === "control") {
    const parameters = Object.entries(cell.parameters).map(([k, v]) => text(k, v));
    descriptions.push(el("controlDescription", { forControl: uniqueId },
      el("customControl", { id: classId }, el("parameters", null, text("datafieldname", cell.column))),
      [0, 1, 2].map((formFactor) => el("customControl", { formFactor, name: cell.control }, el("parameters", null, parameters)))));
  }
  return el("cell", { id: id(form, "cell", cell.column), showlabel: cell.kind === "control" ? "false" : "true", locklevel: 0 },
    labels("labels", "label", label),
    el("control", { id: cell.column, classid: classId, datafieldname: cell.column, disabled: "false", uniqueid: uniqueId }));
}

/** Form cells name their controls by column (or sub-grid name); the platform needs each id once per form. */
function assertUniqueControls(form: FormDef): void {
  const names = form.tabs.flatMap((t) => t.sections.flatMap((s) => s.cells.map((c) => (c.kind === "subgrid" ? c.name : c.column))));
  const repeated = names.filter((n, i) => names.indexOf(n) !== i);
  if (repeated.length > 0) throw new Error(`Form ${form.key} has more than one control for ${[...new Set(repeated)].join(", ")}`);
}

/** The `<form>` element of a main form. */
function formBody(form: FormDef): XmlElement {
  assertUniqueControls(form);
  const descriptions: XmlElement[] = [];
  const tabs = form.tabs.map((tab) =>
    el("tab", { name: tab.name, id: id(form, "tab", tab.name), IsUserDefined: "0", verticallayout: "true", expanded: "true" },
      labels("labels", "label", tab.label),
      el("columns", null, el("column", { width: "100%" }, el("sections", null, tab.sections.map((section) =>
        el("section", { name: section.name, showlabel: "true", showbar: "false", columns: "1", IsUserDefined: "0", id: id(form, "section", tab.name, section.name) },
          labels("labels", "label", section.label),
          el("rows", null, section.cells.map((cell) => el("row", null, cellXml(form, cell, descriptions)))))))))));
  return el("form", null,
    el("tabs", null, tabs),
    descriptions.length > 0 ? el("controlDescriptions", null, descriptions) : null,
    el("DisplayConditions", { Order: 0, FallbackForm: "true" }, el("Everyone", null)));
}

/** `<systemform>` of a main form. */
export function systemFormXml(form: FormDef): XmlElement {
  return el("systemform", null,
    text("formid", braced(formGuid(form.key))),
    text("IntroducedVersion", "1.0.0.0"),
    text("FormPresentation", 1),
    text("FormActivationState", 1),
    formBody(form),
    flag("IsCustomizable", true),
    flag("CanBeDeleted", true),
    labels("LocalizedNames", "LocalizedName", form.name),
    labels("Descriptions", "Description", form.description));
}

export const formGuid = (key: string): string => componentGuid(`form/${key}`);
