import * as React from "react";
import {
  Badge, Button, Caption1, Checkbox, Combobox, Field, MessageBar, MessageBarBody, MessageBarTitle, Option, Subtitle2,
  Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, makeStyles,
} from "@fluentui/react-components";
import type { PreflightResult } from "../../../../migration/run/preflight";
import type { Strings } from "../../strings/keys";
import { format } from "../common/format";
import { ErrorBar } from "../common/Unavailable";
import { StepScreen } from "../common/StepScreen";

export type { PreflightResult };

const useStyles = makeStyles({
  scroll: { overflowX: "auto" },
  list: { margin: 0, paddingLeft: "20px" },
  actions: { display: "flex", gap: "8px", flexWrap: "wrap", alignItems: "center" },
});

/** Problems listed on screen; all of them are in the download. */
const SHOWN_ISSUES = 20;

export interface PreflightScreenProps {
  strings: Strings;
  result?: PreflightResult;
  busy: boolean;
  error?: string;
  onCheck(): void;
  fallbackOwnerEmail?: string;
  onFallbackOwner(email: string | undefined): void;
  skipErroredRows: boolean;
  onSkipErroredRows(skip: boolean): void;
  /** Skip the org's custom plug-ins and flows while writing; offered only when the user may (prvBypassCustomBusinessLogic). */
  bypassCustomLogic?: boolean;
  onBypassCustomLogic?(bypass: boolean): void;
  /** Offers the problems with the export rows they concern as a CSV download. */
  onDownloadRows(): void;
}

export function PreflightScreen(props: PreflightScreenProps): React.ReactElement {
  const s = props.strings;
  const styles = useStyles();
  const r = props.result;
  const errors = r?.issues.filter((i) => i.severity === "error").length ?? 0;
  const blocking = r?.preflight.items.filter((i) => i.blocking) ?? [];
  // Rows with errors stop the run unless the admin agrees to leave them out.
  const ready = blocking.length === 0 && (errors === 0 || props.skipErroredRows);
  const shown = r ? [...r.issues].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === "error" ? -1 : 1)).slice(0, SHOWN_ISSUES) : [];
  return (
    <StepScreen title={s.Pre_Title} primary={{ label: r ? s.Pre_CheckAgain : s.Pre_Check, onClick: props.onCheck, disabled: props.busy }}
      busyLabel={props.busy ? s.Pre_Checking : undefined}>
      {props.error && <ErrorBar title={s.Pre_Failed} message={props.error} />}
      {r && (
        <>
          <MessageBar intent={ready ? "success" : "warning"} role="status">
            <MessageBarBody>
              <MessageBarTitle>{ready ? s.Pre_Ready : blocking.length > 0 ? format(s.Pre_Blocking, blocking.length) : format(s.Pre_ErrorsBlock, errors)}</MessageBarTitle>
              {blocking.map((b) => b.message).join(" ")}
            </MessageBarBody>
          </MessageBar>

          <section aria-labelledby="dxm-pre-providers">
            <Subtitle2 block as="h4" id="dxm-pre-providers">{s.Pre_Providers}</Subtitle2>
            <div className={styles.scroll}>
              <Table size="small" aria-labelledby="dxm-pre-providers">
                <TableHeader><TableRow><TableHeaderCell>{s.Pre_ColProvider}</TableHeaderCell><TableHeaderCell>{s.Pre_ColUser}</TableHeaderCell></TableRow></TableHeader>
                <TableBody>
                  {r.providers.map((p) => (
                    <TableRow key={p.providerKey}>
                      <TableCell>{p.providerKey}</TableCell>
                      <TableCell>{p.userEmail ?? <Badge color="warning">{p.reason === "disabled-user" ? s.Pre_DisabledUser : s.Pre_NoUser}</Badge>}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </div>
            <Field label={s.Pre_FallbackOwner} hint={s.Pre_FallbackOwnerHint}>
              <Combobox
                placeholder={s.Pre_FallbackOwnerNone}
                value={props.fallbackOwnerEmail ?? ""}
                selectedOptions={props.fallbackOwnerEmail ? [props.fallbackOwnerEmail] : []}
                onOptionSelect={(_, data) => props.onFallbackOwner(data.optionValue || undefined)}
              >
                <Option value="">{s.Pre_FallbackOwnerNone}</Option>
                {r.users.map((u) => <Option key={u.id} value={u.email}>{u.email}</Option>)}
              </Combobox>
            </Field>
          </section>

          <section aria-labelledby="dxm-pre-org">
            <Subtitle2 block as="h4" id="dxm-pre-org">{s.Pre_Org}</Subtitle2>
            <ul className={styles.list}>
              <li>{format(s.Pre_TableCount, r.preflight.customTables.inOrg, r.preflight.customTables.toAdd, r.preflight.customTables.limit)}</li>
              {!r.unchecked.some((u) => u.startsWith("privileges")) && (
                <li>{r.preflight.missingPrivileges.length === 0 ? s.Pre_PrivilegesOk : format(s.Pre_PrivilegesMissing, r.preflight.missingPrivileges.join(", "))}</li>
              )}
              {r.unchecked.map((u) => <li key={u}>{format(s.Pre_Unchecked, u)}</li>)}
              {r.preflight.mayBypassCustomLogic !== undefined && (
                <li>
                  {r.preflight.mayBypassCustomLogic
                    ? <Checkbox checked={props.bypassCustomLogic ?? false} onChange={(_, d) => props.onBypassCustomLogic?.(Boolean(d.checked))} label={s.Pre_BypassCustomLogic} />
                    : s.Pre_BypassNotAllowed}
                </li>
              )}
              <li>{r.preflight.columnsToCreate.length === 0 ? s.Pre_NoColumns : format(s.Pre_Columns, r.preflight.columnsToCreate.map((c) => `${c.table}.${c.logicalName} (${c.type})`).join(", "))}</li>
              <li>{format(s.Pre_Estimate, r.preflight.requestEstimate.records, r.preflight.requestEstimate.total, r.preflight.requestEstimate.writes, r.preflight.requestEstimate.reads, r.preflight.requestEstimate.ledger, r.preflight.requestEstimate.dailyEntitlement)}</li>
              {r.plan.oversizeAttachments.length > 0 && <li>{format(s.Pre_Oversize, r.plan.oversizeAttachments.length)}</li>}
              {r.preflight.items.filter((i) => !i.blocking).map((i, n) => <li key={n}>{i.message}</li>)}
            </ul>
          </section>

          <section aria-labelledby="dxm-pre-issues">
            <Subtitle2 block as="h4" id="dxm-pre-issues">{s.Pre_Issues}</Subtitle2>
            <Caption1>{format(s.Pre_IssueCount, errors, r.issues.length - errors)}</Caption1>
            {r.issues.length > 0 && (
              <>
                <div className={styles.scroll}>
                  <Table size="small" aria-labelledby="dxm-pre-issues">
                    <TableHeader><TableRow>
                      <TableHeaderCell style={{ width: "90px" }}>{s.Pre_ColSeverity}</TableHeaderCell><TableHeaderCell style={{ width: "22%" }}>{s.Upload_ColFile}</TableHeaderCell>
                      <TableHeaderCell style={{ width: "60px" }}>{s.Common_Line}</TableHeaderCell><TableHeaderCell>{s.Pre_ColReason}</TableHeaderCell>
                    </TableRow></TableHeader>
                    <TableBody>
                      {shown.map((i, n) => (
                        <TableRow key={n}>
                          <TableCell><Badge color={i.severity === "error" ? "danger" : "warning"}>{i.severity === "error" ? s.Pre_Error : s.Pre_Warning}</Badge></TableCell>
                          <TableCell>{i.file}</TableCell><TableCell>{i.line ?? ""}</TableCell><TableCell>{i.reason}</TableCell>
                        </TableRow>
                      ))}
                    </TableBody>
                  </Table>
                </div>
                {r.issues.length > shown.length && <Caption1>{format(s.Pre_MoreIssues, r.issues.length - shown.length)}</Caption1>}
                <div className={styles.actions}>
                  <Button onClick={props.onDownloadRows}>{format(s.Pre_DownloadIssues, r.issues.length)}</Button>
                  {errors > 0 && <Checkbox checked={props.skipErroredRows} onChange={(_, d) => props.onSkipErroredRows(Boolean(d.checked))} label={format(s.Pre_SkipErrored, errors)} />}
                </div>
              </>
            )}
          </section>
        </>
      )}
    </StepScreen>
  );
}
