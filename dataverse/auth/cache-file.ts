import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { ICachePlugin, TokenCacheContext } from "@azure/msal-node";

/**
 * Writes a file only its owner may read (0600) in a directory only its owner may enter (0700): the file is
 * written beside its final name with those permissions, then renamed over it, so it is never readable by others,
 * not even for a moment, and a reader never sees half of it.
 */
export function writePrivateFile(path: string, text: string): void {
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, text, { mode: 0o600 });
  chmodSync(temporary, 0o600);
  renameSync(temporary, path);
}

/** A file's text, or undefined when there is no such file. */
export function readIfPresent(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

/**
 * MSAL's token cache kept in one file (access, refresh and id tokens and the account): read before MSAL looks
 * at its cache, written back (0600) whenever MSAL changed it.
 */
export function fileCachePlugin(path: string): ICachePlugin {
  return {
    async beforeCacheAccess(context: TokenCacheContext) {
      const text = readIfPresent(path);
      if (text !== undefined) context.tokenCache.deserialize(text);
    },
    async afterCacheAccess(context: TokenCacheContext) {
      if (context.cacheHasChanged) writePrivateFile(path, context.tokenCache.serialize());
    },
  };
}
