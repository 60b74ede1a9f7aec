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
  const blob = new Blob(["\ufeff", text], { type: mimeType });
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
