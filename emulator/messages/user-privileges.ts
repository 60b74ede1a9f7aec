import type { TableSchema } from "../schema/types";
import { errors } from "../records/errors";
import { parseKey } from "../odata/keys";
import { json, type ApiContext, type ApiResponse } from "../api/types";

/**
 * `GET systemusers(<id>)/Microsoft.Dynamics.CRM.RetrieveUserPrivileges()`: the privileges the user holds
 * through their security roles, as `RolePrivileges` (Depth, PrivilegeId, BusinessUnitId, PrivilegeName), one
 * per privilege at the deepest depth any of the user's roles grants. Reading another user needs prvReadUser.
 */
export function retrieveUserPrivileges(ctx: ApiContext, table: TableSchema, keyText: string): ApiResponse {
  const key = parseKey(keyText, table);
  if (!("id" in key)) throw errors.badRequest("RetrieveUserPrivileges is bound to a system user addressed by its id.");
  const row = ctx.records.find(table, key);
  if (!row) throw errors.notFound(table.logicalName, key.id);
  const userId = String(row.systemuserid);
  return {
    ...json(200, {
      "@odata.context": `${ctx.apiBase}$metadata#Microsoft.Dynamics.CRM.RetrieveUserPrivilegesResponse`,
      RolePrivileges: ctx.access.roles.rolePrivileges(userId, String(row.businessunitid ?? "")),
    }),
    operations: 1,
    table: table.logicalName,
  };
}
