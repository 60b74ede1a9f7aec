import { readFileSync } from "node:fs";
import { join } from "node:path";
import packageJson from "../../../package.json";
import { stringKeys } from "../../../pcf-controls/MigrationStudio/strings/keys";
import { CONTROL_CONSTRUCTOR, CONTROL_NAMESPACE, PROPERTY_BOUND_FIELD } from "../../../pcf-controls/MigrationStudio/manifest-constants";

const controlDir = join(__dirname, "../../../pcf-controls/MigrationStudio");
const manifest = readFileSync(join(controlDir, "ControlManifest.Input.xml"), "utf8");
const attribute = (element: string, name: string): string | undefined =>
  new RegExp(`<${element}\\b[^>]*\\s${name}="([^"]*)"`).exec(manifest)?.[1];

describe("ControlManifest.Input.xml", () => {
  it("carries package.json's version", () => {
    expect(attribute("control", "version")).toBe(packageJson.version);
  });

  it("declares the virtual control with the names the code uses", () => {
    expect(attribute("control", "namespace")).toBe(CONTROL_NAMESPACE);
    expect(attribute("control", "constructor")).toBe(CONTROL_CONSTRUCTOR);
    expect(attribute("control", "control-type")).toBe("virtual");
    expect(attribute("property", "name")).toBe(PROPERTY_BOUND_FIELD);
    expect(attribute("property", "of-type")).toBe("SingleLine.Text");
    expect(attribute("property", "usage")).toBe("bound");
  });

  it("uses the React 16.14.0 and Fluent 9.46.2 platform libraries and the Web API", () => {
    expect(manifest).toMatch(/<platform-library name="React" version="16\.14\.0" \/>/);
    expect(manifest).toMatch(/<platform-library name="Fluent" version="9\.46\.2" \/>/);
    expect(manifest).toMatch(/<uses-feature name="WebAPI" required="true" \/>/);
  });
});

describe("strings", () => {
  const resxPath = attribute("resx", "path")!;
  const resx = readFileSync(join(controlDir, resxPath), "utf8");
  const resxKeys = [...resx.matchAll(/<data name="([^"]+)"/g)].map((m) => m[1]);

  it("the resx and the keys module list the same strings", () => {
    expect([...resxKeys].sort()).toEqual([...stringKeys].sort());
  });

  it("every display-name-key and description-key of the manifest is in the resx", () => {
    const keys = [...manifest.matchAll(/(?:display-name-key|description-key)="([^"]+)"/g)].map((m) => m[1]);
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) expect(resxKeys).toContain(key);
  });
});
