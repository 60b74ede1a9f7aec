import type { RowValues } from "./context";

/**
 * The practice's automation as Dental-Exec lists it: workflows, reminder sequences and billing rules. They
 * do not migrate as records; the run keeps them for the admin to rebuild in Dynamics.
 */
export const DEFINITION_FILES: Record<string, RowValues[]> = {
  "workflows.csv": [
    { definitionId: "WF-1", name: "New patient intake", trigger: "Patient created", steps: "Send welcome email\r\nCreate task: verify insurance\r\nSchedule comprehensive exam", active: "Y" },
    { definitionId: "WF-2", name: "Treatment plan follow-up", trigger: "Plan presented, not accepted after 14 days", steps: "Create task for treatment coordinator\r\nSend plan summary email", active: "Y" },
    { definitionId: "WF-3", name: "Broken appointment", trigger: "Appointment marked No-Show", steps: "Create call task\r\nAdd note to patient", active: "Y" },
    { definitionId: "WF-4", name: "Birthday greeting", trigger: "Birth date", steps: "Send birthday email", active: "N" },
  ],
  "reminder_sequences.csv": [
    { definitionId: "RS-1", name: "Recall reminders", trigger: "30 days before recall due", steps: "Email at -30 days\r\nText at -14 days\r\nCall at -7 days", active: "Y" },
    { definitionId: "RS-2", name: "Appointment confirmation", trigger: "2 days before appointment", steps: "Text 48h before\r\nCall 24h before if unconfirmed", active: "Y" },
    { definitionId: "RS-3", name: "Unscheduled treatment", trigger: "Accepted plan with no appointment after 30 days", steps: "Email\r\nCall after 7 days", active: "Y" },
  ],
  "billing_rules.csv": [
    { definitionId: "BR-1", name: "Statement cycle", trigger: "Monthly, 1st", steps: "Send statements for balances over $5.00", active: "Y" },
    { definitionId: "BR-2", name: "Finance charge", trigger: "Balance over 90 days", steps: "Add 1.5% monthly finance charge", active: "N" },
    { definitionId: "BR-3", name: "Insurance aging", trigger: "Claim pending over 30 days", steps: "Create task: follow up with carrier", active: "Y" },
    { definitionId: "BR-4", name: "Write-off small balances", trigger: "Balance under $2.00 after insurance", steps: "Adjust to zero with code WO-SMALL", active: "Y" },
  ],
};
