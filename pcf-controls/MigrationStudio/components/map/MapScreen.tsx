import * as React from "react";
import {
  Badge, Button, Caption1, Checkbox, Dropdown, Field, Option, Radio, RadioGroup, Subtitle2, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Tooltip,
  makeStyles,
} from "@fluentui/react-components";
import type { ColumnProposal, FileProposal, Proposal } from "../../../../migration/mapping/types";
import type { DateOrder } from "../../../../migration/time";
import { choicesFor } from "../../../../migration/mapping/value-maps";
import type { Inventory } from "../../../../migration/source/types";
import { objectSpec } from "../../../../migration/model";
import type { Strings } from "../../strings/keys";
import { format, percent } from "../common/format";
import { ErrorBar } from "../common/Unavailable";
import { applyChoice, choiceKey, setDateOrder, targetChoices, undecidedDateOrders, updateColumn } from "./draft";
import type { DraftMap } from "./draft";
import { TargetPicker } from "./TargetPicker";
import { ValueMapDialog } from "./ValueMapDialog";
import { TimeZoneField } from "./TimeZoneField";
import { lowConfidenceFirst } from "./order";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", gap: "12px" },
  scroll: { overflowX: "auto" },
  examples: { maxWidth: "220px", overflow: "hidden", textOverflow: "ellipsis", whiteSpace: "nowrap", display: "block" },
  actions: { display: "flex", gap: "8px", alignItems: "center", flexWrap: "wrap" },
  list: { margin: 0, paddingLeft: "20px" },
});

export interface MapScreenProps {
  strings: Strings;
  inventory: Inventory;
  proposal: Proposal;
  draft: DraftMap;
  onDraft(draft: DraftMap): void;
  /** Set when the run already holds a confirmed map. */
  confirmedAt?: string;
  saving: boolean;
  error?: string;
  onConfirm(): void;
  narrow: boolean;
  /** The practice's time zone (asked: the export has none); undefined until chosen. */
  timeZone: string | undefined;
  onTimeZone(zone: string): void;
  browserZone: string;
  /** Why the org's earlier confirmed choices could not be read (the proposal goes without them), if so. */
  learnError?: string;
}

interface DateOrderProps {
  strings: Strings;
  file: string;
  proposed: FileProposal | undefined;
  order: DateOrder | null | undefined;
  onChoose(order: DateOrder): void;
}

/**
 * A file's date order: the one its values show, with the evidence, or a required choice when they show none
 * (or contradict each other). Once asked, the choice stays open to change; a found order is only shown.
 */
export function DateOrderChoice(props: DateOrderProps): React.ReactElement {
  const s = props.strings;
  const label = (o: DateOrder) => (o === "DMY" ? s.Map_DateOrderDmy : s.Map_DateOrderMdy);
  const found = props.proposed?.dateOrder;
  if (found && props.order === found) return <Caption1 block>{format(s.Map_DateOrderFound, label(found), props.proposed!.dateOrderEvidence)}</Caption1>;
  const undecided = props.order !== "DMY" && props.order !== "MDY";
  return (
    <Field
      label={format(s.Map_DateOrder, props.file)}
      required
      validationState={undecided ? "error" : "success"}
      validationMessage={undecided ? format(s.Map_DateOrderNeeded, props.proposed?.dateOrderEvidence ?? "") : format(s.Map_DateOrderChosen, label(props.order as DateOrder))}
    >
      <RadioGroup layout="horizontal" value={undecided ? "" : (props.order as string)} onChange={(_, d) => props.onChoose(d.value as DateOrder)}>
        <Radio value="DMY" label={s.Map_DateOrderDmy} />
        <Radio value="MDY" label={s.Map_DateOrderMdy} />
      </RadioGroup>
    </Field>
  );
}

function confidenceBadge(s: Strings, c: ColumnProposal | undefined): { color: "success" | "warning" | "danger" | "informative"; text: string } {
  // An admin's earlier choice in this org says so, whatever it is (do-not-migrate included); the tooltip says when and instead of what.
  if (c?.learned) return { color: c.confidence >= 0.85 ? "success" : "warning", text: format(s.Map_ConfidenceLearned, c.learned.confirmedAt.slice(0, 10)) };
  if (!c || (c.target === null && c.field === null)) return { color: "informative", text: s.Map_ConfidenceNone };
  if (c.confidence >= 0.85) return { color: "success", text: format(s.Map_ConfidenceHigh, percent(c.confidence)) };
  if (c.confidence >= 0.6) return { color: "warning", text: format(s.Map_ConfidenceMedium, percent(c.confidence)) };
  return { color: "danger", text: format(s.Map_ConfidenceLow, percent(c.confidence)) };
}

export function MapScreen(props: MapScreenProps): React.ReactElement {
  const s = props.strings;
  const styles = useStyles();
  const [fileName, setFileName] = React.useState(props.draft[0]?.file ?? "");
  const file = props.draft.find((f) => f.file === fileName) ?? props.draft[0];
  const fileProposal = props.proposal.files.find((f) => f.file === file?.file);
  const fileInfo = props.inventory.files.find((f) => f.name === file?.file);
  const customs = props.draft.flatMap((f) => f.columns.filter((c) => c.custom).map((c) => ({ file: f.file, column: c })));
  const undecided = undecidedDateOrders(props.draft);
  const learnedHere = fileProposal?.columns.filter((c) => c.learned).length ?? 0;

  if (!file) return <ErrorBar title={s.Map_NothingToMap} message={s.Map_NothingToMapHint} />;
  return (
    <div className={styles.root}>
      <Field label={s.Map_File}>
        <Dropdown value={`${file.file} (${objectSpec(file.object).label})`} selectedOptions={[file.file]} onOptionSelect={(_, d) => d.optionValue && setFileName(d.optionValue)}>
          {props.draft.map((f) => <Option key={f.file} value={f.file} text={`${f.file} (${objectSpec(f.object).label})`}>{`${f.file} (${objectSpec(f.object).label})`}</Option>)}
        </Dropdown>
      </Field>
      {fileProposal && <Caption1>{format(s.Map_FileEvidence, objectSpec(file.object).label, percent(fileProposal.confidence), fileProposal.evidence)}</Caption1>}
      {props.learnError && <Caption1 block>{format(s.Map_LearnedUnavailable, props.learnError)}</Caption1>}
      {learnedHere > 0 && <Caption1 block>{format(s.Map_LearnedSummary, learnedHere)}</Caption1>}
      <DateOrderChoice strings={s} file={file.file} proposed={fileProposal} order={file.dateOrder} onChoose={(order) => props.onDraft(setDateOrder(props.draft, file.file, order))} />

      <div className={styles.scroll}>
        <Table size="small" aria-label={format(s.Map_GridLabel, file.file)} style={{ minWidth: props.narrow ? "560px" : undefined }}>
          <TableHeader>
            <TableRow>
              <TableHeaderCell>{s.Map_ColSource}</TableHeaderCell>
              <TableHeaderCell>{s.Map_ColExamples}</TableHeaderCell>
              <TableHeaderCell style={{ width: "40%" }}>{s.Map_ColTarget}</TableHeaderCell>
              <TableHeaderCell>{s.Map_ColConfidence}</TableHeaderCell>
              <TableHeaderCell>{s.Map_ColValues}</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {lowConfidenceFirst(file.columns, fileProposal).map((column) => {
              const proposed = fileProposal?.columns.find((c) => c.source === column.source);
              const profile = fileInfo?.profiles.find((p) => p.name === column.source);
              const badge = confidenceBadge(s, proposed);
              const choices = choicesFor(column.target);
              const edited = proposed && (proposed.target !== column.target || proposed.field !== column.field);
              return (
                <TableRow key={column.source}>
                  <TableCell>{column.source}</TableCell>
                  {/* Examples come from the profile, in memory only: shown here, never logged or saved. */}
                  <TableCell><span className={styles.examples} title={profile?.examples.join(" · ")}>{profile?.examples.slice(0, 3).join(" · ") ?? ""}</span></TableCell>
                  <TableCell>
                    <TargetPicker
                      label={format(s.Map_TargetFor, column.source)}
                      choices={targetChoices(file.object, proposed, { doNotMigrate: s.Map_DoNotMigrate, engineField: s.Map_EngineField })}
                      selectedKey={choiceKey(column)}
                      onSelect={(choice) => props.onDraft(updateColumn(props.draft, file.file, column.source, (c) => applyChoice(c, choice)))}
                    />
                  </TableCell>
                  <TableCell>
                    <Tooltip relationship="description" content={[proposed?.evidence ?? s.Map_NoEvidence, ...(proposed?.flags ?? [])].join(" — ")}>
                      <Badge tabIndex={0} appearance="tint" color={edited ? "brand" : badge.color}>{edited ? s.Map_EditedByYou : badge.text}</Badge>
                    </Tooltip>
                  </TableCell>
                  <TableCell>
                    {choices && profile ? (
                      <ValueMapDialog
                        strings={s}
                        column={column.source}
                        values={profile.topValues}
                        choices={choices}
                        valueMap={column.valueMap ?? {}}
                        onSave={(valueMap) => props.onDraft(updateColumn(props.draft, file.file, column.source, (c) => ({ ...c, valueMap })))}
                      />
                    ) : null}
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      </div>

      <section aria-labelledby="dxm-custom">
        <Subtitle2 block as="h3" id="dxm-custom">{s.Map_CustomColumns}</Subtitle2>
        {customs.length === 0 ? <Caption1 block>{s.Map_NoCustomColumns}</Caption1> : (
          <ul className={styles.list}>
            {customs.map(({ file: f, column }) => (
              <li key={`${f}:${column.source}`}>
                <Checkbox
                  checked={column.target?.startsWith("custom:") ?? false}
                  label={format(s.Map_CustomAccept, column.custom!.displayName, column.custom!.table, column.custom!.logicalName, column.custom!.type, f, column.source)}
                  onChange={(_, data) => props.onDraft(updateColumn(props.draft, f, column.source, (c) => ({
                    ...c, field: null, target: data.checked ? `custom:${c.custom!.table}.${c.custom!.logicalName}` : null,
                  })))}
                />
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="dxm-relationships">
        <Subtitle2 block as="h3" id="dxm-relationships">{s.Map_Relationships}</Subtitle2>
        {props.proposal.relationships.length === 0 ? <Caption1 block>{s.Map_NoRelationships}</Caption1> : (
          <ul className={styles.list}>
            {props.proposal.relationships.map((r, i) => (
              <li key={i}><Caption1>{format(s.Map_Relationship, `${r.from.file} · ${r.from.column}`, `${r.to.file} · ${r.to.column}`, percent(r.containment))}</Caption1></li>
            ))}
          </ul>
        )}
        {props.proposal.warnings.map((w, i) => <Caption1 key={i} block>{w}</Caption1>)}
      </section>

      <TimeZoneField strings={s} value={props.timeZone} onChange={props.onTimeZone} browserZone={props.browserZone} />
      {props.error && <ErrorBar title={s.Map_SaveFailed} message={props.error} />}
      <div className={styles.actions}>
        <Button appearance="primary" disabled={props.saving || !props.timeZone || undecided.length > 0} title={props.timeZone ? undefined : s.Map_TimeZoneRequired} onClick={props.onConfirm}>{props.saving ? s.Map_Saving : s.Map_Confirm}</Button>
        {undecided.length > 0
          ? <Caption1 role="status">{format(s.Map_DateOrderBlocking, undecided.join(", "))}</Caption1>
          : <Caption1>{props.confirmedAt ? format(s.Map_ConfirmedAt, new Date(props.confirmedAt).toLocaleString()) : s.Map_ConfirmHint}</Caption1>}
      </div>
    </div>
  );
}
