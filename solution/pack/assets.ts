import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import type { ControlDef, WebResourceDef } from "../components/types";
import { migrationStudioControl, solutionControlName } from "../components/control";
import { webResources } from "../components/webresources";
import { componentGuid } from "./guid";
import { controlVersion, stampControlVersion } from "./version";

/** A file that goes into the zip as is. */
export interface ZipFile {
  path: string;
  bytes: Uint8Array;
}

export interface PackedControl {
  name: string;
  /** `/Controls/<name>/ControlManifest.xml`, as customizations.xml refers to it. */
  manifestFileName: string;
  files: ZipFile[];
}

export interface PackedWebResource {
  def: WebResourceDef;
  id: string;
  /** Where the file sits in the zip, with a leading slash, as customizations.xml refers to it. */
  fileName: string;
  bytes: Uint8Array;
}

/** What the packer found on disk: what goes in, and what it had to leave out. */
export interface PackAssets {
  control?: PackedControl;
  webResources: PackedWebResource[];
  missing: string[];
}

export const webResourceGuid = (def: WebResourceDef): string => componentGuid(`webresource/${def.name}`);

/**
 * A web resource's file in the zip. Dataverse exports name it after the web resource with the path
 * separators and dots removed, followed by its id: `dxm_scriptsrollbackjs<GUID>`.
 */
export function webResourceFileName(def: WebResourceDef): string {
  return `/WebResources/${def.name.replace(/[/.]/g, "")}${webResourceGuid(def).toUpperCase()}`;
}

/** Files of a built control that the manifest lists (code, styles, strings, images) plus the manifest. */
function controlFiles(manifest: string): string[] {
  const listed = [...manifest.matchAll(/<(?:code|css|resx|img|html)\b[^>]*\bpath="([^"]+)"/g)].map((m) => m[1]);
  return ["ControlManifest.xml", ...listed];
}

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? listFiles(full) : [full];
  });
}

/** The built control under `dir`, version-stamped, or undefined when it has not been built. */
export function readControl(dir: string, control: ControlDef = migrationStudioControl): PackedControl | undefined {
  const manifestPath = join(dir, "ControlManifest.xml");
  if (!existsSync(manifestPath)) return undefined;
  const name = solutionControlName(control);
  const manifest = stampControlVersion(readFileSync(manifestPath, "utf8"), controlVersion());
  const wanted = new Set(controlFiles(manifest).map((p) => p.split("/").join(sep)));
  const files = listFiles(dir)
    .map((full) => relative(dir, full))
    .filter((rel) => wanted.has(rel))
    .sort()
    .map((rel) => ({
      path: `Controls/${name}/${rel.split(sep).join("/")}`,
      bytes: rel === "ControlManifest.xml" ? new TextEncoder().encode(manifest) : new Uint8Array(readFileSync(join(dir, rel))),
    }));
  for (const listedPath of wanted) {
    if (!existsSync(join(dir, listedPath))) throw new Error(`The control manifest lists ${listedPath}, which the build did not produce in ${dir}`);
  }
  return { name, manifestFileName: `/Controls/${name}/ControlManifest.xml`, files };
}

/** The built web resources under `dir`; the ones not built are reported, not packed. */
export function readWebResources(dir: string): { found: PackedWebResource[]; missing: WebResourceDef[] } {
  const found: PackedWebResource[] = [];
  const missing: WebResourceDef[] = [];
  for (const def of webResources) {
    const path = def.builtFiles.map((f) => join(dir, ...f.split("/"))).find((p) => existsSync(p));
    if (!path) {
      missing.push(def);
      continue;
    }
    found.push({ def, id: webResourceGuid(def), fileName: webResourceFileName(def), bytes: new Uint8Array(readFileSync(path)) });
  }
  return { found, missing };
}

/** Everything built that belongs in the zip, and a note for each piece left out. */
export function collectAssets(controlDir: string, webResourcesDir: string): PackAssets {
  const control = readControl(controlDir);
  const { found, missing } = readWebResources(webResourcesDir);
  return {
    control,
    webResources: found,
    missing: [
      ...(control ? [] : [`control ${solutionControlName()} (no ControlManifest.xml in ${controlDir}; run npm run build:pcf)`]),
      ...missing.map((d) => `web resource ${d.name} (not found in ${webResourcesDir}; run the web-resource build)`),
    ],
  };
}
