import type { ObjectVocabulary } from "./vocabulary";

export const communicationVocabulary: ObjectVocabulary = {
  kind: "communication",
  fileWords: ["communication", "contact log", "log", "call", "correspondence", "message", "interaction"],
  contextWords: ["communication", "log", "contact", "message"],
  synonyms: {
    commId: ["communication id", "comm id", "log id", "entry id", "message id", "contact id"],
    patientId: ["patient id", "patient", "chart number", "chart"],
    staffId: ["staff id", "staff", "user id", "user", "employee id", "staff member", "agent", "handled by"],
    type: ["type", "communication type", "channel", "method", "contact type", "medium"],
    direction: ["direction", "inbound outbound", "in out", "sent received", "incoming outgoing"],
    start: ["start", "start date", "start time", "date", "date time", "timestamp", "sent", "when"],
    end: ["end", "end date", "end time", "finished"],
    subject: ["subject", "title", "topic", "summary"],
    body: ["details", "body", "notes", "message", "text", "content", "description"],
    address: ["email phone", "address", "phone", "email", "phone number", "to", "phone email", "sent to", "email address"],
  },
};
