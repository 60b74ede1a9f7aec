/**
 * Dataverse's error responses: HTTP status, hexadecimal error code and message, as the Web API returns
 * them in `{"error":{"code","message"}}`. README lists which codes and texts come from Microsoft's docs.
 */
export class DataverseError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly headers: Record<string, string> = {}) {
    super(message);
  }
  toJson(): { error: { code: string; message: string } } {
    return { error: { code: this.code, message: this.message } };
  }
}

const type = (table: string) => `Microsoft.Dynamics.CRM.${table}`;

interface TableRef {
  logicalName: string;
  entitySetName: string;
}

export const errors = {
  resourceNotFound: (segment: string) => new DataverseError(404, "0x8006088a", `Resource not found for the segment '${segment}'.`),
  propertyNotFound: (property: string, table: string) => new DataverseError(400, "0x0", `Could not find a property named '${property}' on type '${type(table)}'.`),
  undeclaredProperty: (property: string, table: TableRef) =>
    errors.payload(table.entitySetName, `The property '${property}' does not exist on type '${type(table.logicalName)}'. Make sure to only use property names that are defined by the type or mark the type as open type.`),
  undeclaredNavigation: (property: string, table: TableRef) =>
    errors.payload(table.entitySetName, `An undeclared property '${property}' which only has property annotations in the payload but no property value was found in the payload. In OData, only declared navigation properties and declared named streams can be represented as properties without values.`),
  lookupValueDirect: () => new DataverseError(400, "0x80060888", "CRM do not support direct update of Entity Reference properties, Use Navigation properties instead."),
  payload: (entitySet: string, detail: string) =>
    new DataverseError(400, "0x80048d19", `Error identified in Payload provided by the user for Entity :'${entitySet}', For more information on this error please follow this help link https://go.microsoft.com/fwlink/?linkid=2195293  ----> InnerException : Microsoft.OData.ODataException: ${detail}`),
  maxLength: (attribute: string, table: string, max: number) =>
    new DataverseError(400, "0x80044331", `A validation error occurred. The length of the '${attribute}' attribute of the '${table}' entity exceeded the maximum allowed length of '${max}'.`),
  outOfRange: (value: unknown, attribute: string, table: string, accepted?: number[]) =>
    new DataverseError(400, "0x8004431a", `A validation error occurred. The value ${String(value)} of '${attribute}' on record of type '${table}' is outside the valid range.${accepted ? ` Accepted Values: ${accepted.join(",")}` : ""}`),
  required: (attribute: string, table: string) =>
    new DataverseError(400, "0x80040203", `Attribute '${attribute}' of entity '${table}' is required and cannot be null or empty.`),
  statusForState: (status: number, table: string, stateLabel: string, id: string) =>
    new DataverseError(400, "0x80048408", `${status} is not a valid status code for state code ${table.charAt(0).toUpperCase()}${table.slice(1)}State.${stateLabel.replace(/\s+/g, "")} on ${table} with Id ${id}.`),
  // The message Dataverse gives (seen in public code); its error code is not documented, so none is claimed.
  closedActivity: () => new DataverseError(400, "0x0", "Cannot update Closed or Cancelled Activity"),
  notFound: (table: string, id: string) => new DataverseError(404, "0x80040217", `${table} With Ids = ${id} Do Not Exist`),
  keyNotFound: (table: string) => new DataverseError(404, "0x80060891", `A record with the specified key values does not exist in ${table} entity`),
  duplicateKey: (table: string, key: string, attributes: string[]) =>
    new DataverseError(412, "0x80060892", `A record that has the attribute values ${attributes.join(", ")} already exists. The entity key ${key} requires that this set of attributes contains unique values. Select unique values and try again.`),
  duplicateId: () => new DataverseError(412, "0x80040237", "Cannot insert duplicate key."),
  alreadyExists: () => new DataverseError(412, "0x80040237", "A record with matching key values already exists."),
  etagMismatch: () => new DataverseError(412, "0x80060882", "The version of the existing record doesn't match the RowVersion property provided."),
  restrictDelete: (table: string, referencing: string) =>
    new DataverseError(400, "0x80040227", `The record cannot be deleted because it is associated with another record (${referencing}). Remove the association and try again. Entity: ${table}`),
  readOnlyTable: (table: string) => new DataverseError(405, "0x80060888", `The entity set for '${table}' does not support this operation.`),
  /** A synchronous plug-in threw InvalidPluginExecutionException: -2147220891 (0x80040265), its message passed through. */
  pluginRefused: (message: string) => new DataverseError(400, "0x80040265", message),
  badRequest: (message: string, code = "0x0") => new DataverseError(400, code, message),
  bulkNotSupported: (message: string, table: string) =>
    new DataverseError(400, "0x80040800", `The '${message}' method does not support entities of type '${table}'. MessageProcessorCache returned MessageProcessor.Empty. `),
  fileTooLarge: () => new DataverseError(400, "0x80043e09", "The attachment is either not a valid type or is too large. It cannot be uploaded or downloaded."),
  batchTooLarge: (n: number) => new DataverseError(400, "0x8005f103", `The number of requests in a batch (${n}) exceeds the limit of 1000.`),
  // Wording as users quote it from Dataverse; the error code is not documented, so this one is chosen (README).
  userDisabled: (userId: string, organizationId: string) =>
    new DataverseError(403, "0x80040225", `The user with SystemUserId=${userId} in OrganizationContext=${organizationId} is disabled. Disabled users cannot access the system. Consider enabling this user. Also, users are disabled if they don't have a license or if the user is not part of the security group attached to this environment.`),
  unexpected: () => new DataverseError(500, "0x80040216", "An unexpected error occurred."),
  unavailable: () => new DataverseError(503, "0x80072329", "The service is temporarily unavailable. Try again later."),
};
