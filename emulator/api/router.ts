import { errors } from "../records/errors";
import { refuseFilter } from "../limits/refusals";
import { bulk, BULK_MESSAGES, type BulkMessage } from "../messages/bulk";
import { bulkDelete } from "../messages/bulk-delete";
import { metadata } from "../messages/metadata";
import { whoAmI } from "../messages/whoami";
import { retrieveUserPrivileges } from "../messages/user-privileges";
import type { AnnotationUploads } from "../messages/annotation-upload";
import { collection, count, single } from "./entities";
import { json, noContent, type ApiContext, type ApiRequest, type ApiResponse } from "./types";

/** `set`, `set(key)`, `set/segment`, `set(key)/segment`; keys may hold quoted strings with parentheses. */
const RESOURCE = /^([A-Za-z_][A-Za-z0-9_]*)(?:\(((?:[^)']|'(?:[^']|'')*')*)\))?(?:\/(.+))?$/;

/** The bound function `systemusers(<id>)/Microsoft.Dynamics.CRM.RetrieveUserPrivileges()`. */
const USER_PRIVILEGES = /^(Microsoft\.Dynamics\.CRM\.)?RetrieveUserPrivileges(\(\))?$/;

/**
 * Routes one Web API request (no transaction handling here: the HTTP layer wraps each request, `$batch`
 * each change set). Hand-written rather than a router library: OData paths (`contacts(dxm_sourcekey='a')`,
 * bound actions, metadata casts) are not what general-purpose routers match.
 */
export function route(ctx: ApiContext, uploads: AnnotationUploads, request: ApiRequest): ApiResponse {
  const path = request.path.replace(/^\/+/, "");
  ctx.access.checkBypass(request.headers);
  const post = (fn: () => ApiResponse) => {
    if (request.method !== "POST") throw errors.badRequest(`The HTTP method '${request.method}' is not allowed for '${path}'.`);
    return fn();
  };
  switch (path) {
    case "":
      return json(200, {
        "@odata.context": `${ctx.apiBase}$metadata`,
        value: [...ctx.schema.tables.values()].map((t) => ({ name: t.entitySetName, kind: "EntitySet", url: t.entitySetName })),
      });
    case "WhoAmI":
    case "WhoAmI()":
      return whoAmI(ctx);
    case "PublishXml":
    case "PublishAllXml":
      return post(() => noContent());
    case "BulkDelete":
      return post(() => {
        ctx.access.requirePrivilege("prvBulkDelete");
        return bulkDelete(ctx, request);
      });
    case "InitializeAnnotationBlocksUpload":
      return post(() => uploads.initialize(ctx, request));
    case "UploadBlock":
      return post(() => uploads.uploadBlock(ctx, request));
    case "CommitAnnotationBlocksUpload":
      return post(() => uploads.commit(ctx, request));
  }
  if (path.startsWith("EntityDefinitions")) return metadata(ctx, path.slice("EntityDefinitions".length), request);
  const m = path.match(RESOURCE);
  if (!m) throw errors.resourceNotFound(path.split(/[/(]/)[0]);
  const [, entitySet, keyText, segment] = m;
  const table = ctx.records.tableBySet(entitySet);
  if (request.method === "GET") ctx.access.require(table, "Read");
  const refused = request.method === "GET" ? refuseFilter(ctx.refusals, table.logicalName, request.query.get("$filter")) : undefined;
  if (refused) throw refused;
  if (keyText === undefined) {
    if (segment === undefined) return collection(ctx, table, request);
    if (segment === "$count") return count(ctx, table, request);
    const message = segment.replace(/^Microsoft\.Dynamics\.CRM\./, "") as BulkMessage;
    if (BULK_MESSAGES.includes(message)) return bulk(ctx, table, message, request);
    throw errors.resourceNotFound(segment);
  }
  if (table.logicalName === "systemuser" && segment !== undefined && USER_PRIVILEGES.test(segment)) {
    if (request.method !== "GET") throw errors.badRequest(`The HTTP method '${request.method}' is not allowed for '${segment}'.`);
    return retrieveUserPrivileges(ctx, table, keyText);
  }
  if (segment !== undefined) throw errors.resourceNotFound(segment);
  return single(ctx, table, keyText, request);
}
