import { existsSync } from "node:fs";
import { join } from "node:path";
import { unzipSync, strFromU8 } from "fflate";
import { importCustomizations } from "./customizations";
import { loadStandardTables } from "./standard-tables";
import { emptySchema, type Schema } from "./types";

export type * from "./types";
export { importCustomizations } from "./customizations";

export interface SchemaSource {
  solutionZip?: string | Uint8Array;
  customizationsXml?: string;
  standardTablesFile?: string;
}

/** customizations.xml from a solution zip (a path or its bytes). */
export function customizationsFromZip(zip: Uint8Array): string {
  const files = unzipSync(zip, { filter: (f) => f.name.toLowerCase() === "customizations.xml" });
  const entry = Object.values(files)[0];
  if (!entry) throw new Error("solution zip has no customizations.xml");
  return strFromU8(entry);
}

/**
 * The project's own customizations.xml from the solution packer (`solution/pack`), when it is there:
 * the emulator then knows exactly what the solution ships, nothing more.
 */
export function packedCustomizationsXml(): string | undefined {
  const dir = join(__dirname, "../../solution/pack");
  if (!existsSync(join(dir, "index.ts")) && !existsSync(join(dir, "index.js"))) return undefined;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const pack = require(dir) as { buildCustomizationsXml?: () => string };
  return pack.buildCustomizationsXml?.();
}

export async function loadSolutionXml(source: SchemaSource): Promise<string | undefined> {
  if (source.solutionZip !== undefined) {
    const bytes = typeof source.solutionZip === "string" ? new Uint8Array(await (await import("node:fs/promises")).readFile(source.solutionZip)) : source.solutionZip;
    return customizationsFromZip(bytes);
  }
  return source.customizationsXml ?? packedCustomizationsXml();
}

export function buildSchema(solutionXml: string | undefined, standardFile?: string): Schema {
  const schema = emptySchema();
  loadStandardTables(schema, standardFile);
  if (solutionXml) importCustomizations(schema, solutionXml);
  return schema;
}
