import type { DataverseClientApi } from "../../../dataverse/types";
import type { ConfirmedMap, LearnedChoice } from "../../../migration/mapping/types";
import { readLearnedChoices } from "../../../migration/ledger/learned-choices";
import type { ControlTotal, Inventory } from "../../../migration/source/types";
import { readRunRecord, runStatusValue } from "../../../migration/ledger/run-record";
import type { RunRecord } from "../../../migration/ledger/run-record";
import { HOST_ENTITY_SET } from "../manifest-constants";
import { serializeMap } from "../../../migration/mapping/serialize";

/**
 * The Migration Run row the form shows. The inventory saved with the map holds file names, counts,
 * encodings and problems only: profiles (with their example values) stay in the browser.
 */
export class RunStore {
  constructor(private readonly client: DataverseClientApi) {}

  read(runId: string): Promise<RunRecord | null> {
    return readRunRecord(this.client, runId);
  }

  /** What admins confirmed before on this org's runs, for the proposal to follow (read from the org, kept nowhere else). */
  learnedChoices(): Promise<LearnedChoice[]> {
    return readLearnedChoices(this.client);
  }

  /** Saves the confirmed map with the inventory and control totals, and moves the run to "Map confirmed". */
  async confirmMap(runId: string, map: ConfirmedMap, inventory: Inventory, controlTotals: ControlTotal[]): Promise<void> {
    await this.client.update(HOST_ENTITY_SET, runId, {
      dxm_confirmedmap: serializeMap(map),
      dxm_timezone: map.timeZone,
      dxm_inventory: JSON.stringify(inventorySummary(inventory)),
      dxm_controltotals: JSON.stringify(controlTotals),
      dxm_status: runStatusValue("Map confirmed"),
    });
  }
}

/** What of the inventory may be stored on the run: no profiles, so no example values of patient data. */
export function inventorySummary(inventory: Inventory): unknown {
  return {
    files: inventory.files.map((f) => ({ name: f.name, size: f.size, object: f.object, rows: f.rows, encoding: f.encoding, problems: f.problems.map((p) => ({ code: p.code, line: p.line, severity: p.severity })) })),
    attachments: inventory.attachments.length,
  };
}
