import type { ObjectVocabulary } from "./vocabulary";

export const taskVocabulary: ObjectVocabulary = {
  kind: "task",
  fileWords: ["task", "recall", "hygiene", "todo", "followup", "follow up"],
  contextWords: ["task", "recall"],
  synonyms: {
    taskId: ["task id", "recall id", "task number", "followup id"],
    patientId: ["patient id", "patient", "chart number", "chart"],
    providerId: ["assigned", "assigned to", "provider id", "staff id", "provider", "assigned staff", "staff", "user id", "assigned id"],
    taskType: ["task type", "type", "recall type", "category"],
    subject: ["subject", "title", "task", "description", "summary"],
    dueDate: ["due date", "due", "date due", "recall date", "due on"],
    status: ["status", "task status", "state"],
    notes: ["notes", "note", "comments", "details", "text"],
    createdDate: ["created date", "date created", "created", "entry date"],
  },
};
