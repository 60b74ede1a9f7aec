import packageJson from "../../../package.json";
import { buildSolutionXml, controlVersion, solutionVersion, stampControlVersion } from "../../../solution/pack";
import { all, parseXml, textOf } from "./helpers";

describe("version stamping", () => {
  it("turns the package version into Dataverse's four-part solution version", () => {
    expect(solutionVersion("1.2.3")).toBe("1.2.3.0");
    expect(solutionVersion("0.4.0-beta.1")).toBe("0.4.0.0");
    expect(controlVersion("1.2.3-rc.2")).toBe("1.2.3");
  });

  it("stamps package.json's version into solution.xml", () => {
    const manifest = all(parseXml(buildSolutionXml({ managed: true })), "SolutionManifest")[0];
    expect(textOf(manifest, "Version")).toBe(`${packageJson.version}.0`);
    expect(textOf(all(parseXml(buildSolutionXml({ managed: false, version: "2.0.1.0" })), "SolutionManifest")[0], "Version")).toBe("2.0.1.0");
  });

  it("replaces the control's version in a manifest and leaves the rest untouched", () => {
    const input = '<?xml version="1.0" encoding="utf-8" ?>\n<manifest>\n  <control namespace="Dxm" constructor="MigrationStudio" version="0.0.1" control-type="virtual">\n    <resx path="s.resx" version="1.0.0" />\n  </control>\n</manifest>';
    const stamped = stampControlVersion(input, "3.4.5");
    expect(stamped).toBe(input.replace('version="0.0.1"', 'version="3.4.5"'));
    expect(stamped).toContain('<resx path="s.resx" version="1.0.0" />');
    expect(stamped.startsWith('<?xml version="1.0"')).toBe(true);
  });

  it("adds the version when the control has none, and refuses versions a control cannot have", () => {
    expect(stampControlVersion('<manifest><control namespace="Dxm" constructor="X"></control></manifest>', "1.0.0"))
      .toBe('<manifest><control version="1.0.0" namespace="Dxm" constructor="X"></control></manifest>');
    expect(() => stampControlVersion("<manifest><control /></manifest>", "1.0.0.0")).toThrow(/three numeric parts/);
    expect(() => stampControlVersion("<manifest />", "1.0.0")).toThrow(/no <control>/);
  });
});
