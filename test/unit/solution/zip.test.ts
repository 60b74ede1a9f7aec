import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { unzipSync } from "fflate";
import { packSolutionWithReport, packSolution, writeSolutionZips, webResourceFileName, solutionVersion, controlVersion } from "../../../solution/pack";
import { rollbackLibrary, solutionControlName } from "../../../solution/components";
import { all, childElements, exampleExport, parseXml, textOf, validateCustomizations } from "./helpers";

const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const example = (name: string) => parseXml(readFileSync(join(exampleExport, name), "utf8"));

let work: string;
let controlDir: string;
let webResourcesDir: string;
const emptyDir = () => mkdtempSync(join(tmpdir(), "dxm-empty-"));

beforeAll(() => {
  // A stand-in build output: the packer must carry whatever the builds produced, byte for byte.
  work = mkdtempSync(join(tmpdir(), "dxm-pack-"));
  controlDir = join(work, "controls", "MigrationStudio");
  webResourcesDir = join(work, "webresources");
  mkdirSync(join(controlDir, "strings"), { recursive: true });
  mkdirSync(join(webResourcesDir, "dxm_", "scripts"), { recursive: true });
  writeFileSync(join(controlDir, "ControlManifest.xml"),
    '<?xml version="1.0" encoding="UTF-8"?>\n<manifest><control namespace="Dxm" constructor="MigrationStudio" version="0.0.1" control-type="virtual">' +
    '<property name="boundField" of-type="SingleLine.Text" usage="bound" required="true"/><resources><code path="bundle.js" order="1"/>' +
    '<resx path="strings/MigrationStudio.1033.resx" version="1.0.0"/></resources></control></manifest>');
  writeFileSync(join(controlDir, "bundle.js"), "var Dxm = Dxm || {};");
  writeFileSync(join(controlDir, "bundle.js.LICENSE.txt"), "licences");
  writeFileSync(join(controlDir, "strings", "MigrationStudio.1033.resx"), "<root/>");
  writeFileSync(join(webResourcesDir, "dxm_", "scripts", "rollback.js"), "var Dxm = Dxm || {}; Dxm.Rollback = {};");
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("the solution zip", () => {
  it("holds the three solution files, the control and the web resource, as a Dataverse export does", () => {
    const result = packSolutionWithReport({ managed: true, controlDir, webResourcesDir });
    const entries = unzipSync(result.zip);
    const control = solutionControlName();
    expect(Object.keys(entries).sort()).toEqual([
      `Controls/${control}/ControlManifest.xml`,
      `Controls/${control}/bundle.js`,
      `Controls/${control}/strings/MigrationStudio.1033.resx`,
      "WebResources/" + webResourceFileName(rollbackLibrary).slice("/WebResources/".length),
      "[Content_Types].xml",
      "customizations.xml",
      "solution.xml",
    ].sort());
    expect(result.missing).toEqual([]);
    expect(decode(entries[`Controls/${control}/bundle.js`])).toBe("var Dxm = Dxm || {};");
    expect(decode(entries[webResourceFileName(rollbackLibrary).slice(1)])).toContain("Dxm.Rollback");
  });

  it("names web resource files as Dataverse does: the name without separators, then the id", () => {
    expect(webResourceFileName(rollbackLibrary)).toMatch(/^\/WebResources\/dxm_scriptsrollbackjs[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/);
  });

  it("[Content_Types].xml has the exported shape: octet-stream by extension, extensionless parts by override", () => {
    const entries = unzipSync(packSolution({ managed: false, controlDir, webResourcesDir }));
    const bytes = entries["[Content_Types].xml"];
    expect([...bytes.subarray(0, 3)]).toEqual([...readFileSync(join(exampleExport, "[Content_Types].xml")).subarray(0, 3)]);
    const raw = decode(bytes);
    const ours = parseXml(raw).documentElement;
    const theirs = example("[Content_Types].xml").documentElement;
    expect(ours.tagName).toBe(theirs.tagName);
    expect(ours.namespaceURI).toBe(theirs.namespaceURI);
    const defaults = (root: Element) => childElements(root, "Default").map((d) => [d.getAttribute("Extension"), d.getAttribute("ContentType")]);
    expect(defaults(ours)).toEqual(expect.arrayContaining(defaults(theirs)));
    expect(defaults(ours)).toEqual([["xml", "application/octet-stream"], ["js", "application/octet-stream"], ["resx", "application/octet-stream"]]);
    expect(childElements(ours, "Override").map((o) => o.getAttribute("PartName"))).toEqual([webResourceFileName(rollbackLibrary)]);
  });

  it("solution.xml has the exported manifest's structure, our names, version and managed flag", () => {
    for (const managed of [true, false]) {
      const entries = unzipSync(packSolution({ managed, controlDir, webResourcesDir }));
      const ours = childElements(parseXml(decode(entries["solution.xml"])).documentElement, "SolutionManifest")[0];
      const theirs = childElements(example("solution.xml").documentElement, "SolutionManifest")[0];
      expect(childElements(ours).map((e) => e.tagName)).toEqual(childElements(theirs).map((e) => e.tagName));
      const publisher = (m: Element) => childElements(childElements(m, "Publisher")[0]);
      expect(publisher(ours).map((e) => e.tagName)).toEqual(publisher(theirs).map((e) => e.tagName));
      expect(textOf(ours, "UniqueName")).toBe("DentalExecMigration");
      expect(textOf(ours, "Version")).toBe(solutionVersion());
      expect(textOf(ours, "Managed")).toBe(managed ? "1" : "0");
      const pub = childElements(ours, "Publisher")[0];
      expect(textOf(pub, "CustomizationPrefix")).toBe("dxm");
      expect(textOf(pub, "CustomizationOptionValuePrefix")).toBe("72410");
    }
  });

  it("lists every component as a root component, and the customizations.xml entries point at files in the zip", () => {
    const entries = unzipSync(packSolution({ managed: true, controlDir, webResourcesDir }));
    const roots = all(parseXml(decode(entries["solution.xml"])), "RootComponent").map((r) => `${r.getAttribute("type")}:${r.getAttribute("schemaName") ?? r.getAttribute("id")}`);
    expect(roots).toEqual(expect.arrayContaining([
      "1:dxm_migrationrun", "1:dxm_treatmenthistory", "1:contact", "1:account", "61:dxm_/scripts/rollback.js",
      `66:${solutionControlName()}`, "62:dxm_DentalExecMigration", "80:dxm_DentalExecMigration",
    ]));
    for (const type of ["20", "60", "63", "70"]) expect(roots.some((r) => r.startsWith(`${type}:{`))).toBe(true);
    const customizations = parseXml(decode(entries["customizations.xml"]));
    const referenced = all(customizations, "FileName").map((f) => (f.textContent ?? "").replace(/^\//, ""));
    expect(referenced.length).toBe(2);
    for (const path of referenced) expect(Object.keys(entries)).toContain(path);
  });

  it("stamps the package version into the packed control manifest", () => {
    const entries = unzipSync(packSolution({ managed: true, controlDir, webResourcesDir }));
    const manifest = parseXml(decode(entries[`Controls/${solutionControlName()}/ControlManifest.xml`]));
    expect(all(manifest, "control")[0].getAttribute("version")).toBe(controlVersion());
    expect(readFileSync(join(controlDir, "ControlManifest.xml"), "utf8")).toContain('version="0.0.1"');
  });

  it("without built control or web resources still makes a valid zip and says what it left out", async () => {
    const result = packSolutionWithReport({ managed: true, controlDir: emptyDir(), webResourcesDir: emptyDir() });
    const entries = unzipSync(result.zip);
    expect(Object.keys(entries).sort()).toEqual(["[Content_Types].xml", "customizations.xml", "solution.xml"]);
    expect(result.missing).toHaveLength(2);
    expect(result.missing[0]).toMatch(/^control dxm_Dxm\.MigrationStudio/);
    expect(result.missing[1]).toMatch(/^web resource dxm_\/scripts\/rollback\.js/);
    const xml = decode(entries["customizations.xml"]);
    expect(xml).not.toContain("dxm_Dxm.MigrationStudio");
    expect(xml).not.toContain("$webresource:");
    expect(all(parseXml(decode(entries["solution.xml"])), "RootComponent").map((r) => r.getAttribute("type"))).not.toContain("66");
    expect((await validateCustomizations(xml)).valid).toBe(true);
  });

  it("writes DentalExecMigration_managed.zip and DentalExecMigration_unmanaged.zip", () => {
    const out = join(work, "dist");
    const written = writeSolutionZips(out, { controlDir, webResourcesDir });
    expect(written.managed).toBe(join(out, "DentalExecMigration_managed.zip"));
    expect(written.unmanaged).toBe(join(out, "DentalExecMigration_unmanaged.zip"));
    const managed = unzipSync(new Uint8Array(readFileSync(written.managed)));
    const unmanaged = unzipSync(new Uint8Array(readFileSync(written.unmanaged)));
    expect(decode(managed["solution.xml"])).toContain("<Managed>1</Managed>");
    expect(decode(unmanaged["solution.xml"])).toContain("<Managed>0</Managed>");
  });

  it("gives the same bytes for the same sources (stable ids, fixed entry times)", () => {
    expect(Buffer.from(packSolution({ managed: true, controlDir, webResourcesDir })).equals(Buffer.from(packSolution({ managed: true, controlDir, webResourcesDir })))).toBe(true);
  });
});
