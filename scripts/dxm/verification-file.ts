import { createWriteStream } from "node:fs";
import { once } from "node:events";
import { VERIFICATION_CSV_HEADER, verificationCsvLine, verificationSummaryLine } from "../../migration/reconcile/report";
import type { FieldDifference, VerificationReport } from "../../migration/reconcile/types";

/**
 * The full verification report as a CSV file written while verification runs: each difference as it is
 * found (so a run with a million differences never holds them), the per-table summary last. Created readable
 * by its owner only: it holds the values compared, which are patient data.
 */
export async function openVerificationFile(path: string): Promise<{ difference(d: FieldDifference): void; close(report?: VerificationReport): Promise<void> }> {
  const stream = createWriteStream(path, { mode: 0o600 });
  await once(stream, "open");
  stream.write(VERIFICATION_CSV_HEADER);
  let closed = false;
  return {
    difference: (d) => void stream.write(verificationCsvLine(d)),
    close: async (report) => {
      if (closed) return;
      closed = true;
      for (const t of report?.tables ?? []) stream.write(verificationSummaryLine(t));
      stream.end();
      await once(stream, "finish");
    },
  };
}
