import { buildCustomizationsXml } from "../../../solution/pack";
import { hasXmllintCli, validateCustomizations, validateWithXmllintCli } from "./helpers";

describe("customizations.xml against CustomizationsSolution.xsd", () => {
  it.each([
    ["unmanaged", false],
    ["managed", true],
  ])("the %s customizations.xml validates", async (_label, managed) => {
    const result = await validateCustomizations(buildCustomizationsXml({ managed }));
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it("validates when the control and the web resources were not built", async () => {
    const result = await validateCustomizations(buildCustomizationsXml({ managed: true, include: { control: false, webResources: [] } }));
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it("the validator rejects a document that breaks the schema (so a pass means something)", async () => {
    const broken = buildCustomizationsXml({ managed: true }).replace("<EntityRelationshipType>OneToMany</EntityRelationshipType>", "<EntityRelationshipType>OneToMany</EntityRelationshipType><Bogus />");
    const result = await validateCustomizations(broken);
    expect(result.valid).toBe(false);
    expect(result.errors.join("\n")).toMatch(/Bogus/);
  });
});

describe("customizations.xml against the unmodified schemas (libxml2 xmllint CLI)", () => {
  const strict = hasXmllintCli() ? it : it.skip;
  strict.each([
    ["unmanaged", false],
    ["managed", true],
  ])("the %s customizations.xml validates strictly", (_label, managed) => {
    const result = validateWithXmllintCli(buildCustomizationsXml({ managed }));
    expect(result.output).toMatch(/validates/);
    expect(result.valid).toBe(true);
  });
});
