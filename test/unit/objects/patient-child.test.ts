/**
 * The columns every patient child writes the same way (patient-child.ts): one test per object that uses the
 * shared piece, so an object that stops writing one of them, or writes it differently, fails here.
 */
import { planAppointment } from "../../../migration/objects/appointment";
import { planBilling } from "../../../migration/objects/billing";
import { planProcedure } from "../../../migration/objects/procedure";
import { planTreatmentPlan } from "../../../migration/objects/treatment-plan";
import { mappedRow, objectContext } from "../plan/fixtures";

const ctx = objectContext();
// 03/04/2021 in America/New_York (the fixture's zone), local midnight: 05:00 UTC.
const CREATED = "2021-03-04T05:00:00Z";

const shared = (key: string, provider: "matched" | "unmatched" | "none") => ({
  overriddencreatedon: CREATED,
  dxm_sourcecreatedon: CREATED,
  "dxm_patientid@odata.bind": "/contacts(dxm_sourcekey='patient:10482')",
  ...(provider === "matched" ? { "dxm_providerid@odata.bind": "/systemusers(u-7)", "ownerid@odata.bind": "/systemusers(u-7)" } : {}),
  ...(provider === "unmatched" ? { "ownerid@odata.bind": "/systemusers(u-fallback)" } : {}),
  dxm_sourcekey: key,
});

const pick = (payload: Record<string, unknown>, keys: string[]) => Object.fromEntries(keys.filter((k) => k in payload).map((k) => [k, payload[k]]));
const SHARED_KEYS = ["overriddencreatedon", "dxm_sourcecreatedon", "dxm_patientid@odata.bind", "dxm_providerid@odata.bind", "ownerid@odata.bind", "dxm_sourcekey"];

describe("patient children share created on, patient, provider, owner and source key", () => {
  it("a procedure with a matched provider", () => {
    const r = planProcedure(mappedRow("procedure", { procedureId: "55", patientId: "10482", providerId: "7", datePerformed: "03/04/2021", code: "D0120", createdDate: "03/04/2021" }), ctx);
    expect(pick(r.payload, SHARED_KEYS)).toEqual(shared("procedure:55", "matched"));
    expect([r.object, r.table, r.sourceKey]).toEqual(["procedure", "dxm_treatmenthistory", "procedure:55"]);
  });

  it("a treatment plan whose provider has no user: no provider lookup, the fallback owner", () => {
    const r = planTreatmentPlan(mappedRow("treatmentPlan", { planId: "P9", patientId: "10482", providerId: "99", status: "Proposed", createdDate: "03/04/2021" }), ctx);
    expect(pick(r.payload, SHARED_KEYS)).toEqual(shared("plan:P9", "unmatched"));
    expect([r.object, r.table]).toEqual(["treatmentPlan", "dxm_treatmentplan"]);
  });

  it("an appointment keeps its own location lookup beside the shared columns", () => {
    const r = planAppointment(mappedRow("appointment", { appointmentId: "900", patientId: "10482", providerId: "7", locationId: "3", date: "03/15/2021", status: "Scheduled", createdDate: "03/04/2021" }), ctx);
    expect(pick(r.payload, SHARED_KEYS)).toEqual(shared("appointment:900", "matched"));
    expect(r.payload["dxm_locationid@odata.bind"]).toBe("/accounts(dxm_sourcekey='location:3')");
  });

  it("a billing record names no provider: neither provider lookup nor owner", async () => {
    const r = await planBilling(mappedRow("billing", { claimId: "C1", patientId: "10482", serviceDate: "03/04/2021", totalFee: "10", createdDate: "03/04/2021" }), ctx);
    expect(pick(r.payload, SHARED_KEYS)).toEqual(shared("claim:C1", "none"));
  });

  it("an empty Created Date writes neither created column", () => {
    const r = planProcedure(mappedRow("procedure", { procedureId: "56", patientId: "10482", providerId: "7", datePerformed: "03/04/2021", code: "D0120" }), ctx);
    expect(r.payload).not.toHaveProperty("overriddencreatedon");
    expect(r.payload).not.toHaveProperty("dxm_sourcecreatedon");
  });
});
