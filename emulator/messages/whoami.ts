import { json, type ApiContext, type ApiResponse } from "../api/types";

export function whoAmI(ctx: ApiContext): ApiResponse {
  const caller = ctx.caller();
  return json(200, {
    "@odata.context": `${ctx.apiBase}$metadata#Microsoft.Dynamics.CRM.WhoAmIResponse`,
    BusinessUnitId: caller.businessUnitId,
    UserId: caller.userId,
    OrganizationId: ctx.organizationId,
  });
}
