import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { JSDOM } from "jsdom";
import { validateXML } from "xmllint-wasm";

export const repositoryRoot = resolve(__dirname, "..", "..", "..");
/** The repository's copies of Microsoft's reference files (reference/README.md says where each came from). */
export const reference = resolve(repositoryRoot, "reference");
export const exampleExport = join(reference, "example-solution-export");
const schemaDir = join(reference, "solution-schemas");

const { DOMParser } = new JSDOM("").window;

/** Parses XML (a leading byte-order mark allowed); throws on a parse error. */
export function parseXml(xml: string): Document {
  const doc = new DOMParser().parseFromString(xml.replace(/^\uFEFF/, ""), "application/xml");
  const error = doc.getElementsByTagName("parsererror")[0];
  if (error) throw new Error(`Not well-formed XML: ${error.textContent ?? ""}`);
  return doc;
}

/** Direct element children, optionally of one name. */
export function childElements(node: Element, name?: string): Element[] {
  return Array.from(node.children).filter((c) => name === undefined || c.tagName === name);
}

/** All elements of a name anywhere below `node`. */
export const all = (node: Document | Element, name: string): Element[] => Array.from(node.getElementsByTagName(name));

/** Text of the first child element of that name. */
export const textOf = (node: Element, name: string): string | undefined => childElements(node, name)[0]?.textContent ?? undefined;

const XSD_NS = "http://www.w3.org/2001/XMLSchema";

/**
 * FormXml.xsd with one content model relaxed: the `<parameters>` of a form control is a choice of
 * overlapping choices that the libxml2 inside xmllint-wasm refuses to compile ("content model is not
 * determinist"); it becomes "any elements", as customControl parameters already are. Everything else is
 * Microsoft's schema unchanged; the strict check with the unmodified schemas runs through the xmllint CLI.
 */
function compilableFormXmlSchema(text: string): string {
  const doc = parseXml(text);
  const controlType = all(doc, "xs:complexType").find((t) => t.getAttribute("name") === "FormXmlControlType");
  const parameters = controlType && all(controlType, "xs:element").find((e) => e.getAttribute("name") === "parameters");
  if (!parameters) throw new Error("FormXml.xsd changed: FormXmlControlType/parameters not found");
  const complexType = doc.createElementNS(XSD_NS, "xs:complexType");
  const sequence = doc.createElementNS(XSD_NS, "xs:sequence");
  const any = doc.createElementNS(XSD_NS, "xs:any");
  for (const [k, v] of Object.entries({ processContents: "skip", minOccurs: "0", maxOccurs: "unbounded" })) any.setAttribute(k, v);
  sequence.appendChild(any);
  complexType.appendChild(sequence);
  parameters.replaceChildren(complexType);
  return new XMLSerializer().serializeToString(doc);
}

const { XMLSerializer } = new JSDOM("").window;

/** Validates customizations.xml against Microsoft's CustomizationsSolution.xsd (and the schemas it includes) with xmllint-wasm. */
export async function validateCustomizations(xml: string): Promise<{ valid: boolean; errors: string[] }> {
  const schemas = readdirSync(schemaDir).filter((f) => f.endsWith(".xsd"));
  const file = (fileName: string) => {
    const contents = readFileSync(join(schemaDir, fileName), "utf8");
    return { fileName, contents: fileName === "FormXml.xsd" ? compilableFormXmlSchema(contents) : contents };
  };
  const result = await validateXML({
    xml: [{ fileName: "customizations.xml", contents: xml }],
    schema: [file("CustomizationsSolution.xsd")],
    preload: schemas.filter((f) => f !== "CustomizationsSolution.xsd").map(file),
    initialMemoryPages: 1024,
    maxMemoryPages: 4096,
  });
  return { valid: result.valid, errors: result.errors.slice(0, 10).map((e) => e.rawMessage) };
}

/** Whether libxml2's xmllint CLI is installed (libxml2-utils). */
export function hasXmllintCli(): boolean {
  return spawnSync("xmllint", ["--version"]).status === 0;
}

/** Strict validation with the unmodified schemas through the xmllint CLI (file written to a temp dir). */
export function validateWithXmllintCli(xml: string): { valid: boolean; output: string } {
  const dir = mkdtempSync(join(tmpdir(), "dxm-xsd-"));
  try {
    const path = join(dir, "customizations.xml");
    writeFileSync(path, xml);
    const run = spawnSync("xmllint", ["--noout", "--schema", join(schemaDir, "CustomizationsSolution.xsd"), path], { encoding: "utf8" });
    return { valid: run.status === 0, output: `${run.stdout}${run.stderr}`.split("\n").slice(0, 10).join("\n") };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The reference facts about standard tables (from a real Dynamics 365 $metadata). */
export interface StandardTableReference {
  entitySet: string;
  baseType?: string;
  key: string[];
  columns: Record<string, { type: string; readOnly?: boolean }>;
  navigationProperties: Record<string, { type: string; partner?: string }>;
}

export const standardReference: Record<string, StandardTableReference> =
  JSON.parse(readFileSync(join(reference, "dataverse", "standard-tables.json"), "utf8")).tables;

/** Columns of a standard table including those inherited from its base type (activities from activitypointer). */
export function referenceColumns(table: string): Set<string> {
  const out = new Set<string>();
  for (let t: StandardTableReference | undefined = standardReference[table]; t; ) {
    for (const c of Object.keys(t.columns)) out.add(c);
    const base: string | undefined = t.baseType?.replace(/^mscrm\./, "");
    t = base && base !== "crmbaseentity" ? standardReference[base] : undefined;
  }
  return out;
}

/** Navigation properties of a standard table, inherited ones included. */
export function referenceNavigations(table: string): Set<string> {
  const out = new Set<string>();
  for (let t: StandardTableReference | undefined = standardReference[table]; t; ) {
    for (const n of Object.keys(t.navigationProperties)) out.add(n);
    const base: string | undefined = t.baseType?.replace(/^mscrm\./, "");
    t = base && base !== "crmbaseentity" ? standardReference[base] : undefined;
  }
  return out;
}

/** Every .ts file under a folder of the repository. */
export function sourceFiles(folder: string): string[] {
  const walk = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? walk(join(dir, d.name)) : d.name.endsWith(".ts") ? [join(dir, d.name)] : []);
  return walk(join(repositoryRoot, folder));
}
