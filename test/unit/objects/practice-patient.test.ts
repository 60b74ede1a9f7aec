import { planPractice, DOCTORS_OFFICES_AND_CLINICS } from "../../../migration/objects/practice";
import { planConnections, planPatient, PATIENT_ROLE } from "../../../migration/objects/patient";
import { mappedRow, objectContext } from "../plan/fixtures";

const patient = {
  patientId: "10482", firstName: "Maria", middleName: "T", lastName: "Lopez", birthDate: "03/09/1984", gender: "F",
  homePhone: "555.201.3344", cellPhone: "", email: "maria.lopez@gmail.com", address1: "12 Elm St", city: "Springfield", state: "IL", zip: "62704",
  primaryLocationId: "3", otherLocationIds: "5; 3;9", primaryProviderId: "7", referringName: "Dr. Jane Roe", drugInteraction: "Y",
  recallInterval: "6", nextRecallDate: "09/15/2024", createdDate: "07/01/2015",
};

describe("practice → account", () => {
  it("is one account per location with the default industry and the creation date", () => {
    const r = planPractice(mappedRow("practice", { locationId: "3", practiceId: "1", name: "Bright Smiles Downtown", phone: "5552013344", createdDate: "01/05/2010" }), objectContext());
    expect(r.table).toBe("account");
    expect(r.entitySet).toBe("accounts");
    expect(r.sourceKey).toBe("location:3");
    expect(r.payload).toMatchObject({
      name: "Bright Smiles Downtown", industrycode: DOCTORS_OFFICES_AND_CLINICS, telephone1: "(555) 201-3344", dxm_sourcepracticeid: "1",
      overriddencreatedon: "2010-01-05T05:00:00Z", dxm_sourcecreatedon: "2010-01-05T05:00:00Z", dxm_sourcekey: "location:3",
    });
  });

  it("takes the industry from the practice type's value map", () => {
    const row = mappedRow("practice", { locationId: "4", name: "Ortho North", practiceType: "Orthodontics" }, 3, [], {});
    row.valueMap = () => ({ Orthodontics: 33 });
    expect(planPractice(row, objectContext()).payload.industrycode).toBe(33);
  });
});

describe("patient → contact", () => {
  it("writes names, date-only birth date, gender, phones, recall fields, flags, binds and dates", () => {
    const ctx = objectContext({ referrerKeyOf: () => "referrer:roe-jane" });
    const r = planPatient(mappedRow("patient", patient), ctx);
    expect(r.sourceKey).toBe("patient:10482");
    expect(r.payload).toEqual({
      firstname: "Maria", middlename: "T", lastname: "Lopez", birthdate: "1984-03-09", gendercode: 2, telephone2: "(555) 201-3344",
      emailaddress1: "maria.lopez@gmail.com", address1_line1: "12 Elm St", address1_city: "Springfield", address1_stateorprovince: "IL",
      address1_postalcode: "62704", dxm_druginteractionflag: true, dxm_recallinterval: 6, dxm_nextrecalldate: "2024-09-15",
      overriddencreatedon: "2015-07-01T04:00:00Z", dxm_sourcecreatedon: "2015-07-01T04:00:00Z", dxm_sourcepatientid: "10482",
      dxm_providerrole: PATIENT_ROLE,
      "parentcustomerid_account@odata.bind": "/accounts(dxm_sourcekey='location:3')",
      "ownerid@odata.bind": "/systemusers(u-7)",
      "dxm_referringproviderid@odata.bind": "/contacts(dxm_sourcekey='referrer:roe-jane')",
      dxm_sourcekey: "patient:10482",
    });
  });

  it("falls back to the fallback owner and maps gender through a confirmed value map", () => {
    const row = mappedRow("patient", { ...patient, primaryProviderId: "99", gender: "Male" });
    row.valueMap = (field) => (field === "gender" ? { Male: 1, Female: 2 } : undefined);
    const r = planPatient(row, objectContext());
    expect(r.payload["ownerid@odata.bind"]).toBe("/systemusers(u-fallback)");
    expect(r.payload.gendercode).toBe(1);
  });

  it("writes the practice's custom fields into their columns", () => {
    const custom = [
      { source: "Custom: Preferred Pharmacy", field: null, target: "custom:contact.dxm_preferredpharmacy", custom: { table: "contact", logicalName: "dxm_preferredpharmacy", displayName: "Preferred Pharmacy", type: "string" as const, maxLength: 100 } },
      { source: "Custom: Hygiene Notes Flag", field: null, target: "custom:contact.dxm_hygienenotesflag", custom: { table: "contact", logicalName: "dxm_hygienenotesflag", displayName: "Hygiene Notes Flag", type: "boolean" as const } },
    ];
    const r = planPatient(mappedRow("patient", patient, 2, custom, { "Custom: Preferred Pharmacy": "Walgreens #1021", "Custom: Hygiene Notes Flag": "N" }), objectContext());
    expect(r.payload.dxm_preferredpharmacy).toBe("Walgreens #1021");
    expect(r.payload.dxm_hygienenotesflag).toBe(false);
  });

  it("connects a patient seen at several locations to each one, in the two roles", () => {
    const records = planConnections(mappedRow("patient", patient), objectContext(), (l) => l !== "9");
    expect(records.map((r) => r.sourceKey)).toEqual(["connection:10482:3", "connection:10482:5"]);
    expect(records[1].payload).toEqual({
      "record1id_contact@odata.bind": "/contacts(dxm_sourcekey='patient:10482')",
      "record1roleid@odata.bind": "/connectionroles(role-patient)",
      "record2id_account@odata.bind": "/accounts(dxm_sourcekey='location:5')",
      "record2roleid@odata.bind": "/connectionroles(role-location)",
      dxm_sourcekey: "connection:10482:5",
    });
    expect(planConnections(mappedRow("patient", { ...patient, otherLocationIds: "" }), objectContext())).toEqual([]);
  });
});
