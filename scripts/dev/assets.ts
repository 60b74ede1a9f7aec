import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { basename, join, relative, resolve } from "node:path";
import { build } from "esbuild";

/** Bundles one browser entry (the platform shim or the form harness) in memory. */
export async function bundleBrowserScript(entry: string, minify: boolean): Promise<string> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: "iife",
    platform: "browser",
    target: "es2020",
    minify,
    define: { "process.env.NODE_ENV": JSON.stringify(minify ? "production" : "development") },
    logLevel: "silent",
  });
  return result.outputFiles[0].text;
}

/** The control's resx strings as the platform's `context.resources.getString` serves them. */
export function readResxStrings(resxPath: string): Record<string, string> {
  const xml = readFileSync(resxPath, "utf8");
  const strings: Record<string, string> = {};
  const decode = (text: string) => text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, "&");
  for (const match of xml.matchAll(/<data\s+name="([^"]+)"[^>]*>\s*<value>([\s\S]*?)<\/value>/g)) strings[match[1]] = decode(match[2]);
  return strings;
}

/**
 * Sample export folders under samples/: each folder holding CSV files, listed with what an admin would
 * upload from a Dental-Exec export (the CSV files and attachments/, not the generator's JSON side files).
 */
export interface SampleSet {
  /** Folder relative to the samples folder ("" for the samples folder itself). */
  name: string;
  /** What the page calls it: `samples`, `samples/dirty`. */
  label: string;
  files: string[];
}

export function listSamples(samplesDir: string): SampleSet[] {
  if (!existsSync(samplesDir)) return [];
  const top = basename(resolve(samplesDir));
  const folders: SampleSet[] = [];
  const walk = (dir: string): void => {
    const entries = readdirSync(dir).sort();
    const files = entries.filter((e) => statSync(join(dir, e)).isFile() && /\.(csv|txt)$/i.test(e) && !/^readme/i.test(e));
    if (files.some((f) => f.toLowerCase().endsWith(".csv"))) {
      const name = relative(samplesDir, dir).split("\\").join("/");
      const withAttachments = [...files];
      const attachments = join(dir, "attachments");
      if (existsSync(attachments)) withAttachments.push(...readdirSync(attachments).sort().map((f) => `attachments/${f}`));
      folders.push({ name, label: name ? `${top}/${name}` : top, files: withAttachments });
    }
    for (const e of entries) if (e !== "attachments" && statSync(join(dir, e)).isDirectory()) walk(join(dir, e));
  };
  walk(samplesDir);
  return folders;
}
