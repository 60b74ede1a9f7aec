import { choicesFor, proposeMapping, proposeValueMap } from "../../../migration/mapping";
import { unmappedList } from "../../../migration/mapping/value-maps";
import { appointmentStatusOptions, claimStatusOptions, planStatusOptions, specialtyOptions, subscriberRelationshipOptions } from "../../../solution/model";
import { fileOf, inventory, series } from "../../fixtures/mapping/files";

const option = (options: { value: number; label: string }[], label: string): number => {
  const found = options.find((o) => o.label === label);
  if (!found) throw new Error(label);
  return found.value;
};
const counts = (...values: string[]) => values.map((value, i) => ({ value, count: 10 + i }));

describe("value maps onto option sets", () => {
  it("maps NS, no show and No-Show onto the No-Show option of the appointment status", () => {
    const choices = choicesFor("dxm_appointment.dxm_status");
    expect(choices).toBeDefined();
    const map = proposeValueMap(counts("NS", "no show", "No-Show", "CX", "Comp", "Sched"), choices ?? []);
    const noShow = option(appointmentStatusOptions, "No-Show");
    expect(map.valueMap).toEqual({
      NS: noShow, "no show": noShow, "No-Show": noShow,
      CX: option(appointmentStatusOptions, "Cancelled"), Comp: option(appointmentStatusOptions, "Completed"), Sched: option(appointmentStatusOptions, "Scheduled"),
    });
    expect(map.unmapped).toEqual({ distinct: 0, rows: 0, values: [] });
    expect(map.evidence).toContain('"NS", "no show", "No-Show" → No-Show');
  });

  it("counts values that match no option and does not guess", () => {
    const map = proposeValueMap(counts("Paid", "Zorg", "PD"), choicesFor("dxm_billingrecord.dxm_claimstatus") ?? []);
    expect(map.valueMap).toEqual({ Paid: option(claimStatusOptions, "Paid"), PD: option(claimStatusOptions, "Paid") });
    expect(map.unmapped).toEqual({ distinct: 1, rows: 11, values: ["Zorg"] });
    expect(map.evidence).toMatch(/1 distinct value\(s\) in 11 row\(s\) match no option/);
    // Named as left empty, never guessed onto an option.
    expect(map.evidence).toMatch(/match no option and are left empty: "Zorg"$/);
    expect(map.valueMap).not.toHaveProperty("Zorg");
    expect(unmappedList(["U", "A very long free text value"])).toBe('"U", 1 other value(s)');
  });

  it("maps plan status, subscriber relationship, specialty, gender, task status and yes/no flags", () => {
    const plan = proposeValueMap(counts("presented", "ACC", "declined"), choicesFor("dxm_treatmentplan.dxm_planstatus") ?? []).valueMap;
    expect(plan).toEqual({ presented: option(planStatusOptions, "Proposed"), ACC: option(planStatusOptions, "Accepted"), declined: option(planStatusOptions, "Declined") });
    const rel = proposeValueMap(counts("S", "SP", "Dependent", "O"), choicesFor("contact.dxm_subscriberrelationship") ?? []).valueMap;
    expect(rel).toEqual({
      S: option(subscriberRelationshipOptions, "Self"), SP: option(subscriberRelationshipOptions, "Spouse"),
      Dependent: option(subscriberRelationshipOptions, "Child"), O: option(subscriberRelationshipOptions, "Other"),
    });
    const spec = proposeValueMap(counts("Ortho", "Perio", "Pedo"), choicesFor("contact.dxm_specialty") ?? []).valueMap;
    expect(spec).toEqual({ Ortho: option(specialtyOptions, "Orthodontics"), Perio: option(specialtyOptions, "Periodontics"), Pedo: option(specialtyOptions, "Pediatric dentistry") });
    expect(proposeValueMap(counts("M", "female"), choicesFor("contact.gendercode") ?? []).valueMap).toEqual({ M: 1, female: 2 });
    expect(proposeValueMap(counts("Open", "Done", "Cancelled"), choicesFor("task.statecode") ?? []).valueMap).toEqual({ Open: 0, Done: 1, Cancelled: 2 });
    expect(proposeValueMap(counts("Y", "N"), choicesFor("contact.dxm_druginteractionflag") ?? []).valueMap).toEqual({ Y: true, N: false });
  });

  it("reads a near spelling of an option label (Cancelld)", () => {
    expect(proposeValueMap(counts("Cancelld"), choicesFor("dxm_appointment.dxm_status") ?? []).valueMap).toEqual({ Cancelld: option(appointmentStatusOptions, "Cancelled") });
  });

  it("has no choices for text, lookup and custom targets", () => {
    expect(choicesFor("contact.firstname")).toBeUndefined();
    expect(choicesFor("lookup:contact")).toBeUndefined();
    expect(choicesFor("custom:contact.dxm_x")).toBeUndefined();
    expect(choicesFor(null)).toBeUndefined();
  });

  it("puts the value map on the proposed column and flags unmapped values", () => {
    const file = fileOf("appointments.csv", {
      "Appointment ID": series(40, (i) => String(i + 1)),
      "Patient ID": series(40, (i) => String(100 + (i % 9))),
      "Appointment Date": series(40, (i) => `2024-01-${String((i % 28) + 1).padStart(2, "0")}`),
      "Appt Status": series(40, (i) => ["NS", "Completed", "booked", "Rescheduled"][i % 4]),
    });
    const status = proposeMapping(inventory(file)).files[0].columns.find((c) => c.source === "Appt Status");
    expect(status?.field).toBe("status");
    expect(status?.valueMap).toEqual({ NS: option(appointmentStatusOptions, "No-Show"), Completed: option(appointmentStatusOptions, "Completed"), booked: option(appointmentStatusOptions, "Scheduled") });
    expect(status?.flags).toEqual(['unmapped values: 1 distinct in 10 rows ("Rescheduled"), left empty']);
  });
});
