import type { ObjectVocabulary } from "./vocabulary";

export const clinicalNoteVocabulary: ObjectVocabulary = {
  kind: "clinicalNote",
  fileWords: ["clinical note", "note", "chart note", "progress note", "narrative", "soap"],
  contextWords: ["note", "clinical", "progress"],
  synonyms: {
    noteId: ["note id", "clinical note id", "entry id", "note number"],
    patientId: ["patient id", "patient", "chart number", "chart"],
    providerId: ["provider id", "provider", "author", "doctor", "written by", "dentist", "author id"],
    noteDate: ["note date", "date", "date time", "entry date", "written", "visit date", "note time", "timestamp", "created", "created date"],
    subject: ["subject", "title", "heading", "note title", "note type"],
    text: ["note text", "text", "note", "narrative", "body", "details", "clinical note", "comments"],
    attachment: ["attachment", "file", "file name", "attachment file", "document"],
  },
};
