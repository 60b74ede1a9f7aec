/**
 * The proposed map: which file holds which Dental-Exec object and where each column lands, with a
 * confidence and evidence, then the admin's confirmation as a versioned map. Pure, no I/O, no logging.
 */
export type * from "./types";
export { proposeMapping } from "./propose";
export { findRelationships, relationshipsFromValues, type RelationshipOptions } from "./relationships";
export { confirmMap } from "./confirm";
export { learnedChoices, normaliseHeader } from "./learned";
export { validateConfirmedMap, MapValidationError } from "./validate";
export { serializeMap, parseMap, parseMapDocument, storedMapOf } from "./serialize";
export { targetsFor } from "./targets";
export { proposeValueMap, choicesFor, type ValueChoice, type ValueMapProposal } from "./value-maps";
export { headerTokens, rawTokens } from "./tokens";
export { jaroWinkler, tokenDice } from "./similarity";
export { typeShares } from "./signals/profile";
