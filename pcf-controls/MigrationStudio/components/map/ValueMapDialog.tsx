import * as React from "react";
import {
  Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, DialogTrigger, Dropdown, Option,
  Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow,
} from "@fluentui/react-components";
import type { ValueChoice } from "../../../../migration/mapping/value-maps";
import type { Strings } from "../../strings/keys";
import { format } from "../common/format";

export type ValueMap = Record<string, number | boolean>;

/** Edits how each distinct source value lands on the target's options (option sets and yes/no columns). */
export function ValueMapDialog(props: {
  strings: Strings;
  column: string;
  values: { value: string; count: number }[];
  choices: ValueChoice[];
  valueMap: ValueMap;
  onSave(valueMap: ValueMap): void;
}): React.ReactElement {
  const s = props.strings;
  const [draft, setDraft] = React.useState<ValueMap>(props.valueMap);
  const unmapped = props.values.filter((v) => draft[v.value] === undefined).length;
  return (
    <Dialog onOpenChange={(_, data) => data.open && setDraft(props.valueMap)}>
      <DialogTrigger disableButtonEnhancement>
        <Button size="small" appearance="subtle">{format(s.Map_ValueMapButton, Object.keys(props.valueMap).length, props.values.length)}</Button>
      </DialogTrigger>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>{format(s.Map_ValueMapTitle, props.column)}</DialogTitle>
          <DialogContent>
            <p>{unmapped === 0 ? s.Map_ValueMapAllMapped : format(s.Map_ValueMapUnmapped, unmapped)}</p>
            <Table size="small">
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>{s.Map_ValueMapSource}</TableHeaderCell>
                  <TableHeaderCell>{s.Map_ValueMapTarget}</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {props.values.map((v) => {
                  const current = props.choices.find((c) => c.value === draft[v.value]);
                  return (
                    <TableRow key={v.value}>
                      <TableCell>{format(s.Map_ValueWithCount, v.value === "" ? s.Map_Empty : v.value, v.count)}</TableCell>
                      <TableCell>
                        <Dropdown
                          size="small"
                          aria-label={format(s.Map_ValueMapFor, v.value)}
                          placeholder={s.Map_ValueMapLeaveEmpty}
                          value={current?.label ?? ""}
                          selectedOptions={current ? [String(current.value)] : []}
                          onOptionSelect={(_, data) => {
                            const choice = props.choices.find((c) => String(c.value) === data.optionValue);
                            setDraft((d) => {
                              const next = { ...d };
                              if (choice) next[v.value] = choice.value;
                              else delete next[v.value];
                              return next;
                            });
                          }}
                        >
                          <Option value="">{s.Map_ValueMapLeaveEmpty}</Option>
                          {props.choices.map((c) => <Option key={String(c.value)} value={String(c.value)}>{c.label}</Option>)}
                        </Dropdown>
                      </TableCell>
                    </TableRow>
                  );
                })}
              </TableBody>
            </Table>
          </DialogContent>
          <DialogActions>
            <DialogTrigger disableButtonEnhancement><Button appearance="secondary">{s.Common_Cancel}</Button></DialogTrigger>
            <DialogTrigger disableButtonEnhancement><Button appearance="primary" onClick={() => props.onSave(draft)}>{s.Common_Save}</Button></DialogTrigger>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
