import * as React from "react";
import {
  Badge, Button, Caption1, Checkbox, MessageBar, MessageBarBody, MessageBarTitle, Subtitle2, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow,
  makeStyles,
} from "@fluentui/react-components";
import type { FieldDifference, ReconcileReport, VerificationReport } from "../../../../migration/reconcile/types";
import { objectSpec } from "../../../../migration/model";
import type { Strings } from "../../strings/keys";
import { format } from "../common/format";
import { ErrorBar } from "../common/Unavailable";
import { StepScreen } from "../common/StepScreen";
import { CountsChart } from "./CountsChart";

const useStyles = makeStyles({
  scroll: { overflowX: "auto" },
});

const money = (n: number) => n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });

function MatchBadge(props: { ok: boolean; strings: Strings }): React.ReactElement {
  return <Badge appearance="filled" color={props.ok ? "success" : "danger"}>{props.ok ? props.strings.Rec_Match : props.strings.Rec_Mismatch}</Badge>;
}

export interface ReconcileScreenProps {
  strings: Strings;
  report?: ReconcileReport;
  busy: boolean;
  error?: string;
  onReconcile(): void;
  /** Compare a sample of records (fast) instead of every record and field (the default). */
  sampled: boolean;
  onSampled(sampled: boolean): void;
  onDownloadAudit(): void;
  /** Offered when the report holds a full verification: its differences as CSV. */
  onDownloadVerification?: () => void;
  onDownloadErrors?: () => void;
  /** The rows that did not land, one CSV per export file in its own columns, to fix and feed back. */
  onDownloadFailedRows?: () => void;
  errorCount: number;
}

export function ReconcileScreen(props: ReconcileScreenProps): React.ReactElement {
  const s = props.strings;
  const styles = useStyles();
  const report = props.report;
  return (
    <StepScreen title={s.Rec_Title} primary={{ label: report ? s.Rec_Again : s.Rec_Run, onClick: props.onReconcile, disabled: props.busy }}
      busyLabel={props.busy ? s.Rec_Running : undefined}
      actions={<>
        <Checkbox label={s.Rec_Sampled} checked={props.sampled} disabled={props.busy} onChange={(_e, data) => props.onSampled(data.checked === true)} />
        <Button onClick={props.onDownloadAudit}>{s.Rec_DownloadAudit}</Button>
        {report?.verification && props.onDownloadVerification && <Button onClick={props.onDownloadVerification}>{s.Rec_DownloadVerification}</Button>}
        {props.onDownloadErrors && <Button onClick={props.onDownloadErrors}>{format(s.Full_DownloadErrors, props.errorCount)}</Button>}
        {props.onDownloadFailedRows && <Button onClick={props.onDownloadFailedRows}>{s.Rec_DownloadFailedRows}</Button>}
      </>}>
      {props.error && <ErrorBar title={s.Rec_Failed} message={props.error} />}
      {report && (
        <>
          <MessageBar intent={report.ok ? "success" : "error"} role="status">
            <MessageBarBody>
              <MessageBarTitle>{report.ok ? s.Rec_AllGreen : s.Rec_NotGreen}</MessageBarTitle>
              {format(s.Rec_Generated, new Date(report.generatedOn).toLocaleString())}
            </MessageBarBody>
          </MessageBar>

          <Subtitle2 block as="h4" id="dxm-rec-objects">{s.Rec_Objects}</Subtitle2>
          <div className={styles.scroll}>
            <Table size="small" aria-labelledby="dxm-rec-objects">
              <TableHeader><TableRow>
                <TableHeaderCell>{s.Rec_ColObject}</TableHeaderCell><TableHeaderCell>{s.Rec_ColSourceRows}</TableHeaderCell>
                <TableHeaderCell>{s.Rec_ColPlanned}</TableHeaderCell><TableHeaderCell>{s.Rec_ColSkipped}</TableHeaderCell>
              </TableRow></TableHeader>
              <TableBody>
                {report.objects.map((o) => (
                  <TableRow key={o.object}><TableCell>{objectSpec(o.object).label}</TableCell><TableCell>{o.sourceRows.toLocaleString("en-US")}</TableCell>
                    <TableCell>{o.planned.toLocaleString("en-US")}</TableCell><TableCell>{o.skipped.toLocaleString("en-US")}</TableCell></TableRow>
                ))}
              </TableBody>
            </Table>
          </div>

          <Subtitle2 block as="h4" id="dxm-rec-tables">{s.Rec_Tables}</Subtitle2>
          <CountsChart title={s.Rec_ChartTitle} sourceLabel={s.Rec_ChartLedger} targetLabel={s.Rec_ChartTarget}
            bars={report.tables.map((t) => ({ label: t.table, source: t.ledgerCreated + t.ledgerUpdated, target: t.notes?.inTarget ?? t.stampedInTarget ?? t.ledgerCreated + t.ledgerUpdated }))} />
          <div className={styles.scroll}>
            <Table size="small" aria-labelledby="dxm-rec-tables">
              <TableHeader><TableRow>
                <TableHeaderCell>{s.Run_ColTable}</TableHeaderCell><TableHeaderCell>{s.Rec_ColWritten}</TableHeaderCell>
                <TableHeaderCell>{s.Rec_ColLedger}</TableHeaderCell><TableHeaderCell>{s.Rec_ColTarget}</TableHeaderCell><TableHeaderCell>{s.Rec_ColResult}</TableHeaderCell>
              </TableRow></TableHeader>
              <TableBody>
                {report.tables.map((t) => (
                  <TableRow key={t.table}>
                    <TableCell>{t.table}</TableCell>
                    <TableCell>{format(s.Run_CreatedUpdated, t.counters.created, t.counters.updated, t.counters.unchanged)}</TableCell>
                    <TableCell>{(t.ledgerCreated + t.ledgerUpdated).toLocaleString("en-US")}</TableCell>
                    <TableCell>{t.notes ? t.notes.inTarget.toLocaleString("en-US") : t.stampedInTarget === null ? s.Rec_NotStamped : t.stampedInTarget.toLocaleString("en-US")}</TableCell>
                    <TableCell><MatchBadge ok={t.matches} strings={s} /></TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>

          <Subtitle2 block as="h4" id="dxm-rec-money">{s.Rec_Money}</Subtitle2>
          {report.money.length === 0 ? <Caption1>{s.Rec_NoMoney}</Caption1> : (
            <div className={styles.scroll}>
              <Table size="small" aria-labelledby="dxm-rec-money">
                <TableHeader><TableRow>
                  <TableHeaderCell>{s.Rec_ColTotal}</TableHeaderCell><TableHeaderCell>{s.Rec_ColPlannedMoney}</TableHeaderCell>
                  <TableHeaderCell>{s.Rec_ColTargetMoney}</TableHeaderCell><TableHeaderCell>{s.Rec_ColResult}</TableHeaderCell>
                </TableRow></TableHeader>
                <TableBody>
                  {report.money.map((m) => (
                    <TableRow key={`${m.table}.${m.column}`}>
                      <TableCell>{m.label}</TableCell><TableCell>{money(m.planned)}</TableCell><TableCell>{money(m.target)}</TableCell>
                      <TableCell><MatchBadge ok={m.matches} strings={s} /></TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </div>
          )}

          {report.verification ? <Verification strings={s} report={report.verification} /> : (
            <>
              <Subtitle2 block as="h4" id="dxm-rec-diff">{s.Rec_Diff}</Subtitle2>
              <Caption1>{format(s.Rec_DiffSummary, report.sample.records, report.sample.fieldsCompared, report.sample.mismatches.length)}</Caption1>
              {report.sample.mismatches.length > 0 && (
                <div className={styles.scroll}>
                  <Table size="small" aria-labelledby="dxm-rec-diff">
                    <TableHeader><TableRow>
                      <TableHeaderCell>{s.Run_ColTable}</TableHeaderCell><TableHeaderCell>{s.Rec_ColSourceKey}</TableHeaderCell>
                      <TableHeaderCell>{s.Rec_ColColumn}</TableHeaderCell><TableHeaderCell>{s.Rec_ColResult}</TableHeaderCell>
                    </TableRow></TableHeader>
                    <TableBody>
                      {report.sample.mismatches.slice(0, 200).map((m, i) => (
                        <TableRow key={i}><TableCell>{m.table}</TableCell><TableCell>{m.sourceKey}</TableCell><TableCell>{m.column}</TableCell>
                          <TableCell>{m.kind === "missing" ? s.Rec_Missing : s.Rec_Different}</TableCell></TableRow>
                      ))}
                    </TableBody>
                  </Table>
                </div>
              )}
            </>
          )}
        </>
      )}
    </StepScreen>
  );
}

const cell = (value: unknown): string => (value === null || value === undefined ? "" : Array.isArray(value) ? value.map(cell).join("; ") : String(value));

/** Differences shown on the page; the download holds all the report kept. */
const SHOWN = 200;

function kindLabel(d: FieldDifference, s: Strings): string {
  return d.kind === "missing" ? s.Rec_Missing : d.kind === "extra" ? s.Rec_Extra : s.Rec_Different;
}

/** Full verification: the summary per table, then each difference with the value expected and the value found. */
function Verification(props: { strings: Strings; report: VerificationReport }): React.ReactElement {
  const s = props.strings;
  const styles = useStyles();
  const v = props.report;
  const fields = v.tables.reduce((n, t) => n + t.fields, 0);
  return (
    <>
      <Subtitle2 block as="h4" id="dxm-rec-verify">{s.Rec_Verify}</Subtitle2>
      <Caption1>{format(s.Rec_VerifySummary, v.records.toLocaleString("en-US"), fields.toLocaleString("en-US"), v.differenceCount.toLocaleString("en-US"), v.seconds.toFixed(1))}</Caption1>
      <div className={styles.scroll}>
        <Table size="small" aria-label={s.Rec_VerifyTables}>
          <TableHeader><TableRow>
            <TableHeaderCell>{s.Run_ColTable}</TableHeaderCell><TableHeaderCell>{s.Rec_ColRecords}</TableHeaderCell><TableHeaderCell>{s.Rec_ColFields}</TableHeaderCell>
            <TableHeaderCell>{s.Rec_ColDifferences}</TableHeaderCell><TableHeaderCell>{s.Rec_ColMissingRecords}</TableHeaderCell><TableHeaderCell>{s.Rec_ColExtraRecords}</TableHeaderCell>
            <TableHeaderCell>{s.Rec_ColResult}</TableHeaderCell>
          </TableRow></TableHeader>
          <TableBody>
            {v.tables.map((t) => (
              <TableRow key={t.table}>
                <TableCell>{t.table}</TableCell><TableCell>{t.records.toLocaleString("en-US")}</TableCell><TableCell>{t.fields.toLocaleString("en-US")}</TableCell>
                <TableCell>{t.differences.toLocaleString("en-US")}</TableCell><TableCell>{t.missing.toLocaleString("en-US")}</TableCell><TableCell>{t.extra.toLocaleString("en-US")}</TableCell>
                <TableCell><MatchBadge ok={t.differences + t.missing + t.extra === 0} strings={s} /></TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
      {v.differences.length > 0 && (
        <>
          <Caption1 block role="note">{s.Rec_VerifyNote}</Caption1>
          {v.differenceCount > v.differences.length && <Caption1 block>{format(s.Rec_VerifyListed, v.differences.length.toLocaleString("en-US"), v.differenceCount.toLocaleString("en-US"))}</Caption1>}
          <div className={styles.scroll}>
            <Table size="small" aria-label={s.Rec_VerifyDiffs}>
              <TableHeader><TableRow>
                <TableHeaderCell>{s.Run_ColTable}</TableHeaderCell><TableHeaderCell>{s.Rec_ColSourceKey}</TableHeaderCell><TableHeaderCell>{s.Rec_ColColumn}</TableHeaderCell>
                <TableHeaderCell>{s.Rec_ColExpected}</TableHeaderCell><TableHeaderCell>{s.Rec_ColFound}</TableHeaderCell><TableHeaderCell>{s.Rec_ColResult}</TableHeaderCell>
              </TableRow></TableHeader>
              <TableBody>
                {v.differences.slice(0, SHOWN).map((d, i) => (
                  <TableRow key={i}>
                    <TableCell>{d.table}</TableCell><TableCell>{d.sourceKey || d.id}</TableCell><TableCell>{d.column}</TableCell>
                    <TableCell>{cell(d.expected)}</TableCell><TableCell>{cell(d.found)}</TableCell><TableCell>{kindLabel(d, s)}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
        </>
      )}
    </>
  );
}
