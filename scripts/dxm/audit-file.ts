import { createWriteStream } from "node:fs";
import { auditCsvHeader, auditCsvLine, type AuditEntry } from "../../migration/run/audit";

export interface AuditFile {
  write(entry: AuditEntry): void;
  /** Flushes and closes the file (once; later calls return the same promise); rejects if a write failed. */
  close(): Promise<void>;
}

/**
 * The audit CSV written as the run goes, one line per entry, so that a run of a million records never holds
 * its audit in memory. The stream buffers what the disk has not taken yet; a local disk outpaces the
 * network writes that produce the entries, so the buffer stays small.
 */
export function openAuditFile(path: string): AuditFile {
  const stream = createWriteStream(path, { encoding: "utf8" });
  let failure: Error | undefined;
  stream.on("error", (error) => (failure ??= error));
  stream.write(auditCsvHeader());
  let closed: Promise<void> | undefined;
  return {
    write: (entry) => {
      if (!failure && !closed) stream.write(auditCsvLine(entry));
    },
    close: () =>
      (closed ??= new Promise<void>((resolve, reject) => {
        stream.end((error?: Error | null) => {
          const cause = failure ?? error;
          if (cause) reject(cause);
          else resolve();
        });
      })),
  };
}
