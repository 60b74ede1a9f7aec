/**
 * The control's modules import one another without cycles (RunSteps and Studio once did, over StepId).
 * Reads the sources under pcf-controls/MigrationStudio and follows their relative imports, type-only
 * imports included: a cycle of types is still a cycle a reader has to untangle.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

const CONTROL = resolve(__dirname, "../../../pcf-controls/MigrationStudio");

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === "generated" ? [] : sources(path);
    return /\.tsx?$/.test(name) && !name.endsWith(".d.ts") ? [path] : [];
  });
}

/** The control's own modules a file imports (relative specifiers that resolve inside the control). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const specifiers = [
    ...text.matchAll(/^\s*(?:import|export)\b[^;]*?\bfrom\s+["'](\.[^"']+)["']/gm),
    ...text.matchAll(/^\s*import\s+["'](\.[^"']+)["']/gm),
  ].map((m) => m[1]);
  return specifiers.flatMap((spec) => {
    const base = resolve(dirname(file), spec);
    const found = [`${base}.ts`, `${base}.tsx`, join(base, "index.ts")].find((candidate) => existsSync(candidate));
    return found && found.startsWith(CONTROL) ? [found] : [];
  });
}

/** Every cycle found by a depth-first walk, each as the files around it (relative to the control). */
function cycles(files: string[]): string[][] {
  const graph = new Map(files.map((f) => [f, importsOf(f)]));
  const found: string[][] = [];
  const state = new Map<string, "open" | "closed">();
  const path: string[] = [];
  const visit = (file: string) => {
    state.set(file, "open");
    path.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === "open") found.push([...path.slice(path.indexOf(next)), next].map((f) => relative(CONTROL, f)));
      else if (!state.has(next)) visit(next);
    }
    path.pop();
    state.set(file, "closed");
  };
  for (const file of files) if (!state.has(file)) visit(file);
  return found;
}

describe("Migration Studio's module graph", () => {
  const files = sources(CONTROL);

  it("reads the control's sources and their imports", () => {
    // Guards the walk itself: Studio imports RunSteps and the step ids.
    const studio = join(CONTROL, "components/Studio.tsx");
    expect(files).toContain(studio);
    expect(importsOf(studio).map((f) => relative(CONTROL, f))).toEqual(expect.arrayContaining(["components/RunSteps.tsx", "components/steps.ts"]));
  });

  it("has no import cycle", () => {
    expect(cycles(files)).toEqual([]);
  });
});
