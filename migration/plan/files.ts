import type { ConfirmedMap, FileMap } from "../mapping/types";
import type { ObjectKind } from "../model/types";
import { rowMapper } from "../objects/mapped-row";
import type { MappedRow } from "../objects/mapped-row";
import type { ExportRows } from "./types";

/** The confirmed files holding an object (most objects have one; definitions have three). */
export function filesOf(map: ConfirmedMap, object: ObjectKind): FileMap[] {
  return map.files.filter((f) => f.object === object);
}

/** Streams the mapped rows of every file of an object, file by file. */
export async function* mappedRows(exports: ExportRows, map: ConfirmedMap, object: ObjectKind): AsyncIterable<MappedRow> {
  for (const fileMap of filesOf(map, object)) {
    if (!exports.inventory.files.some((f) => f.name === fileMap.file && f.readable)) continue;
    const toMapped = rowMapper(fileMap);
    for await (const row of exports.rows(fileMap.file)) yield toMapped(row);
  }
}
