import * as React from "react";
import { Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, makeStyles } from "@fluentui/react-components";

const useStyles = makeStyles({
  scroll: { overflowX: "auto" },
});

export interface SimpleTableProps<T> {
  /** The id of the heading that names the table; else `label`. */
  labelledBy?: string;
  label?: string;
  headers: string[];
  rows: readonly T[];
  rowKey(row: T, index: number): string | number;
  /** One cell per header. */
  cells(row: T): React.ReactNode[];
}

/** A small read-only table (Fluent UI's Table) that scrolls sideways on a narrow form instead of overflowing it. */
export function SimpleTable<T>(props: SimpleTableProps<T>): React.ReactElement {
  const styles = useStyles();
  return (
    <div className={styles.scroll}>
      <Table size="small" aria-labelledby={props.labelledBy} aria-label={props.labelledBy ? undefined : props.label}>
        <TableHeader><TableRow>{props.headers.map((h) => <TableHeaderCell key={h}>{h}</TableHeaderCell>)}</TableRow></TableHeader>
        <TableBody>
          {props.rows.map((row, i) => (
            <TableRow key={props.rowKey(row, i)}>{props.cells(row).map((c, j) => <TableCell key={j}>{c}</TableCell>)}</TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
