import { el, toXml } from "./xml";

const CONTENT_TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types";
const OCTET = "application/octet-stream";

/**
 * [Content_Types].xml (Open Packaging Conventions), as Dataverse writes it: every part is
 * application/octet-stream, declared by extension, and parts without an extension (web resource files are
 * named `<name><GUID>`) by an Override each.
 */
export function buildContentTypesXml(paths: string[]): string {
  const extensions = new Set<string>();
  const overrides: string[] = [];
  for (const path of paths) {
    const file = path.slice(path.lastIndexOf("/") + 1);
    const dot = file.lastIndexOf(".");
    if (dot > 0) extensions.add(file.slice(dot + 1).toLowerCase());
    else overrides.push(path.startsWith("/") ? path : `/${path}`);
  }
  extensions.add("xml");
  const ordered = ["xml", ...[...extensions].filter((e) => e !== "xml").sort()];
  // Dataverse writes this one part with a byte-order mark.
  return "\uFEFF" + toXml(el("Types", { xmlns: CONTENT_TYPES_NS },
    ordered.map((Extension) => el("Default", { Extension, ContentType: OCTET })),
    overrides.sort().map((PartName) => el("Override", { PartName, ContentType: OCTET }))), { declaration: true });
}
