import type { ObjectVocabulary } from "./vocabulary";

export const definitionVocabulary: ObjectVocabulary = {
  kind: "definition",
  fileWords: ["workflow", "reminder sequence", "billing rule", "rule", "definition", "sequence", "automation"],
  contextWords: ["definition", "workflow", "rule", "sequence", "reminder"],
  synonyms: {
    definitionId: ["definition id", "workflow id", "rule id", "sequence id", "reminder id", "id"],
    name: ["name", "workflow name", "rule name", "sequence name", "title"],
    trigger: ["trigger", "event", "condition", "when", "trigger event"],
    steps: ["steps", "actions", "action", "definition", "script", "logic"],
    active: ["active", "enabled", "status", "active flag"],
  },
};
