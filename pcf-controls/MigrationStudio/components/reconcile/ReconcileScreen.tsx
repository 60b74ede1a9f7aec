import * as React from "react";
import { Badge, Button, Caption1, Checkbox, MessageBar, MessageBarBody, MessageBarTitle, Subtitle2 } from "@fluentui/react-components";
import type { FieldDifference, ReconcileReport, VerificationReport } from "../../../../migration/reconcile/types";
import { objectSpec } from "../../../../migration/model";
import type { Strings } from "../../strings/keys";
import { format } from "../common/format";
import { ErrorBar } from "../common/Unavailable";
import { SimpleTable } from "../common/SimpleTable";
import { StepScreen } from "../common/StepScreen";
import { CountsChart } from "./CountsChart";

const money = (n: number) => n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const count = (n: number) => n.toLocaleString("en-US");

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
          <SimpleTable labelledBy="dxm-rec-objects" headers={[s.Rec_ColObject, s.Rec_ColSourceRows, s.Rec_ColPlanned, s.Rec_ColSkipped]}
            rows={report.objects} rowKey={(o) => o.object}
            cells={(o) => [objectSpec(o.object).label, count(o.sourceRows), count(o.planned), count(o.skipped)]} />

          <Subtitle2 block as="h4" id="dxm-rec-tables">{s.Rec_Tables}</Subtitle2>
          <CountsChart title={s.Rec_ChartTitle} sourceLabel={s.Rec_ChartLedger} targetLabel={s.Rec_ChartTarget}
            bars={report.tables.map((t) => ({ label: t.table, source: t.ledgerCreated + t.ledgerUpdated, target: t.notes?.inTarget ?? t.stampedInTarget ?? t.ledgerCreated + t.ledgerUpdated }))} />
          <SimpleTable labelledBy="dxm-rec-tables" headers={[s.Run_ColTable, s.Rec_ColWritten, s.Rec_ColLedger, s.Rec_ColTarget, s.Rec_ColResult]}
            rows={report.tables} rowKey={(t) => t.table}
            cells={(t) => [
              t.table,
              format(s.Run_CreatedUpdated, t.counters.created, t.counters.updated, t.counters.unchanged),
              count(t.ledgerCreated + t.ledgerUpdated),
              t.notes ? count(t.notes.inTarget) : t.stampedInTarget === null ? s.Rec_NotStamped : count(t.stampedInTarget),
              <MatchBadge key="result" ok={t.matches} strings={s} />,
            ]} />

          <Subtitle2 block as="h4" id="dxm-rec-money">{s.Rec_Money}</Subtitle2>
          {report.money.length === 0 ? <Caption1>{s.Rec_NoMoney}</Caption1> : (
            <SimpleTable labelledBy="dxm-rec-money" headers={[s.Rec_ColTotal, s.Rec_ColPlannedMoney, s.Rec_ColTargetMoney, s.Rec_ColResult]}
              rows={report.money} rowKey={(m) => `${m.table}.${m.column}`}
              cells={(m) => [m.label, money(m.planned), money(m.target), <MatchBadge key="result" ok={m.matches} strings={s} />]} />
          )}

          {report.verification ? <Verification strings={s} report={report.verification} /> : (
            <>
              <Subtitle2 block as="h4" id="dxm-rec-diff">{s.Rec_Diff}</Subtitle2>
              <Caption1>{format(s.Rec_DiffSummary, report.sample.records, report.sample.fieldsCompared, report.sample.mismatches.length)}</Caption1>
              {report.sample.mismatches.length > 0 && (
                <SimpleTable labelledBy="dxm-rec-diff" headers={[s.Run_ColTable, s.Rec_ColSourceKey, s.Rec_ColColumn, s.Rec_ColResult]}
                  rows={report.sample.mismatches.slice(0, SHOWN)} rowKey={(_m, i) => i}
                  cells={(m) => [m.table, m.sourceKey, m.column, m.kind === "missing" ? s.Rec_Missing : s.Rec_Different]} />
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
  const v = props.report;
  const fields = v.tables.reduce((n, t) => n + t.fields, 0);
  return (
    <>
      <Subtitle2 block as="h4" id="dxm-rec-verify">{s.Rec_Verify}</Subtitle2>
      <Caption1>{format(s.Rec_VerifySummary, v.records.toLocaleString("en-US"), fields.toLocaleString("en-US"), v.differenceCount.toLocaleString("en-US"), v.seconds.toFixed(1))}</Caption1>
      <SimpleTable label={s.Rec_VerifyTables}
        headers={[s.Run_ColTable, s.Rec_ColRecords, s.Rec_ColFields, s.Rec_ColDifferences, s.Rec_ColMissingRecords, s.Rec_ColExtraRecords, s.Rec_ColResult]}
        rows={v.tables} rowKey={(t) => t.table}
        cells={(t) => [t.table, count(t.records), count(t.fields), count(t.differences), count(t.missing), count(t.extra),
          <MatchBadge key="result" ok={t.differences + t.missing + t.extra === 0} strings={s} />]} />
      {v.differences.length > 0 && (
        <>
          <Caption1 block role="note">{s.Rec_VerifyNote}</Caption1>
          {v.differenceCount > v.differences.length && <Caption1 block>{format(s.Rec_VerifyListed, v.differences.length.toLocaleString("en-US"), v.differenceCount.toLocaleString("en-US"))}</Caption1>}
          <SimpleTable label={s.Rec_VerifyDiffs} headers={[s.Run_ColTable, s.Rec_ColSourceKey, s.Rec_ColColumn, s.Rec_ColExpected, s.Rec_ColFound, s.Rec_ColResult]}
            rows={v.differences.slice(0, SHOWN)} rowKey={(_d, i) => i}
            cells={(d) => [d.table, d.sourceKey || d.id, d.column, cell(d.expected), cell(d.found), kindLabel(d, s)]} />
        </>
      )}
    </>
  );
}
