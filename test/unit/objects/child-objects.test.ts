import { planAppointment } from "../../../migration/objects/appointment";
import { planBilling } from "../../../migration/objects/billing";
import { planClinicalNote } from "../../../migration/objects/clinical-note";
import { activityParties, planCommunication } from "../../../migration/objects/communication";
import { contentHash } from "../../../migration/objects/hash";
import { planCoverage, planPolicy, policyKey } from "../../../migration/objects/insurance-policy";
import { planPatientCoverage } from "../../../migration/objects/coverage";
import { planProcedure } from "../../../migration/objects/procedure";
import { planTask } from "../../../migration/objects/task";
import { planTreatmentPlan } from "../../../migration/objects/treatment-plan";
import { rowMapper } from "../../../migration/objects/mapped-row";
import { fileMapOf, mappedRow, objectContext, rowsOf } from "../plan/fixtures";

const ctx = objectContext();

describe("procedure → dxm_treatmenthistory", () => {
  it("keeps the CDT code verbatim, the fee as a number and the date unshifted", () => {
    const r = planProcedure(mappedRow("procedure", {
      procedureId: "55", patientId: "10482", providerId: "7", datePerformed: "03/04/2021", code: "D0120", description: "Periodic oral evaluation",
      tooth: "14", surface: "MOD", fee: "$1,234.50",
    }), ctx);
    expect(r.payload).toEqual({
      dxm_name: "D0120 · 2021-03-04", dxm_procedurecode: "D0120", dxm_description: "Periodic oral evaluation", dxm_tooth: "14", dxm_surface: "MOD",
      dxm_fee: 1234.5, dxm_dateperformed: "2021-03-04",
      "dxm_patientid@odata.bind": "/contacts(dxm_sourcekey='patient:10482')", "dxm_providerid@odata.bind": "/systemusers(u-7)",
      "ownerid@odata.bind": "/systemusers(u-7)", dxm_sourcekey: "procedure:55",
    });
  });

  it("leaves the provider lookup empty for an unmatched provider but still sets the fallback owner", () => {
    const r = planProcedure(mappedRow("procedure", { procedureId: "56", patientId: "1", providerId: "99", datePerformed: "03/04/2021", code: "D1110" }), ctx);
    expect(r.payload["dxm_providerid@odata.bind"]).toBeUndefined();
    expect(r.payload["ownerid@odata.bind"]).toBe("/systemusers(u-fallback)");
  });
});

describe("appointment → dxm_appointment", () => {
  it("joins date and local times into UTC and maps the status", () => {
    const r = planAppointment(mappedRow("appointment", {
      appointmentId: "900", patientId: "10482", providerId: "7", locationId: "3", date: "03/15/2021", startTime: "9:30 AM", endTime: "10:15 AM",
      procedureType: "Recall / Cleaning", status: "No-Show",
    }), ctx);
    expect(r.payload).toMatchObject({
      dxm_name: "Recall / Cleaning · 2021-03-15", dxm_start: "2021-03-15T13:30:00Z", dxm_end: "2021-03-15T14:15:00Z", dxm_status: 724100002,
      "dxm_locationid@odata.bind": "/accounts(dxm_sourcekey='location:3')", dxm_sourcekey: "appointment:900",
    });
  });
});

describe("insurance → dxm_insurancepolicy and contact coverage", () => {
  const coverage = {
    coverageId: "1", patientId: "12", carrier: "Delta Dental", policyNumber: "W123456789", groupNumber: "55021", subscriberId: "11", relationship: "Spouse",
    preventivePct: "100", basicPct: "80%", majorPct: "50", effectiveDate: "01/01/2020", endDate: "",
  };

  it("keys a policy by a hash of carrier and number, never the number", async () => {
    const key = await policyKey("Delta Dental", "W123456789");
    expect(key).toMatch(/^policy:[0-9a-f]{16}$/);
    expect(await policyKey("DELTA  DENTAL", "w 123-456-789")).toBe(key);
    expect(await policyKey("Delta Dental", "W123456780")).not.toBe(key);
    expect(await policyKey("Delta Dental", "")).toBeUndefined();
  });

  it("writes one policy with its subscriber and coverage, and the covered patient's update", async () => {
    const row = mappedRow("insurance", coverage);
    const key = (await policyKey(coverage.carrier, coverage.policyNumber))!;
    const policy = planPolicy(row, key, ctx);
    expect(policy.payload).toEqual({
      dxm_name: "Delta Dental policy", dxm_carrier: "Delta Dental", dxm_policynumber: "W123456789", dxm_groupnumber: "55021",
      "dxm_subscriberid@odata.bind": "/contacts(dxm_sourcekey='patient:11')", dxm_coveragepreventive: 100, dxm_coveragebasic: 80, dxm_coveragemajor: 50,
      dxm_effectivedate: "2020-01-01", dxm_sourcekey: key,
    });
    const update = planCoverage(row, key);
    expect(update).toMatchObject({ table: "contact", sourceKey: "patient:12", hashKey: "coverage-of:patient:12" });
    expect(update.payload).toEqual({ "dxm_insurancepolicyid@odata.bind": `/dxm_insurancepolicies(dxm_sourcekey='${key}')`, dxm_subscriberrelationship: 724100001 });
  });

  it("lands every coverage row as a coverage: patient, policy, order, relationship, its own dates", async () => {
    const second = { ...coverage, coverageId: "9", coverageOrder: "Secondary", endDate: "12/31/2022", createdDate: "03/04/2021" };
    const key = (await policyKey(second.carrier, second.policyNumber))!;
    const r = planPatientCoverage(mappedRow("insurance", second), key, ctx);
    expect([r.object, r.table, r.sourceKey]).toEqual(["insurance", "dxm_coverage", "coverage:9"]);
    expect(r.payload).toEqual({
      dxm_name: "Delta Dental · Secondary",
      "dxm_insurancepolicyid@odata.bind": `/dxm_insurancepolicies(dxm_sourcekey='${key}')`,
      dxm_coverageorder: 724100001, dxm_subscriberrelationship: 724100001, dxm_effectivedate: "2020-01-01", dxm_enddate: "2022-12-31",
      overriddencreatedon: "2021-03-04T05:00:00Z", dxm_sourcecreatedon: "2021-03-04T05:00:00Z",
      "dxm_patientid@odata.bind": "/contacts(dxm_sourcekey='patient:12')", dxm_sourcekey: "coverage:9",
    });
  });

  it("makes the patient the subscriber when the relationship is Self and no subscriber is given", async () => {
    const row = mappedRow("insurance", { ...coverage, subscriberId: "", relationship: "Self" });
    expect(planPolicy(row, "policy:x", ctx).payload["dxm_subscriberid@odata.bind"]).toBe("/contacts(dxm_sourcekey='patient:12')");
  });
});

describe("billing → dxm_billingrecord", () => {
  const claim = { claimId: "7001", patientId: "12", serviceDate: "05/02/2022", totalFee: "$310.00", insurancePaid: "$248.00", patientPortion: "$62.00", claimNumber: "C-88", claimStatus: "Paid", carrier: "Delta Dental", policyNumber: "W123456789" };

  it("binds the billed policy by its key when the policy is planned", async () => {
    const r = await planBilling(mappedRow("billing", claim), ctx);
    const key = await policyKey("Delta Dental", "W123456789");
    expect(r.payload).toMatchObject({
      dxm_servicedate: "2022-05-02", dxm_totalfee: 310, dxm_insurancepayment: 248, dxm_patientresponsibility: 62, dxm_claimstatus: 724100001,
      "dxm_insurancepolicyid@odata.bind": `/dxm_insurancepolicies(dxm_sourcekey='${key}')`, dxm_sourcekey: "claim:7001",
    });
    const unknown = await planBilling(mappedRow("billing", claim), objectContext({ hasPolicy: () => false }));
    expect(unknown.payload["dxm_insurancepolicyid@odata.bind"]).toBeUndefined();
  });

  it("names the coverage billed when the export says so and that coverage is planned", async () => {
    const r = await planBilling(mappedRow("billing", { ...claim, coverageId: "9" }), ctx);
    expect(r.payload["dxm_coverageid@odata.bind"]).toBe("/dxm_coverages(dxm_sourcekey='coverage:9')");
    expect((await planBilling(mappedRow("billing", claim), ctx)).payload).not.toHaveProperty("dxm_coverageid@odata.bind");
    const left = await planBilling(mappedRow("billing", { ...claim, coverageId: "9" }), objectContext({ hasCoverage: () => false }));
    expect(left.payload).not.toHaveProperty("dxm_coverageid@odata.bind");
  });
});

describe("treatment plan → dxm_treatmentplan", () => {
  it("keeps the originating plan id and maps the status", () => {
    const r = planTreatmentPlan(mappedRow("treatmentPlan", { planId: "P-9", patientId: "12", providerId: "7", status: "Accepted", estimatedCost: "$2,400.00", presentedDate: "06/01/2023", description: "Phase 1: SRP\nPhase 2: crowns" }), ctx);
    expect(r.payload).toMatchObject({ dxm_originatingplanid: "P-9", dxm_planstatus: 724100001, dxm_estimatedcost: 2400, dxm_presenteddate: "2023-06-01", dxm_description: "Phase 1: SRP\nPhase 2: crowns" });
  });
});

describe("clinical note → annotation", () => {
  const note = { noteId: "301", patientId: "12", providerId: "7", noteDate: "06/01/2023 4:45 PM", subject: "Periodic exam", text: "Pt reports sensitivity #14.", attachment: "note-301-xray.jpg" };

  it("regards the patient, keeps the date, and has no source-key column", () => {
    const found = objectContext({ attachment: (n) => (n === "note-301-xray.jpg" ? { file: "attachments/note-301-xray.jpg", size: 48_000 } : undefined) });
    const { record, oversize } = planClinicalNote(mappedRow("clinicalNote", note), found);
    expect(oversize).toBeUndefined();
    expect(record.sourceKey).toBe("note:301");
    expect(record.payload).toEqual({
      subject: "Periodic exam", notetext: "Pt reports sensitivity #14.", overriddencreatedon: "2023-06-01T20:45:00Z", objecttypecode: "contact",
      "objectid_contact@odata.bind": "/contacts(dxm_sourcekey='patient:12')", "ownerid@odata.bind": "/systemusers(u-7)",
      filename: "note-301-xray.jpg", mimetype: "image/jpeg",
    });
    expect(record.attachment).toEqual({ file: "attachments/note-301-xray.jpg", size: 48_000, mimeType: "image/jpeg" });
  });

  it("names an attachment over the upload limit in the note instead of uploading it", () => {
    const big = objectContext({ attachment: () => ({ file: "attachments/note-301-xray.jpg", size: 12 * 1024 * 1024 }) });
    const { record, oversize } = planClinicalNote(mappedRow("clinicalNote", note), big);
    expect(record.attachment).toBeUndefined();
    expect(record.payload.filename).toBeUndefined();
    expect(record.payload.notetext).toContain("note-301-xray.jpg");
    expect(record.payload.notetext).toContain("SharePoint document management");
    expect(oversize).toEqual({ sourceKey: "note:301", file: "attachments/note-301-xray.jpg", size: 12 * 1024 * 1024 });
  });

  it("reports a named attachment the export does not hold", () => {
    expect(planClinicalNote(mappedRow("clinicalNote", note), ctx).missingAttachment).toBe(true);
  });
});

describe("communication → activities", () => {
  const comm = { commId: "41", patientId: "12", staffId: "7", direction: "Inbound", start: "11/07/2021 1:30 AM", end: "11/07/2021 1:42 AM", subject: "Patient called re: appointment", body: "Moved to Tuesday", address: "555-201-3344" };

  it("makes a received phone call regarding the patient, closed as Completed / Received", () => {
    const r = planCommunication(mappedRow("communication", { ...comm, type: "Call" }), ctx)!;
    expect(r.table).toBe("phonecall");
    expect(r.payload).toEqual({
      subject: "Patient called re: appointment", description: "Moved to Tuesday", actualstart: "2021-11-07T05:30:00Z", actualend: "2021-11-07T05:42:00Z",
      overriddencreatedon: "2021-11-07T05:30:00Z", directioncode: false, phonenumber: "(555) 201-3344",
      "regardingobjectid_contact_phonecall@odata.bind": "/contacts(dxm_sourcekey='patient:12')", "ownerid@odata.bind": "/systemusers(u-7)",
      // Received: from the patient to the staff member's user (the number is the call's own, not an address).
      phonecall_activity_parties: [
        { participationtypemask: 1, "partyid_contact@odata.bind": "/contacts(dxm_sourcekey='patient:12')" },
        { participationtypemask: 2, "partyid_systemuser@odata.bind": "/systemusers(u-7)" },
      ],
      dxm_sourcekey: "comm:41",
    });
    expect(r.finalState).toEqual({ statecode: 1, statuscode: 4 });
  });

  it("makes sent emails and completed meetings", () => {
    const email = planCommunication(mappedRow("communication", { ...comm, type: "Email", direction: "Outbound", end: "" }), ctx)!;
    expect(email.table).toBe("email");
    expect(email.payload["regardingobjectid_contact_email@odata.bind"]).toBeDefined();
    expect(email.payload.directioncode).toBe(true);
    expect(email.finalState).toEqual({ statecode: 1, statuscode: 3 });
    const meeting = planCommunication(mappedRow("communication", { ...comm, type: "Meeting" }), ctx)!;
    expect(meeting.table).toBe("appointment");
    expect(meeting.payload).toMatchObject({ scheduledstart: "2021-11-07T05:30:00Z", scheduledend: "2021-11-07T05:42:00Z" });
    expect(meeting.payload.directioncode).toBeUndefined();
    expect(meeting.finalState).toEqual({ statecode: 1, statuscode: 3 });
    expect(planCommunication(mappedRow("communication", { ...comm, type: "Fax" }), ctx)).toBeUndefined();
  });

  const emailRow = { ...comm, type: "Email", end: "", subject: "Appointment reminder", body: "See you Tuesday", address: "pat.lopez@example.org" };
  const patientParty = { "partyid_contact@odata.bind": "/contacts(dxm_sourcekey='patient:12')", addressused: "pat.lopez@example.org" };

  it("sends an outbound email from the staff member's user to the patient, the parties deep-inserted with the email", () => {
    const r = planCommunication(mappedRow("communication", { ...emailRow, direction: "Outbound" }), ctx)!;
    expect(r.payload).toEqual({
      subject: "Appointment reminder", description: "See you Tuesday", actualstart: "2021-11-07T05:30:00Z", actualend: "2021-11-07T05:30:00Z",
      overriddencreatedon: "2021-11-07T05:30:00Z", directioncode: true,
      "regardingobjectid_contact_email@odata.bind": "/contacts(dxm_sourcekey='patient:12')", "ownerid@odata.bind": "/systemusers(u-7)",
      email_activity_parties: [
        { participationtypemask: 1, "partyid_systemuser@odata.bind": "/systemusers(u-7)" },
        { participationtypemask: 2, ...patientParty },
      ],
      dxm_sourcekey: "comm:41",
    });
    expect(r.finalState).toEqual({ statecode: 1, statuscode: 3 });
  });

  it("receives an inbound email from the patient to the user who owns it (the fallback owner for an unmatched staff member)", () => {
    const r = planCommunication(mappedRow("communication", { ...emailRow, staffId: "99" }), ctx)!;
    expect(r.payload["ownerid@odata.bind"]).toBe("/systemusers(u-fallback)");
    expect(r.payload.email_activity_parties).toEqual([
      { participationtypemask: 1, ...patientParty },
      { participationtypemask: 2, "partyid_systemuser@odata.bind": "/systemusers(u-fallback)" },
    ]);
    expect(r.finalState).toEqual({ statecode: 1, statuscode: 4 });
  });

  it("treats an email without a direction as sent, like its final state", () => {
    const r = planCommunication(mappedRow("communication", { ...emailRow, direction: "" }), ctx)!;
    expect(r.finalState).toEqual({ statecode: 1, statuscode: 3 });
    expect((r.payload.email_activity_parties as { participationtypemask: number }[]).map((p) => p.participationtypemask)).toEqual([1, 2]);
    expect((r.payload.email_activity_parties as Record<string, unknown>[])[0]["partyid_systemuser@odata.bind"]).toBe("/systemusers(u-7)");
  });

  it("gives calls and meetings no parties", () => {
    for (const type of ["Call", "Meeting"]) expect(planCommunication(mappedRow("communication", { ...comm, type }), ctx)!.payload.email_activity_parties).toBeUndefined();
  });

  it("puts the parties in the content hash, so a delta run rewrites an email whose owner changed", () => {
    const row = mappedRow("communication", { ...emailRow, direction: "Outbound" });
    const a = planCommunication(row, ctx)!;
    const b = planCommunication(row, objectContext({ ownerOf: () => "u-other" }))!;
    expect(a.contentHash).toBe(contentHash({ payload: a.payload, finalState: a.finalState }));
    expect(b.contentHash).not.toBe(a.contentHash);
  });
});

describe("email parties", () => {
  const patient = "/contacts(dxm_sourcekey='patient:12')";

  it("puts From before To: user → patient when sent, patient → user when received", () => {
    expect(activityParties({ patient, userId: "u-1", outgoing: true })).toEqual([
      { participationtypemask: 1, "partyid_systemuser@odata.bind": "/systemusers(u-1)" },
      { participationtypemask: 2, "partyid_contact@odata.bind": patient },
    ]);
    expect(activityParties({ patient, userId: "u-1", outgoing: false })).toEqual([
      { participationtypemask: 1, "partyid_contact@odata.bind": patient },
      { participationtypemask: 2, "partyid_systemuser@odata.bind": "/systemusers(u-1)" },
    ]);
  });

  it("keeps the logged address on the patient's party only when it is an email address", () => {
    expect(activityParties({ patient, userId: "u-1", outgoing: true, address: " a.b@example.org " })[1]).toEqual({ participationtypemask: 2, "partyid_contact@odata.bind": patient, addressused: "a.b@example.org" });
    for (const address of ["(614) 555-0182", "not an address", "", "   "]) {
      expect(activityParties({ patient, userId: "u-1", outgoing: true, address })[1]).toEqual({ participationtypemask: 2, "partyid_contact@odata.bind": patient });
    }
  });

  it("names only the patient when no owner is bound (the running user owns the email)", () => {
    expect(activityParties({ patient, outgoing: true })).toEqual([{ participationtypemask: 2, "partyid_contact@odata.bind": patient }]);
    expect(activityParties({ patient, outgoing: false })).toEqual([{ participationtypemask: 1, "partyid_contact@odata.bind": patient }]);
  });
});

describe("task → task activity", () => {
  it("sets the category, the due date and the final state", () => {
    const done = planTask(mappedRow("task", { taskId: "8", patientId: "12", providerId: "7", taskType: "recall", subject: "6-month recall", dueDate: "07/01/2023", status: "Completed" }), ctx);
    expect(done.payload).toMatchObject({ category: "Recall", scheduledend: "2023-07-01T04:00:00Z", "regardingobjectid_contact_task@odata.bind": "/contacts(dxm_sourcekey='patient:12')" });
    expect(done.finalState).toEqual({ statecode: 1, statuscode: 5 });
    const cancelled = planTask(mappedRow("task", { taskId: "9", patientId: "12", subject: "Hygiene", taskType: "Hygiene", status: "Cancelled" }), ctx);
    expect(cancelled.finalState).toEqual({ statecode: 2, statuscode: 6 });
    expect(planTask(mappedRow("task", { taskId: "10", patientId: "12", subject: "x", status: "Open" }), ctx).finalState).toBeUndefined();
  });

  it("closes tasks by the confirmed value map of their status (task.statecode), not only by the usual words", () => {
    const fileMap = fileMapOf("task");
    fileMap.columns = fileMap.columns.map((c) => (c.field === "status" ? { ...c, valueMap: { C: 1, X: 2, P: 0, Done: 1 } } : c));
    const task = (status: string) => planTask(rowMapper(fileMap)({ line: 2, values: rowsOf("task", [{ taskId: "11", patientId: "12", subject: "x", status }])[0] }), ctx);
    expect(task("C").finalState).toEqual({ statecode: 1, statuscode: 5 });
    expect(task("done").finalState).toEqual({ statecode: 1, statuscode: 5 });
    expect(task("X").finalState).toEqual({ statecode: 2, statuscode: 6 });
    expect(task("P").finalState).toBeUndefined();
    expect(task("Cancelled").finalState).toEqual({ statecode: 2, statuscode: 6 });
  });
});
