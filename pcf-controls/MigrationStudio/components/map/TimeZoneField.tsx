import * as React from "react";
import { Button, Combobox, Field, Option } from "@fluentui/react-components";
import { isValidTimeZone } from "../../../../migration/time";
import type { Strings } from "../../strings/keys";
import { format } from "../common/format";

export interface TimeZoneFieldProps {
  strings: Strings;
  /** The chosen practice zone; undefined until the admin chooses one. */
  value: string | undefined;
  onChange(zone: string): void;
  /** This browser's zone, offered as a one-click choice (never taken without asking). */
  browserZone: string;
}

/** Most options the list renders at once: typing narrows the ~400 IANA zones. */
const SHOWN = 60;

/** The IANA zones this browser knows (Intl.supportedValuesOf is ES2022; older engines get the typed name checked). */
function knownZones(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (key: string) => string[] };
  return intl.supportedValuesOf?.("timeZone") ?? [];
}

/**
 * The practice's time zone, asked of the admin: Dental-Exec writes local times with no zone, and the admin's
 * browser may be anywhere (a consultant's laptop, a head office), so its zone is offered, never assumed.
 */
export function TimeZoneField(props: TimeZoneFieldProps): React.ReactElement {
  const s = props.strings;
  const zones = React.useMemo(knownZones, []);
  const [query, setQuery] = React.useState(props.value ?? "");
  React.useEffect(() => setQuery(props.value ?? ""), [props.value]);
  const typed = query.trim();
  const matches = zones.filter((z) => z.toLowerCase().includes(typed.toLowerCase().replace(/\s+/g, "_"))).slice(0, SHOWN);
  const commitTyped = () => {
    if (typed && typed !== props.value && isValidTimeZone(typed)) props.onChange(typed);
  };
  const invalid = typed !== "" && typed !== props.value && !isValidTimeZone(typed);
  return (
    <Field
      label={s.Map_TimeZone}
      required
      hint={props.value ? format(s.Map_TimeZoneChosen, props.value) : s.Map_TimeZoneHint}
      validationState={invalid ? "error" : undefined}
      validationMessage={invalid ? format(s.Map_TimeZoneUnknown, typed) : undefined}
    >
      <div style={{ display: "flex", gap: "8px", alignItems: "center", flexWrap: "wrap" }}>
        <Combobox
          freeform
          style={{ minWidth: "320px" }}
          placeholder={s.Map_TimeZonePlaceholder}
          value={query}
          selectedOptions={props.value ? [props.value] : []}
          onChange={(e) => setQuery((e.target as HTMLInputElement).value)}
          onBlur={commitTyped}
          onOptionSelect={(_, data) => {
            if (data.optionValue) props.onChange(data.optionValue);
          }}
        >
          {matches.map((z) => <Option key={z} value={z}>{z}</Option>)}
        </Combobox>
        {props.value !== props.browserZone && (
          <Button appearance="secondary" onClick={() => props.onChange(props.browserZone)}>{format(s.Map_TimeZoneUseBrowser, props.browserZone)}</Button>
        )}
      </div>
    </Field>
  );
}
