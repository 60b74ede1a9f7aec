import { strToU8, zipSync } from "fflate";
import Papa from "papaparse";

/**
 * CSV for downloads an admin opens in Excel. papaparse's `escapeFormulae` prefixes cells starting with
 * `=`, `+`, `-`, `@`, tab or carriage return with a quote, so a value like `=HYPERLINK(...)` in an export
 * stays text instead of becoming a formula (CSV injection).
 */
export function toSafeCsv(header: string[], rows: (string | number | boolean | null | undefined)[][]): string {
  return Papa.unparse({ fields: header, data: rows.map((row) => row.map((cell) => (cell === null || cell === undefined ? "" : String(cell)))) }, {
    escapeFormulae: true,
    quotes: true,
    newline: "\r\n",
  });
}

/** Offers text as a file download (Blob + object URL), the only way a form control can hand over a file. */
export function downloadText(fileName: string, text: string, mimeType = "text/csv;charset=utf-8"): void {
  // The BOM lets Excel read UTF-8 (accented names) correctly.
  downloadBlob(fileName, new Blob(["\ufeff", text], { type: mimeType }));
}

/**
 * The failed rows of a run as one zip of CSV files, one per export file, named as the export file (so the
 * fixed files are fed back under the same names: `dxm migrate --fixed-rows`). Each CSV starts with a BOM.
 */
export function downloadCsvZip(fileName: string, files: { file: string; csv: string }[]): void {
  // The copy into this realm's Uint8Array: fflate tells a file from a folder by `instanceof Uint8Array`, and
  // a TextEncoder of another realm (a test's polyfill) would make every file a folder.
  const entries = Object.fromEntries(files.map((f) => [f.file, new Uint8Array(strToU8(`\ufeff${f.csv}`))]));
  // zipSync returns a fresh Uint8Array over an ArrayBuffer of its own (never shared memory).
  downloadBlob(fileName, new Blob([zipSync(entries) as Uint8Array<ArrayBuffer>], { type: "application/zip" }));
}

function downloadBlob(fileName: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const anchor = document.createElement("a");
  anchor.href = url;
  anchor.download = fileName;
  anchor.style.display = "none";
  document.body.appendChild(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
