/**
 * Facts about the standard tables the solution extends: schema names (customizations.xml names entities by
 * schema name) and the standard columns it secures. Checked against
 * reference/dataverse/standard-tables.json by the tests.
 */
export interface StandardTableFacts {
  schemaName: string;
  entitySet: string;
  primaryIdColumn: string;
  primaryNameColumn: string;
  /** Privilege name stem: prvCreate<stem> (activities share "Activity", annotation is "Note"). */
  privilegeStem: string;
}

const activity = (schemaName: string, entitySet: string): StandardTableFacts =>
  ({ schemaName, entitySet, primaryIdColumn: "activityid", primaryNameColumn: "subject", privilegeStem: "Activity" });

export const standardTables: Record<string, StandardTableFacts> = {
  contact: { schemaName: "Contact", entitySet: "contacts", primaryIdColumn: "contactid", primaryNameColumn: "fullname", privilegeStem: "Contact" },
  account: { schemaName: "Account", entitySet: "accounts", primaryIdColumn: "accountid", primaryNameColumn: "name", privilegeStem: "Account" },
  task: activity("Task", "tasks"),
  phonecall: activity("PhoneCall", "phonecalls"),
  email: activity("Email", "emails"),
  appointment: activity("Appointment", "appointments"),
  connection: { schemaName: "Connection", entitySet: "connections", primaryIdColumn: "connectionid", primaryNameColumn: "name", privilegeStem: "Connection" },
  annotation: { schemaName: "Annotation", entitySet: "annotations", primaryIdColumn: "annotationid", primaryNameColumn: "subject", privilegeStem: "Note" },
  systemuser: { schemaName: "SystemUser", entitySet: "systemusers", primaryIdColumn: "systemuserid", primaryNameColumn: "fullname", privilegeStem: "User" },
};

export function standardTable(logicalName: string): StandardTableFacts {
  const facts = standardTables[logicalName];
  if (!facts) throw new Error(`No facts recorded for standard table ${logicalName}`);
  return facts;
}

/**
 * Standard columns the solution marks IsSecured and puts in the field security profile: the patient's date
 * of birth. (Notes are clinical too, but annotation.notetext cannot be secured; the security role and the
 * patient's ownership guard it.)
 */
export const securedStandardColumns: { table: string; column: string; displayName: string; crmType: "datetime" | "nvarchar" }[] = [
  { table: "contact", column: "birthdate", displayName: "Birthday", crmType: "datetime" },
];
