import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { zipSync, type Zippable } from "fflate";
import { solutionModel } from "../model";
import { buildCustomizationsXml } from "./customizations";
import { buildSolutionXml } from "./solution-xml";
import { buildContentTypesXml } from "./content-types";
import { collectAssets, type PackAssets, type ZipFile } from "./assets";

export interface PackOptions {
  managed: boolean;
  /** The built PCF control (ControlManifest.xml, bundle.js, strings). Default: out/controls/MigrationStudio. */
  controlDir?: string;
  /** The built web resources. Default: out/webresources. */
  webResourcesDir?: string;
}

export interface PackResult {
  zip: Uint8Array;
  /** Paths inside the zip, in order. */
  files: string[];
  /** Pieces left out because their build output was absent (the zip is still importable without them). */
  missing: string[];
}

const repositoryRoot = resolve(__dirname, "..", "..");

/** Zip entries get a fixed time so the same sources give the same bytes. */
const ENTRY_TIME = new Date("2020-01-01T00:00:00Z");

export function solutionZipName(managed: boolean): string {
  return `${solutionModel.uniqueName}_${managed ? "managed" : "unmanaged"}.zip`;
}

function packFiles(options: PackOptions, assets: PackAssets): ZipFile[] {
  const include = { control: assets.control !== undefined, webResources: assets.webResources.map((w) => w.def.name) };
  const encode = (s: string) => new TextEncoder().encode(s);
  const parts: ZipFile[] = [
    { path: "solution.xml", bytes: encode(buildSolutionXml({ managed: options.managed, include })) },
    { path: "customizations.xml", bytes: encode(buildCustomizationsXml({ managed: options.managed, include })) },
    ...(assets.control?.files ?? []),
    ...assets.webResources.map((w) => ({ path: w.fileName.replace(/^\//, ""), bytes: w.bytes })),
  ];
  const contentTypes = { path: "[Content_Types].xml", bytes: encode(buildContentTypesXml(parts.map((p) => p.path))) };
  return [contentTypes, ...parts];
}

/** The solution zip and what went into it. */
export function packSolutionWithReport(options: PackOptions): PackResult {
  const assets = collectAssets(
    options.controlDir ?? join(repositoryRoot, "out", "controls", "MigrationStudio"),
    options.webResourcesDir ?? join(repositoryRoot, "out", "webresources"),
  );
  const files = packFiles(options, assets);
  const entries: Zippable = {};
  for (const f of files) entries[f.path] = [f.bytes, { mtime: ENTRY_TIME }];
  return { zip: zipSync(entries, { level: 9 }), files: files.map((f) => f.path), missing: assets.missing };
}

/** The solution zip (managed or unmanaged) as bytes. */
export function packSolution(options: PackOptions): Uint8Array {
  return packSolutionWithReport(options).zip;
}

export interface WrittenZips {
  managed: string;
  unmanaged: string;
  files: string[];
  missing: string[];
}

/** Writes DentalExecMigration_managed.zip and DentalExecMigration_unmanaged.zip into `outDir`. */
export function writeSolutionZips(outDir = "dist", options: Omit<PackOptions, "managed"> = {}): WrittenZips {
  mkdirSync(outDir, { recursive: true });
  const write = (managed: boolean) => {
    const result = packSolutionWithReport({ ...options, managed });
    const path = join(outDir, solutionZipName(managed));
    writeFileSync(path, result.zip);
    return { path, result };
  };
  const managed = write(true);
  const unmanaged = write(false);
  return { managed: managed.path, unmanaged: unmanaged.path, files: managed.result.files, missing: managed.result.missing };
}
