import type { FieldSpec, ObjectKind, ObjectSpec, ValueType } from "./types";

type Row = [id: string, header: string, type: ValueType, target: string | null, description: string, required?: boolean];
const fields = (rows: Row[]): FieldSpec[] =>
  rows.map(([id, header, type, target, description, required]) => ({ id, header, type, target, description, ...(required ? { required } : {}) }));

export const practiceSpec: ObjectSpec = {
  kind: "practice", label: "Practices / locations", files: ["practices.csv"], table: "account",
  keyField: "locationId", keyPrefix: "location", dependsOn: [],
  fields: fields([
    ["locationId", "Location ID", "id", "account.dxm_sourcepracticeid", "Dental-Exec id of the location", true],
    ["practiceId", "Practice ID", "id", null, "Id of the practice the location belongs to (several locations per practice)"],
    ["name", "Location Name", "text", "account.name", "Location name", true],
    ["practiceType", "Practice Type", "text", "account.industrycode", "Practice type; value-mapped onto industry (Doctor's Offices and Clinics by default)"],
    ["address1", "Address 1", "text", "account.address1_line1", "Street"],
    ["address2", "Address 2", "text", "account.address1_line2", "Suite"],
    ["city", "City", "text", "account.address1_city", "City"],
    ["state", "State", "state", "account.address1_stateorprovince", "Two-letter state"],
    ["zip", "ZIP", "zip", "account.address1_postalcode", "ZIP or ZIP+4"],
    ["phone", "Phone", "phone", "account.telephone1", "Main phone"],
    ["email", "Email", "email", "account.emailaddress1", "Front desk email"],
    ["createdDate", "Created Date", "date", "account.overriddencreatedon", "Created in Dental-Exec"],
  ]),
};

export const providerSpec: ObjectSpec = {
  kind: "provider", label: "Providers", files: ["providers.csv"], table: "systemuser",
  keyField: "providerId", keyPrefix: "provider", dependsOn: ["practice"],
  fields: fields([
    ["providerId", "Provider ID", "id", null, "Dental-Exec id of the treating provider", true],
    ["firstName", "First Name", "text", "systemuser.firstname", "First name (matched, not written)"],
    ["lastName", "Last Name", "text", "systemuser.lastname", "Last name (matched, not written)"],
    // Providers are Dynamics users, which the migration does not write: these are kept in the run's rebuild
    // reference beside the matched user, so they have no column (and specialty no value map) to propose.
    ["credentials", "Credentials", "text", null, "DDS, DMD, RDH... (kept in the rebuild reference: providers are Dynamics users, not written)"],
    ["specialty", "Specialty", "text", null, "Specialty (kept in the rebuild reference: providers are Dynamics users, not written)"],
    ["npi", "NPI", "npi", null, "National Provider Identifier (kept in the rebuild reference: providers are Dynamics users, not written)"],
    ["email", "Email", "email", "systemuser.internalemailaddress", "Matches the Dynamics user", true],
    ["phone", "Phone", "phone", null, "Phone"],
    ["locationId", "Location ID", "id", "lookup:account", "Home location"],
    ["active", "Active", "yn", null, "Y/N"],
  ]),
};

export const patientSpec: ObjectSpec = {
  kind: "patient", label: "Patients", files: ["patients.csv"], table: "contact",
  keyField: "patientId", keyPrefix: "patient", dependsOn: ["practice", "provider"], acceptsCustomFields: true,
  fields: fields([
    ["patientId", "Patient ID", "id", "contact.dxm_sourcepatientid", "Dental-Exec patient id", true],
    ["firstName", "First Name", "text", "contact.firstname", "First name"],
    ["middleName", "Middle Initial", "text", "contact.middlename", "Middle name or initial"],
    ["lastName", "Last Name", "text", "contact.lastname", "Last name", true],
    ["preferredName", "Preferred Name", "text", "contact.nickname", "Preferred name"],
    ["birthDate", "Birth Date", "date", "contact.birthdate", "Date of birth (date only)"],
    ["gender", "Gender", "gender", "contact.gendercode", "M/F/U; value-mapped"],
    ["homePhone", "Home Phone", "phone", "contact.telephone2", "Home phone"],
    ["cellPhone", "Cell Phone", "phone", "contact.mobilephone", "Mobile phone"],
    ["workPhone", "Work Phone", "phone", "contact.telephone1", "Work phone"],
    ["email", "Email", "email", "contact.emailaddress1", "Email"],
    ["address1", "Address 1", "text", "contact.address1_line1", "Street"],
    ["address2", "Address 2", "text", "contact.address1_line2", "Apartment / suite"],
    ["city", "City", "text", "contact.address1_city", "City"],
    ["state", "State", "state", "contact.address1_stateorprovince", "State"],
    ["zip", "ZIP", "zip", "contact.address1_postalcode", "ZIP"],
    ["primaryLocationId", "Primary Location ID", "id", "lookup:account", "Primary location: parentcustomerid and a connection", true],
    ["otherLocationIds", "Other Location IDs", "idList", "lookup:account", "Other locations seen at (semicolon separated): connections"],
    ["primaryProviderId", "Primary Provider ID", "id", "lookup:systemuser", "Treating provider: owner of the patient"],
    ["guarantorId", "Guarantor ID", "id", "contact.dxm_guarantorid", "Patient id of the responsible party (head of household); the patient's own id when they are"],
    ["referringName", "Referring Dentist", "text", "contact.dxm_referringproviderid", "Referring dentist as typed (Dr. Jane Roe, ROE, JANE DDS)"],
    ["referringPractice", "Referring Practice", "text", null, "Referring dentist's practice (used for deduplication)"],
    ["referringPhone", "Referring Phone", "phone", null, "Referring dentist's phone"],
    ["referringNpi", "Referring NPI", "npi", null, "Referring dentist's NPI"],
    ["drugInteraction", "Drug Interaction Alert", "yn", "contact.dxm_druginteractionflag", "Binary drug-interaction flag (Y/N)"],
    ["recallInterval", "Recall Interval", "integer", "contact.dxm_recallinterval", "Months between recalls"],
    ["nextRecallDate", "Next Recall Date", "date", "contact.dxm_nextrecalldate", "Next recall due"],
    ["createdDate", "Created Date", "date", "contact.overriddencreatedon", "Created in Dental-Exec"],
  ]),
};

export const appointmentSpec: ObjectSpec = {
  kind: "appointment", label: "Appointments", files: ["appointments.csv"], table: "dxm_appointment",
  keyField: "appointmentId", keyPrefix: "appointment", dependsOn: ["patient", "provider", "practice"],
  fields: fields([
    ["appointmentId", "Appointment ID", "id", null, "Dental-Exec appointment id", true],
    ["patientId", "Patient ID", "id", "lookup:contact", "The patient", true],
    ["providerId", "Provider ID", "id", "lookup:systemuser", "Treating provider"],
    ["locationId", "Location ID", "id", "lookup:account", "Location"],
    ["date", "Appointment Date", "date", "dxm_appointment.dxm_start", "Date (joined with the start time)", true],
    ["startTime", "Start Time", "time", null, "Local start time"],
    ["endTime", "End Time", "time", "dxm_appointment.dxm_end", "Local end time"],
    ["procedureType", "Procedure Type", "text", "dxm_appointment.dxm_proceduretype", "Reason / procedure type"],
    ["status", "Status", "status", "dxm_appointment.dxm_status", "Scheduled, Completed, No-Show, Cancelled; value-mapped", true],
    ["createdDate", "Created Date", "date", "dxm_appointment.dxm_sourcecreatedon", "Created in Dental-Exec"],
  ]),
};

export const procedureSpec: ObjectSpec = {
  kind: "procedure", label: "Procedures", files: ["procedures.csv"], table: "dxm_treatmenthistory",
  keyField: "procedureId", keyPrefix: "procedure", dependsOn: ["patient", "provider"],
  fields: fields([
    ["procedureId", "Procedure ID", "id", null, "Dental-Exec procedure id", true],
    ["patientId", "Patient ID", "id", "lookup:contact", "The patient", true],
    ["providerId", "Provider ID", "id", "lookup:systemuser", "Provider who performed it"],
    ["datePerformed", "Date Performed", "date", "dxm_treatmenthistory.dxm_dateperformed", "Date (date only)", true],
    ["code", "CDT Code", "cdt", "dxm_treatmenthistory.dxm_procedurecode", "CDT / ADA code kept verbatim", true],
    ["description", "Description", "text", "dxm_treatmenthistory.dxm_description", "Procedure description"],
    ["tooth", "Tooth", "tooth", "dxm_treatmenthistory.dxm_tooth", "Tooth 1-32 or A-T"],
    ["surface", "Surface", "surface", "dxm_treatmenthistory.dxm_surface", "Surfaces, e.g. MOD"],
    ["fee", "Fee", "money", "dxm_treatmenthistory.dxm_fee", "Fee charged"],
    ["createdDate", "Created Date", "date", "dxm_treatmenthistory.dxm_sourcecreatedon", "Created in Dental-Exec"],
  ]),
};

export const insuranceSpec: ObjectSpec = {
  kind: "insurance", label: "Insurance policies", files: ["insurance.csv"], table: "dxm_insurancepolicy",
  keyField: "coverageId", keyPrefix: "coverage", dependsOn: ["patient"],
  fields: fields([
    ["coverageId", "Coverage ID", "id", null, "Row id: one coverage (dxm_coverage) per row, a patient covered by a policy; policies are one per carrier + policy number", true],
    ["patientId", "Patient ID", "id", "contact.dxm_insurancepolicyid", "The covered patient", true],
    ["carrier", "Carrier", "text", "dxm_insurancepolicy.dxm_carrier", "Insurance carrier", true],
    ["policyNumber", "Policy Number", "text", "dxm_insurancepolicy.dxm_policynumber", "Policy / member number", true],
    ["groupNumber", "Group Number", "text", "dxm_insurancepolicy.dxm_groupnumber", "Group number"],
    ["subscriberId", "Subscriber ID", "id", "dxm_insurancepolicy.dxm_subscriberid", "Patient id of the subscriber"],
    ["relationship", "Relationship", "status", "contact.dxm_subscriberrelationship", "Self, Spouse, Child, Other; value-mapped"],
    ["preventivePct", "Preventive %", "percent", "dxm_insurancepolicy.dxm_coveragepreventive", "Coverage for preventive care"],
    ["basicPct", "Basic %", "percent", "dxm_insurancepolicy.dxm_coveragebasic", "Coverage for basic care"],
    ["majorPct", "Major %", "percent", "dxm_insurancepolicy.dxm_coveragemajor", "Coverage for major care"],
    ["effectiveDate", "Effective Date", "date", "dxm_insurancepolicy.dxm_effectivedate", "Coverage start"],
    ["endDate", "End Date", "date", "dxm_insurancepolicy.dxm_enddate", "Coverage end"],
    ["coverageOrder", "Coverage Order", "status", "dxm_coverage.dxm_coverageorder", "Primary, Secondary, Tertiary (coordination of benefits); value-mapped"],
    ["createdDate", "Created Date", "date", "dxm_insurancepolicy.dxm_sourcecreatedon", "Created in Dental-Exec (the policy takes its first coverage row's)"],
  ]),
};

export const billingSpec: ObjectSpec = {
  kind: "billing", label: "Billing / claims", files: ["claims.csv"], table: "dxm_billingrecord",
  keyField: "claimId", keyPrefix: "claim", dependsOn: ["patient", "insurance"],
  fields: fields([
    ["claimId", "Billing ID", "id", null, "Dental-Exec billing record id", true],
    ["patientId", "Patient ID", "id", "lookup:contact", "The patient", true],
    ["serviceDate", "Service Date", "date", "dxm_billingrecord.dxm_servicedate", "Date of service", true],
    ["totalFee", "Total Fee", "money", "dxm_billingrecord.dxm_totalfee", "Total charged", true],
    ["insurancePaid", "Insurance Paid", "money", "dxm_billingrecord.dxm_insurancepayment", "Paid by insurance"],
    ["patientPortion", "Patient Portion", "money", "dxm_billingrecord.dxm_patientresponsibility", "Patient responsibility"],
    ["claimNumber", "Claim Number", "text", "dxm_billingrecord.dxm_claimnumber", "Claim number"],
    ["claimStatus", "Claim Status", "status", "dxm_billingrecord.dxm_claimstatus", "Submitted, Paid, Denied, Pending; value-mapped"],
    ["carrier", "Carrier", "text", null, "Carrier (with the policy number, links the policy)"],
    ["policyNumber", "Policy Number", "text", "lookup:dxm_insurancepolicy", "Policy billed"],
    ["coverageId", "Coverage ID", "id", "lookup:dxm_coverage", "The coverage billed (a Coverage ID of the insurance file)"],
    ["createdDate", "Created Date", "date", "dxm_billingrecord.dxm_sourcecreatedon", "Created in Dental-Exec"],
  ]),
};

export const treatmentPlanSpec: ObjectSpec = {
  kind: "treatmentPlan", label: "Treatment plans", files: ["treatment_plans.csv"], table: "dxm_treatmentplan",
  keyField: "planId", keyPrefix: "plan", dependsOn: ["patient", "provider"],
  fields: fields([
    ["planId", "Plan ID", "id", "dxm_treatmentplan.dxm_originatingplanid", "Dental-Exec plan id", true],
    ["patientId", "Patient ID", "id", "lookup:contact", "The patient", true],
    ["providerId", "Provider ID", "id", "lookup:systemuser", "Presenting provider"],
    ["status", "Plan Status", "status", "dxm_treatmentplan.dxm_planstatus", "Proposed, Accepted, Completed, Declined; value-mapped", true],
    ["estimatedCost", "Estimated Cost", "money", "dxm_treatmentplan.dxm_estimatedcost", "Estimated cost"],
    ["presentedDate", "Presented Date", "date", "dxm_treatmentplan.dxm_presenteddate", "Presented to the patient"],
    ["description", "Description", "longText", "dxm_treatmentplan.dxm_description", "Plan description"],
    ["createdDate", "Created Date", "date", "dxm_treatmentplan.dxm_sourcecreatedon", "Created in Dental-Exec"],
  ]),
};

export const clinicalNoteSpec: ObjectSpec = {
  kind: "clinicalNote", label: "Clinical notes", files: ["clinical_notes.csv"], table: "annotation",
  keyField: "noteId", keyPrefix: "note", dependsOn: ["patient", "provider"],
  fields: fields([
    ["noteId", "Note ID", "id", null, "Dental-Exec note id", true],
    ["patientId", "Patient ID", "id", "lookup:contact", "The patient (note regarding)", true],
    ["providerId", "Provider ID", "id", "lookup:systemuser", "Author: owner of the note"],
    ["noteDate", "Note Date", "datetime", "annotation.overriddencreatedon", "When written (local time)", true],
    ["subject", "Subject", "text", "annotation.subject", "Title"],
    ["text", "Note Text", "longText", "annotation.notetext", "Multi-line clinical note"],
    ["attachment", "Attachment", "fileName", "annotation.filename", "File name in the attachments folder"],
  ]),
};

export const taskSpec: ObjectSpec = {
  kind: "task", label: "Recall and hygiene tasks", files: ["tasks.csv"], table: "task",
  keyField: "taskId", keyPrefix: "task", dependsOn: ["patient", "provider"],
  fields: fields([
    ["taskId", "Task ID", "id", null, "Dental-Exec task id", true],
    ["patientId", "Patient ID", "id", "lookup:contact", "The patient", true],
    ["providerId", "Assigned To", "id", "lookup:systemuser", "Provider / staff assigned: owner"],
    ["taskType", "Task Type", "status", "task.category", "Recall or Hygiene"],
    ["subject", "Subject", "text", "task.subject", "Subject", true],
    ["dueDate", "Due Date", "date", "task.scheduledend", "Due"],
    ["status", "Status", "status", "task.statecode", "Open, Completed, Cancelled; value-mapped"],
    ["notes", "Notes", "longText", "task.description", "Details"],
    ["createdDate", "Created Date", "date", "task.overriddencreatedon", "Created in Dental-Exec"],
  ]),
};

export const communicationSpec: ObjectSpec = {
  kind: "communication", label: "Communication log", files: ["communications.csv"], table: "activitypointer",
  keyField: "commId", keyPrefix: "comm", dependsOn: ["patient", "provider"], independentStages: true,
  fields: fields([
    ["commId", "Comm ID", "id", null, "Dental-Exec log entry id", true],
    ["patientId", "Patient ID", "id", "lookup:contact", "The patient (regarding)", true],
    ["staffId", "Staff ID", "id", "lookup:systemuser", "Staff member: owner"],
    ["type", "Type", "status", null, "Call, Email or Meeting: chooses phonecall, email or appointment", true],
    ["direction", "Direction", "status", "phonecall.directioncode", "Inbound / Outbound (phone calls and emails; meetings have no direction)"],
    ["start", "Start", "datetime", "activitypointer.actualstart", "Local start", true],
    ["end", "End", "datetime", "activitypointer.actualend", "Local end"],
    ["subject", "Subject", "text", "activitypointer.subject", "Subject", true],
    ["body", "Details", "longText", "activitypointer.description", "Call notes or email body"],
    ["address", "Email / Phone", "text", null, "Address or number used"],
  ]),
};

export const definitionSpec: ObjectSpec = {
  kind: "definition", label: "Workflow, reminder and billing-rule definitions",
  files: ["workflows.csv", "reminder_sequences.csv", "billing_rules.csv"], table: "dxm_migrationrun",
  keyField: "definitionId", keyPrefix: "definition", dependsOn: [],
  fields: fields([
    ["definitionId", "Definition ID", "id", null, "Id", true],
    ["name", "Name", "text", null, "Name", true],
    ["trigger", "Trigger", "text", null, "When it runs"],
    ["steps", "Steps", "longText", null, "What it does"],
    ["active", "Active", "yn", null, "Y/N"],
  ]),
};

/** Every object, in dependency order. */
export const objectSpecs: ObjectSpec[] = [
  practiceSpec, providerSpec, patientSpec, insuranceSpec, appointmentSpec, procedureSpec,
  billingSpec, treatmentPlanSpec, clinicalNoteSpec, taskSpec, communicationSpec, definitionSpec,
];

export function objectSpec(kind: ObjectKind): ObjectSpec {
  const spec = objectSpecs.find((s) => s.kind === kind);
  if (!spec) throw new Error(`Unknown Dental-Exec object: ${kind}`);
  return spec;
}
