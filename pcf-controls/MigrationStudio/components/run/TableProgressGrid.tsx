import * as React from "react";
import { Badge, Caption1, ProgressBar, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, makeStyles } from "@fluentui/react-components";
import { objectSpec } from "../../../../migration/model";
import type { Strings } from "../../strings/keys";
import { format, formatDuration } from "../common/format";
import type { RunTable } from "./useMigrationRun";

const useStyles = makeStyles({ scroll: { overflowX: "auto" }, bar: { minWidth: "100px" } });

/** Per table: a bar, counts, rate, time left and whether Dataverse is throttling. */
export function TableProgressGrid(props: { strings: Strings; tables: RunTable[]; label: string }): React.ReactElement {
  const s = props.strings;
  const styles = useStyles();
  return (
    <div className={styles.scroll}>
      <Table size="small" aria-label={props.label}>
        <TableHeader>
          <TableRow>
            <TableHeaderCell>{s.Run_ColTable}</TableHeaderCell>
            <TableHeaderCell>{s.Run_ColProgress}</TableHeaderCell>
            <TableHeaderCell>{s.Run_ColWritten}</TableHeaderCell>
            <TableHeaderCell>{s.Run_ColFailed}</TableHeaderCell>
            <TableHeaderCell>{s.Run_ColRate}</TableHeaderCell>
            <TableHeaderCell>{s.Run_ColEta}</TableHeaderCell>
            <TableHeaderCell>{s.Run_ColState}</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {props.tables.map((t) => (
            <TableRow key={`${t.object}:${t.table}`}>
              <TableCell>{t.table} <Caption1>({objectSpec(t.object).label})</Caption1></TableCell>
              <TableCell>
                <div className={styles.bar}>
                  <ProgressBar value={t.total > 0 ? t.done / t.total : t.state === "done" ? 1 : 0} color={t.failed > 0 ? "warning" : t.state === "done" ? "success" : "brand"}
                    aria-label={format(s.Run_TableProgress, t.table, t.done, t.total)} />
                  {format(s.Run_DoneOfTotal, t.done, t.total)}
                </div>
              </TableCell>
              <TableCell>{format(s.Run_CreatedUpdated, t.created, t.updated, t.unchanged)}</TableCell>
              <TableCell>{t.failed > 0 ? <Badge color="danger">{t.failed.toLocaleString("en-US")}</Badge> : "0"}</TableCell>
              <TableCell>{t.rowsPerSecond > 0 ? format(s.Run_RowsPerSecond, Math.round(t.rowsPerSecond)) : "–"}</TableCell>
              <TableCell>{t.state === "running" && t.etaSeconds !== undefined ? formatDuration(t.etaSeconds) : "–"}</TableCell>
              <TableCell>
                {t.throttled ? <Badge color="warning">{s.Run_Throttled}</Badge> : <Badge appearance="outline" color={t.state === "done" ? "success" : "informative"}>{stateLabel(s, t.state)}</Badge>}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}

export function stateLabel(s: Strings, state: RunTable["state"]): string {
  return { waiting: s.Run_StateWaiting, running: s.Run_StateRunning, paused: s.Run_StatePaused, done: s.Run_StateDone, cancelled: s.Run_StateCancelled }[state];
}
