import type { ViewDef, ViewKind } from "../components/types";
import { findTable } from "../model";
import { standardTable } from "../components/standard-tables";
import { braced, componentGuid } from "./guid";
import { el, flag, labels, text, type XmlElement } from "./xml";

/** savedquery.querytype by kind of view. */
const queryType: Record<ViewKind, number> = { public: 0, advancedFind: 1, associated: 2, quickFind: 4, lookup: 64 };

export const viewGuid = (key: string): string => componentGuid(`view/${key}`);

export function primaryIdOf(table: string): string {
  const def = findTable(table);
  return def && "primaryIdColumn" in def ? def.primaryIdColumn : standardTable(table).primaryIdColumn;
}

function conditionXml(c: ViewDef["conditions"][number]): XmlElement {
  return el("condition", { attribute: c.column, operator: c.operator, value: c.value === undefined ? undefined : String(c.value) });
}

/** The view's FetchXML as an element tree (the same tree goes into the XML unescaped, as Dataverse exports it). */
function fetchXml(v: ViewDef): XmlElement {
  const idColumn = primaryIdOf(v.table);
  return el("fetch", { version: "1.0", "output-format": "xml-platform", mapping: "logical" },
    el("entity", { name: v.table },
      [idColumn, ...v.columns].filter((c, i, all) => all.indexOf(c) === i).map((c) => el("attribute", { name: c })),
      el("order", { attribute: v.orderBy, descending: v.descending ? "true" : "false" }),
      v.conditions.length > 0 ? el("filter", { type: "and" }, v.conditions.map(conditionXml)) : null,
      v.quickFindColumns ? el("filter", { type: "or", isquickfindfields: "1" },
        v.quickFindColumns.map((c) => el("condition", { attribute: c, operator: "like", value: "{0}" }))) : null));
}

function layoutXml(v: ViewDef): XmlElement {
  const idColumn = primaryIdOf(v.table);
  return el("grid", { name: "resultset", jump: v.columns[0], select: "1", icon: "1", preview: "1" },
    el("row", { name: "result", id: idColumn }, v.columns.map((c) => el("cell", { name: c, width: 150 }))));
}

export function savedQueryXml(v: ViewDef): XmlElement {
  return el("savedquery", null,
    flag("IsCustomizable", true),
    flag("CanBeDeleted", v.kind === "public" && !v.isDefault),
    flag("isquickfindquery", v.kind === "quickFind"),
    flag("isprivate", false),
    flag("isdefault", v.isDefault),
    text("savedqueryid", braced(viewGuid(v.key))),
    el("layoutxml", null, layoutXml(v)),
    text("querytype", queryType[v.kind]),
    el("fetchxml", null, fetchXml(v)),
    text("IntroducedVersion", "1.0.0.0"),
    labels("LocalizedNames", "LocalizedName", v.name));
}
