import * as React from "react";
import {
  Badge, Button, Caption1, Field, Input, ProgressBar, Subtitle2, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Tooltip, makeStyles, tokens,
} from "@fluentui/react-components";
import type { ControlTotal, ExpectedTotals, Inventory, ReadProgress } from "../../../../migration/source/types";
import { objectSpec } from "../../../../migration/model";
import type { ObjectKind } from "../../../../migration/model/types";
import type { Strings } from "../../strings/keys";
import { format, formatBytes } from "../common/format";
import { ErrorBar } from "../common/Unavailable";
import { filesFromDrop, filesFromInput } from "./collect-files";
import type { PickedFile } from "./collect-files";

const useStyles = makeStyles({
  drop: {
    border: `2px dashed ${tokens.colorNeutralStroke1}`, borderRadius: tokens.borderRadiusMedium, padding: "20px", textAlign: "center",
    display: "flex", flexDirection: "column", gap: "8px", alignItems: "center",
  },
  dropActive: { border: `2px dashed ${tokens.colorBrandStroke1}`, backgroundColor: tokens.colorBrandBackground2 },
  buttons: { display: "flex", gap: "8px", flexWrap: "wrap", justifyContent: "center" },
  hidden: { position: "absolute", width: "1px", height: "1px", overflow: "hidden", clip: "rect(0 0 0 0)" },
  section: { display: "flex", flexDirection: "column", gap: "8px", marginTop: "16px" },
  scroll: { overflowX: "auto" },
  totals: { display: "grid", gridTemplateColumns: "repeat(auto-fill, minmax(220px, 1fr))", gap: "12px" },
  total: { display: "flex", alignItems: "flex-end", gap: "8px" },
  wrap: { overflowWrap: "anywhere" },
});

export interface UploadScreenProps {
  strings: Strings;
  inventory?: Inventory;
  busy: boolean;
  progress?: ReadProgress;
  error?: string;
  inWorker: boolean;
  onFiles(files: PickedFile[]): void;
  expected: ExpectedTotals;
  onExpected(kind: ObjectKind, value: number | undefined): void;
  totals: ControlTotal[];
}

export function UploadScreen(props: UploadScreenProps): React.ReactElement {
  const s = props.strings;
  const styles = useStyles();
  const [dragging, setDragging] = React.useState(false);
  const filesInput = React.useRef<HTMLInputElement>(null);
  const folderInput = React.useRef<HTMLInputElement>(null);
  const folderProps = { webkitdirectory: "", directory: "" } as Record<string, string>;

  const onDrop = (event: React.DragEvent) => {
    event.preventDefault();
    setDragging(false);
    void filesFromDrop(event.dataTransfer).then((files) => files.length > 0 && props.onFiles(files));
  };
  const onInput = (event: React.ChangeEvent<HTMLInputElement>) => {
    const files = filesFromInput(event.target.files);
    event.target.value = "";
    if (files.length > 0) props.onFiles(files);
  };

  const inventory = props.inventory;
  const objects = inventory ? [...new Set(inventory.files.map((f) => f.object).filter((o): o is ObjectKind => o !== null))] : [];
  return (
    <div>
      <div
        className={dragging ? `${styles.drop} ${styles.dropActive}` : styles.drop}
        onDragOver={(e) => { e.preventDefault(); setDragging(true); }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        aria-describedby="dxm-drop-hint"
      >
        <Subtitle2 block as="h3">{s.Upload_Title}</Subtitle2>
        <Caption1 id="dxm-drop-hint">{s.Upload_DropHint}</Caption1>
        <div className={styles.buttons}>
          <Button appearance="primary" disabled={props.busy} onClick={() => filesInput.current?.click()}>{s.Upload_PickFiles}</Button>
          <Button disabled={props.busy} onClick={() => folderInput.current?.click()}>{s.Upload_PickFolder}</Button>
        </div>
        <input ref={filesInput} className={styles.hidden} type="file" multiple accept=".csv,.txt,text/csv,*/*" data-dxm-upload="files" aria-label={s.Upload_PickFiles} tabIndex={-1} onChange={onInput} />
        <input ref={folderInput} className={styles.hidden} type="file" multiple data-dxm-upload="folder" aria-label={s.Upload_PickFolder} tabIndex={-1} onChange={onInput} {...folderProps} />
        <Caption1>{props.inWorker ? s.Upload_InWorker : s.Upload_OnPage}</Caption1>
      </div>

      {props.busy && (
        <Field className={styles.section} label={s.Upload_Reading} validationState="none"
          hint={props.progress ? format(s.Upload_ReadingProgress, props.progress.file, props.progress.fileIndex + 1, props.progress.fileCount, props.progress.rows) : undefined}>
          <ProgressBar value={props.progress && props.progress.bytesTotal > 0 ? props.progress.bytesRead / props.progress.bytesTotal : undefined} />
        </Field>
      )}
      {props.error && <ErrorBar title={s.Upload_ReadFailed} message={props.error} />}

      {inventory && (
        <section className={styles.section} aria-labelledby="dxm-inventory">
          <Subtitle2 block as="h3" id="dxm-inventory">{format(s.Upload_Inventory, inventory.files.length, inventory.attachments.length)}</Subtitle2>
          <div className={styles.scroll}>
            <Table size="small" aria-labelledby="dxm-inventory">
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>{s.Upload_ColFile}</TableHeaderCell>
                  <TableHeaderCell>{s.Upload_ColObject}</TableHeaderCell>
                  <TableHeaderCell>{s.Upload_ColRows}</TableHeaderCell>
                  <TableHeaderCell>{s.Upload_ColEncoding}</TableHeaderCell>
                  <TableHeaderCell>{s.Upload_ColProblems}</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {inventory.files.map((file) => (
                  <TableRow key={file.name}>
                    <TableCell className={styles.wrap}>{file.name} <Caption1>({formatBytes(file.size)})</Caption1></TableCell>
                    <TableCell>{file.object ? objectSpec(file.object).label : s.Upload_Unrecognised}</TableCell>
                    <TableCell>{file.rows.toLocaleString("en-US")}</TableCell>
                    <TableCell>{file.encoding}</TableCell>
                    <TableCell>
                      {file.problems.length === 0 ? (
                        <Badge appearance="tint" color="success">{s.Upload_NoProblems}</Badge>
                      ) : (
                        <Tooltip relationship="description" content={file.problems.map((p) => `${p.line ? `${s.Common_Line} ${p.line}: ` : ""}${p.message}`).slice(0, 8).join("\n")}>
                          <Badge tabIndex={0} appearance="tint" color={file.problems.some((p) => p.severity === "error") ? "danger" : "warning"}>
                            {format(s.Upload_ProblemCount, file.problems.length)}
                          </Badge>
                        </Tooltip>
                      )}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
          {inventory.problems.map((p, i) => <Caption1 key={i}>{p.message}</Caption1>)}

          <Subtitle2 block as="h3" id="dxm-totals">{s.Upload_ControlTotals}</Subtitle2>
          <Caption1>{s.Upload_ControlTotalsHint}</Caption1>
          <div className={styles.totals} role="group" aria-labelledby="dxm-totals">
            {objects.map((kind) => {
              const total = props.totals.find((t) => t.object === kind);
              return (
                <div key={kind} className={styles.total}>
                  <Field label={format(s.Upload_Expected, objectSpec(kind).label)}>
                    <Input type="number" min={0} value={props.expected[kind] === undefined ? "" : String(props.expected[kind])}
                      onChange={(_, data) => props.onExpected(kind, data.value === "" ? undefined : Math.max(0, Number(data.value)))} />
                  </Field>
                  {total && (
                    <Badge appearance="filled" color={total.matches ? "success" : "danger"}>
                      {total.matches ? format(s.Upload_TotalMatches, total.found) : format(s.Upload_TotalGap, total.found, total.found - total.expected)}
                    </Badge>
                  )}
                </div>
              );
            })}
          </div>
        </section>
      )}
    </div>
  );
}
