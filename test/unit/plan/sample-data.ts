/** A small, realistic export set in the reference layout: three locations, a household sharing a policy, referrer spellings. */
import type { ObjectKind } from "../../../migration/model/types";
import { exportsOf, referenceMap, rowsOf } from "./fixtures";
import type { Rows } from "./fixtures";

export type DataSet = Partial<Record<ObjectKind, Record<string, string>[]>>;

export function sampleData(): DataSet {
  return {
    practice: [
      { locationId: "1", practiceId: "1", name: "Bright Smiles Downtown", practiceType: "General Dentistry", city: "Springfield", createdDate: "01/05/2010" },
      { locationId: "2", practiceId: "1", name: "Bright Smiles North", practiceType: "General Dentistry", city: "Springfield", createdDate: "03/01/2014" },
      { locationId: "3", practiceId: "2", name: "Lakeside Ortho", practiceType: "Orthodontics", city: "Chatham", createdDate: "06/10/2016" },
    ],
    provider: [
      { providerId: "7", firstName: "Amy", lastName: "Lee", credentials: "DDS", specialty: "General", npi: "1234567893", email: "Amy.Lee@smiles.example", locationId: "1", active: "Y" },
      { providerId: "8", firstName: "Bo", lastName: "King", credentials: "DMD", specialty: "Orthodontics", email: "bo.king@smiles.example", locationId: "3", active: "Y" },
      { providerId: "9", firstName: "Cy", lastName: "Park", credentials: "RDH", specialty: "Hygiene", email: "cy.park@smiles.example", locationId: "2", active: "Y" },
    ],
    patient: [
      { patientId: "101", firstName: "Maria", lastName: "Lopez", birthDate: "03/09/1984", gender: "F", email: "maria.lopez@gmail.com", primaryLocationId: "1", otherLocationIds: "2", primaryProviderId: "7", guarantorId: "101", referringName: "Dr. Jane Roe", referringPractice: "Roe Family Dentistry", drugInteraction: "Y", recallInterval: "6", createdDate: "07/01/2015" },
      { patientId: "102", firstName: "Carlos", lastName: "Lopez", birthDate: "11/23/1982", gender: "M", primaryLocationId: "1", primaryProviderId: "8", guarantorId: "101", referringName: "ROE, JANE DDS", referringPractice: "", drugInteraction: "N", createdDate: "07/01/2015" },
      { patientId: "103", firstName: "Ann", lastName: "Kim", birthDate: "05/30/1990", gender: "F", primaryLocationId: "2", primaryProviderId: "9", drugInteraction: "N", createdDate: "02/11/2018" },
      { patientId: "104", firstName: "Li", lastName: "Chen", birthDate: "08/14/1975", gender: "U", primaryLocationId: "3", primaryProviderId: "7", referringName: "Dr. Sam Ortiz", drugInteraction: "N", createdDate: "09/09/2019" },
      { patientId: "105", firstName: "Joe", lastName: "Banks", birthDate: "01/02/2001", gender: "M", primaryLocationId: "2", primaryProviderId: "7", drugInteraction: "N", createdDate: "04/04/2020" },
    ],
    insurance: [
      { coverageId: "1", patientId: "101", carrier: "Delta Dental", policyNumber: "W123456789", groupNumber: "55021", subscriberId: "101", relationship: "Self", preventivePct: "100", basicPct: "80", majorPct: "50", effectiveDate: "01/01/2020", coverageOrder: "Primary" },
      { coverageId: "2", patientId: "102", carrier: "Delta Dental", policyNumber: "W123456789", groupNumber: "55021", subscriberId: "101", relationship: "Spouse", preventivePct: "100", basicPct: "80", majorPct: "50", effectiveDate: "01/01/2020", coverageOrder: "Primary" },
      { coverageId: "3", patientId: "103", carrier: "Aetna", policyNumber: "A9001", subscriberId: "103", relationship: "Self", effectiveDate: "06/01/2021", coverageOrder: "Primary" },
      // Dual coverage: Maria is also covered, second, by a policy someone else holds (ended).
      { coverageId: "4", patientId: "101", carrier: "Aetna", policyNumber: "A9001", subscriberId: "103", relationship: "Other", effectiveDate: "06/01/2021", endDate: "12/31/2022", coverageOrder: "Secondary" },
    ],
    appointment: [
      { appointmentId: "501", patientId: "101", providerId: "7", locationId: "1", date: "03/15/2021", startTime: "9:30 AM", endTime: "10:15 AM", procedureType: "Recall / Cleaning", status: "Completed" },
      { appointmentId: "502", patientId: "103", providerId: "9", locationId: "2", date: "11/08/2021", startTime: "2:00 PM", endTime: "3:00 PM", procedureType: "Restorative", status: "No-Show" },
      { appointmentId: "503", patientId: "105", providerId: "7", locationId: "2", date: "07/10/2024", startTime: "8:00 AM", endTime: "9:00 AM", status: "Scheduled" },
    ],
    procedure: [
      { procedureId: "601", patientId: "101", providerId: "7", datePerformed: "03/15/2021", code: "D1110", tooth: "", fee: "$120.00" },
      { procedureId: "602", patientId: "101", providerId: "7", datePerformed: "03/15/2021", code: "D2392", tooth: "14", surface: "MO", fee: "$210.00" },
      { procedureId: "603", patientId: "104", providerId: "8", datePerformed: "04/02/2022", code: "D8080", fee: "$5,800.00" },
    ],
    billing: [
      { claimId: "701", patientId: "101", serviceDate: "03/15/2021", totalFee: "$330.00", insurancePaid: "$264.00", patientPortion: "$66.00", claimNumber: "C-1", claimStatus: "Paid", carrier: "Delta Dental", policyNumber: "W123456789", coverageId: "1" },
      { claimId: "702", patientId: "104", serviceDate: "04/02/2022", totalFee: "$5,800.00", patientPortion: "$5,800.00", claimStatus: "" },
    ],
    treatmentPlan: [{ planId: "801", patientId: "104", providerId: "8", status: "Accepted", estimatedCost: "$5,800.00", presentedDate: "03/01/2022" }],
    clinicalNote: [
      { noteId: "901", patientId: "101", providerId: "7", noteDate: "03/15/2021 10:20 AM", subject: "Hygiene visit", text: "Light calculus.", attachment: "note-901-xray.jpg" },
      { noteId: "902", patientId: "104", providerId: "8", noteDate: "04/02/2022 4:00 PM", subject: "Consultation", text: "Full scan attached.", attachment: "note-902-scan.pdf" },
    ],
    task: [{ taskId: "1001", patientId: "103", providerId: "9", taskType: "Recall", subject: "6-month recall", dueDate: "12/01/2021", status: "Completed" }],
    communication: [
      { commId: "1101", patientId: "101", staffId: "7", type: "Call", direction: "Outbound", start: "03/10/2021 9:00 AM", end: "03/10/2021 9:03 AM", subject: "Reminder call" },
      { commId: "1102", patientId: "102", staffId: "7", type: "Email", direction: "Outbound", start: "03/11/2021 8:00 AM", subject: "Appointment reminder" },
      { commId: "1103", patientId: "103", staffId: "9", type: "Meeting", direction: "", start: "05/05/2021 1:00 PM", end: "05/05/2021 1:30 PM", subject: "Treatment consult" },
    ],
  };
}

export const definitionRows: Rows = [
  { "Definition ID": "W1", Name: "Recall reminder", Trigger: "30 days before recall due", Steps: "Send email; if no reply in 7 days, call", Active: "Y" },
];

export const attachments = [
  { name: "attachments/note-901-xray.jpg", size: 48_000 },
  { name: "attachments/note-902-scan.pdf", size: 9 * 1024 * 1024 },
];

export function exportSet(data: DataSet = sampleData()) {
  const files: Record<string, Rows> = {};
  const map = referenceMap(Object.keys(data) as ObjectKind[]);
  for (const f of map.files) files[f.file] = rowsOf(f.object, data[f.object]!);
  files["workflows.csv"] = definitionRows;
  map.files.push({ file: "workflows.csv", object: "definition", columns: ["Definition ID", "Name", "Trigger", "Steps", "Active"].map((h, i) => ({ source: h, field: ["definitionId", "name", "trigger", "steps", "active"][i], target: null })) });
  return { exports: exportsOf(files, attachments), map };
}
