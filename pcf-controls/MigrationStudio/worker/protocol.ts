import type { Inventory, ReadProgress } from "../../../migration/source/types";
import type { LearnedChoice, Proposal } from "../../../migration/mapping/types";

/** The page asks the parse worker to read, profile and propose a map for a set of export files. */
export interface InspectRequest {
  type: "inspect";
  /** Browser `File`s are structured-cloneable: the worker reads them without copying them first. */
  files: File[];
  /** Paths relative to the export folder, index-aligned with `files` (webkitRelativePath minus the top folder). */
  names: string[];
  /** What admins confirmed before in this org (read from its runs by the page): the proposal follows it. */
  learned: LearnedChoice[];
}

export type InspectMessage =
  | { type: "progress"; progress: ReadProgress }
  | { type: "done"; inventory: Inventory; proposal: Proposal }
  | { type: "failed"; message: string };
