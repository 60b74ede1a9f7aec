import packageJson from "../../package.json";
import { solutionVersion } from "../model";

export { solutionVersion };

/** The version the control manifest carries: package.json's three-part version (PCF versions are x.y.z). */
export function controlVersion(semver: string = packageJson.version): string {
  const [major, minor, patch] = semver.split(/[.-]/);
  return `${major}.${minor}.${patch}`;
}

/**
 * Sets the `version` attribute of the manifest's `<control>` element (ControlManifest.Input.xml or the
 * built ControlManifest.xml), leaving the rest of the text untouched. Dynamics only replaces a control
 * whose version went up, so the packer stamps the package version into the manifest it ships.
 */
export function stampControlVersion(manifestXml: string, version: string): string {
  if (!/^\d+\.\d+\.\d+$/.test(version)) throw new Error(`A control version has three numeric parts: ${version}`);
  const control = /<control\b[^>]*>/.exec(manifestXml);
  if (!control) throw new Error("The manifest has no <control> element");
  const tag = control[0];
  const stamped = /\sversion\s*=\s*"[^"]*"/.test(tag)
    ? tag.replace(/(\sversion\s*=\s*")[^"]*(")/, `$1${version}$2`)
    : tag.replace(/^<control\b/, `<control version="${version}"`);
  return manifestXml.slice(0, control.index) + stamped + manifestXml.slice(control.index + tag.length);
}
