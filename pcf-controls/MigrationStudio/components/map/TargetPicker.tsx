import * as React from "react";
import { Combobox, Option } from "@fluentui/react-components";
import type { TargetChoice } from "./draft";

/** A searchable target picker: typing filters the object's fields by header or target column. */
export function TargetPicker(props: { label: string; choices: TargetChoice[]; selectedKey: string; onSelect(choice: TargetChoice): void }): React.ReactElement {
  const selected = props.choices.find((c) => c.key === props.selectedKey);
  const [query, setQuery] = React.useState<string | null>(null);
  const needle = (query ?? "").trim().toLowerCase();
  const shown = needle ? props.choices.filter((c) => c.label.toLowerCase().includes(needle)) : props.choices;
  return (
    <Combobox
      aria-label={props.label}
      size="small"
      style={{ minWidth: 0, width: "100%" }}
      value={query ?? selected?.label ?? ""}
      selectedOptions={selected ? [selected.key] : []}
      onChange={(event) => setQuery(event.target.value)}
      onOpenChange={(_, data) => !data.open && setQuery(null)}
      onOptionSelect={(_, data) => {
        const choice = props.choices.find((c) => c.key === data.optionValue);
        setQuery(null);
        if (choice) props.onSelect(choice);
      }}
    >
      {shown.map((choice) => (
        <Option key={choice.key} value={choice.key} text={choice.label}>{choice.label}</Option>
      ))}
    </Combobox>
  );
}
