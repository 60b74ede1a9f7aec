import type { ColumnProfile, FileDateOrder, SourceProblem } from "./types";

/**
 * A file's date order, from what its date columns' values show. One report writer writes every date of a
 * file in one order, so a single day above 12 decides it for the whole file (and a single second field above
 * 12 decides the other way). ISO dates are the same in every order and show nothing. When no value decides,
 * the order is not guessed: the admin chooses it. When values show both orders, that is an error naming the
 * columns and lines, and the admin chooses too (values impossible in the order chosen are then refused).
 */
export function fileDateOrder(profiles: ColumnProfile[]): { dateOrder: FileDateOrder; problem?: Omit<SourceProblem, "file"> } {
  const dated = profiles.filter((p) => p.dateOrder);
  const dayFirst = dated.filter((p) => p.dateOrder!.dayFirst > 0);
  const monthFirst = dated.filter((p) => p.dateOrder!.monthFirst > 0);
  const either = dated.filter((p) => p.dateOrder!.either > 0);
  const ambiguous = either.length > 0;
  const where = (p: ColumnProfile, lines: number[], count: number): string =>
    `'${p.name}' line${lines.length > 1 ? "s" : ""} ${lines.map((l) => l.toLocaleString("en-US")).join(", ")}${count > lines.length ? ` and ${(count - lines.length).toLocaleString("en-US")} more` : ""}`;
  const dayWhere = dayFirst.map((p) => where(p, p.dateOrder!.dayFirstLines, p.dateOrder!.dayFirst)).join("; ");
  const monthWhere = monthFirst.map((p) => where(p, p.dateOrder!.monthFirstLines, p.dateOrder!.monthFirst)).join("; ");

  if (dayFirst.length > 0 && monthFirst.length > 0) {
    const evidence = `dates are written day first (a day above 12: ${dayWhere}) and month first (a second field above 12: ${monthWhere})`;
    const first = dayFirst[0];
    return {
      dateOrder: { order: null, ambiguous, conflict: true, evidence },
      problem: {
        severity: "error", code: "date-order-conflict", column: first.name, line: first.dateOrder!.dayFirstLines[0],
        lines: [...new Set([...dayFirst, ...monthFirst].flatMap((p) => [...p.dateOrder!.dayFirstLines, ...p.dateOrder!.monthFirstLines]))].sort((a, b) => a - b),
        message: `The file's ${evidence}. One export writes one order: check those lines in Dental-Exec and export the file again, or choose the order it was written in; dates impossible in that order are refused, never swapped.`,
      },
    };
  }
  if (dayFirst.length > 0) return { dateOrder: { order: "DMY", ambiguous, conflict: false, evidence: `day first (DD/MM/YYYY): a day above 12 in ${dayWhere}` } };
  if (monthFirst.length > 0) return { dateOrder: { order: "MDY", ambiguous, conflict: false, evidence: `month first (MM/DD/YYYY): a day above 12 in the second field in ${monthWhere}` } };
  if (ambiguous) {
    const sample = either.map((p) => where(p, p.dateOrder!.eitherLines.slice(0, 1), 1)).slice(0, 3).join("; ");
    return { dateOrder: { order: null, ambiguous, conflict: false, evidence: `no date has a day above 12 (e.g. ${sample}): day and month could be either way round` } };
  }
  return { dateOrder: { order: null, ambiguous: false, conflict: false, evidence: "no dates written NN/NN/YYYY (ISO dates read the same either way)" } };
}
