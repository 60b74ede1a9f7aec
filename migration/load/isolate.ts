import type { DataverseErrorInfo } from "../../dataverse/types";
import { isOrgUnavailable } from "../../dataverse/errors";
import { errorInfoOf } from "./errors";

export interface Isolated<T> {
  written: { item: T; id: string }[];
  failed: { item: T; error: DataverseErrorInfo }[];
  /** A timeout or service limit was hit on the way (the chunk size should shrink). */
  limited: boolean;
}

/** Attempts at a single record that keeps failing with a retriable error before it counts as failed. */
const SINGLE_RETRIES = 2;

/**
 * Writes items with an all-or-nothing `write`; when it fails, splits the items in halves and tries each,
 * down to single records, so the good rows still land and each bad row is isolated with its own error.
 * A retriable error (timeout, limit) also splits: a smaller request is what the service asks for. An org that
 * stopped answering (after the client's retries) is rethrown: it says nothing about the records.
 */
export async function writeIsolating<T>(items: T[], write: (items: T[]) => Promise<string[]>): Promise<Isolated<T>> {
  const result: Isolated<T> = { written: [], failed: [], limited: false };
  await attempt(items, write, result, 0);
  return result;
}

async function attempt<T>(items: T[], write: (items: T[]) => Promise<string[]>, result: Isolated<T>, retries: number): Promise<void> {
  if (items.length === 0) return;
  try {
    const ids = await write(items);
    items.forEach((item, i) => result.written.push({ item, id: ids[i] }));
  } catch (error) {
    const info = errorInfoOf(error);
    if (isOrgUnavailable(info)) throw error;
    if (info.retriable) result.limited = true;
    if (items.length === 1) {
      if (info.retriable && retries < SINGLE_RETRIES) return attempt(items, write, result, retries + 1);
      result.failed.push({ item: items[0], error: info });
      return;
    }
    const middle = Math.ceil(items.length / 2);
    await attempt(items.slice(0, middle), write, result, 0);
    await attempt(items.slice(middle), write, result, 0);
  }
}
