/**
 * What a V8 heap snapshot holds: object count and self size per constructor, largest first. Plain objects
 * are told apart by their first property names and strings by their shape (uuid, ISO time, source key,
 * other), never by their contents: a snapshot of a run holds patient data.
 *
 *   node --max-old-space-size=8000 -r tsx/cjs bench/heap/summarise.ts FILE.heapsnapshot [--top 30]
 *   ... FILE.heapsnapshot --retainers "string|(string: short)" [DEPTH]   who holds the nodes of one row
 */
import { readFileSync } from "node:fs";

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]]; edge_fields: string[]; edge_types: [string[], ...unknown[]] } };
  nodes: number[];
  edges: number[];
  strings: string[];
}

export interface HolderRow {
  type: string;
  name: string;
  count: number;
  selfBytes: number;
}

const STRING_TYPES = new Set(["string", "concatenated string", "sliced string"]);

/** The shape of a string, without its contents. */
export function stringShape(text: string): string {
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(text)) return "(string: uuid)";
  if (/^\d{4}-\d\d-\d\dT\d\d:\d\d/.test(text)) return "(string: ISO time)";
  if (/^[a-z-]+:[^\s,]{1,40}$/.test(text)) return "(string: source key)";
  if (/^[0-9a-f]{16,}$/i.test(text)) return "(string: hex hash)";
  return `(string: ${text.length < 64 ? "short" : text.length < 4096 ? "medium" : "long"})`;
}

/** Count and self size per (node type, constructor name or shape). */
export function summarise(snapshot: Snapshot): HolderRow[] {
  const { node_fields: fields, node_types } = snapshot.snapshot.meta;
  const width = fields.length;
  const [typeAt, sizeAt] = ["type", "self_size"].map((f) => fields.indexOf(f));
  const labels = labelNodes(snapshot);
  const rows = new Map<string, HolderRow>();
  labels.forEach((name, n) => {
    const type = node_types[0][snapshot.nodes[n * width + typeAt]];
    const key = `${type}\u0000${name}`;
    let row = rows.get(key);
    if (!row) rows.set(key, (row = { type, name, count: 0, selfBytes: 0 }));
    row.count++;
    row.selfBytes += snapshot.nodes[n * width + sizeAt];
  });
  return [...rows.values()].sort((a, b) => b.selfBytes - a.selfBytes);
}

/**
 * Who holds the nodes of one summary row (`type` and `name` as `summarise` prints them): the holders'
 * own rows and the edge names, counted, largest first. Two levels up when `depth` is 2.
 */
export function retainers(snapshot: Snapshot, type: string, name: string, depth = 1): { holder: string; count: number }[] {
  const { node_fields: fields, node_types, edge_fields, edge_types } = snapshot.snapshot.meta;
  const width = fields.length;
  const edgeWidth = edge_fields.length;
  const [typeAt, edgeCountAt] = ["type", "edge_count"].map((f) => fields.indexOf(f));
  const [edgeTypeAt, edgeNameAt, toAt] = ["type", "name_or_index", "to_node"].map((f) => edge_fields.indexOf(f));
  const nodeCount = snapshot.nodes.length / width;
  const labels = labelNodes(snapshot);
  const parentOf = new Int32Array(nodeCount).fill(-1);
  const edgeLabel: string[] = new Array(nodeCount);
  const counts = new Map<string, number>();
  let edge = 0;
  for (let n = 0; n < nodeCount; n++) {
    const edges = snapshot.nodes[n * width + edgeCountAt];
    for (let e = edge; e < edge + edges * edgeWidth; e += edgeWidth) {
      const kind = edge_types[0][snapshot.edges[e + edgeTypeAt]];
      if (kind === "weak") continue;
      const to = snapshot.edges[e + toAt] / width;
      if (parentOf[to] !== -1) continue;
      parentOf[to] = n;
      const nameOrIndex = snapshot.edges[e + edgeNameAt];
      edgeLabel[to] = kind === "element" || kind === "hidden" ? `[${kind}]` : String(snapshot.strings[nameOrIndex]).slice(0, 40);
    }
    edge += edges * edgeWidth;
  }
  const wanted = `${type}\u0000${name}`;
  for (let n = 0; n < nodeCount; n++) {
    if (`${node_types[0][snapshot.nodes[n * width + typeAt]]}\u0000${labels[n]}` !== wanted) continue;
    const path: string[] = [];
    for (let at = n, level = 0; level < depth && parentOf[at] !== -1; level++) {
      const parent = parentOf[at];
      path.push(`${edgeLabel[at]} of ${labels[parent]}`);
      at = parent;
    }
    const key = path.join(" <- ") || "(root)";
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([holder, count]) => ({ holder, count })).sort((a, b) => b.count - a.count);
}

/** The row name of each node: its constructor, a plain object's first property names, a string's shape. */
function labelNodes(snapshot: Snapshot): string[] {
  const { node_fields: fields, node_types, edge_fields, edge_types } = snapshot.snapshot.meta;
  const width = fields.length;
  const edgeWidth = edge_fields.length;
  const [typeAt, nameAt, edgeCountAt] = ["type", "name", "edge_count"].map((f) => fields.indexOf(f));
  const [edgeTypeAt, edgeNameAt] = ["type", "name_or_index"].map((f) => edge_fields.indexOf(f));
  const propertyType = edge_types[0].indexOf("property");
  const labels: string[] = [];
  let edge = 0;
  for (let i = 0; i < snapshot.nodes.length; i += width) {
    const type = node_types[0][snapshot.nodes[i + typeAt]];
    const edges = snapshot.nodes[i + edgeCountAt];
    let name = snapshot.strings[snapshot.nodes[i + nameAt]].slice(0, 60);
    if (STRING_TYPES.has(type)) name = type === "string" ? stringShape(snapshot.strings[snapshot.nodes[i + nameAt]]) : `(${type})`;
    else if (type === "object" && name === "Object") {
      const props: string[] = [];
      for (let e = edge; e < edge + edges * edgeWidth && props.length < 5; e += edgeWidth) {
        if (snapshot.edges[e + edgeTypeAt] === propertyType) props.push(snapshot.strings[snapshot.edges[e + edgeNameAt]]);
      }
      name = `Object {${props.join(", ")}}`;
    }
    labels.push(name);
    edge += edges * edgeWidth;
  }
  return labels;
}

if (require.main === module) {
  const file = process.argv[2];
  const top = Number(process.argv[process.argv.indexOf("--top") + 1]) || 30;
  const snapshot = JSON.parse(readFileSync(file, "utf8")) as Snapshot;
  const held = process.argv.indexOf("--retainers");
  if (held >= 0) {
    const [type, name] = process.argv[held + 1].split("|");
    for (const r of retainers(snapshot, type, name, Number(process.argv[held + 2]) || 1).slice(0, top)) process.stdout.write(`${r.count.toLocaleString("en-US").padStart(11)}  ${r.holder}\n`);
    process.exit(0);
  }
  const rows = summarise(snapshot);
  const total = rows.reduce((n, r) => n + r.selfBytes, 0);
  process.stdout.write(`total ${(total / 1048576).toFixed(1)} MB in ${rows.reduce((n, r) => n + r.count, 0).toLocaleString("en-US")} nodes\n`);
  for (const r of rows.slice(0, top)) {
    process.stdout.write(`${(r.selfBytes / 1048576).toFixed(1).padStart(8)} MB ${r.count.toLocaleString("en-US").padStart(11)}  ${r.type.padEnd(12)} ${r.name}\n`);
  }
}
