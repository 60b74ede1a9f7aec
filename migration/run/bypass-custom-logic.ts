/**
 * Skipping the org's custom plug-ins and flows while a run writes (Microsoft Learn, "Bypass custom Dataverse
 * logic"): every write carries `MSCRM.BypassBusinessLogicExecution: CustomSync,CustomAsync`, and only when the
 * user holds prvBypassCustomBusinessLogic (Dataverse refuses the header otherwise). Found out before the
 * first write, so a refusal leaves nothing behind.
 */
import type { DataverseClientApi, WriteOptions } from "../../dataverse/types";
import { BYPASS_CUSTOM_LOGIC_PRIVILEGE, roleGranting } from "../plan";

export const BYPASS_CUSTOM_LOGIC_VALUE = "CustomSync,CustomAsync";

/** RetrieveUserPrivileges (bound to systemuser): the privilege names the user holds through their roles. */
export async function privilegesOf(client: DataverseClientApi, userId: string): Promise<string[]> {
  const result = await client.execute<{ RolePrivileges?: { PrivilegeName: string }[] }>("GET", `systemusers(${userId})/Microsoft.Dynamics.CRM.RetrieveUserPrivileges()`);
  return (result.RolePrivileges ?? []).map((p) => p.PrivilegeName);
}

/** The user may not bypass custom business logic (or the org would not say): nothing was written. */
export class BypassNotAllowedError extends Error {
  constructor(reason: string) {
    super(`Bypassing custom business logic was asked for, but ${reason}. Nothing migrated: run without bypassing (the org's plug-ins and flows then run on every record), or have the security role "${roleGranting(BYPASS_CUSTOM_LOGIC_PRIVILEGE)}" (or another role holding ${BYPASS_CUSTOM_LOGIC_PRIVILEGE}) assigned.`);
    this.name = "BypassNotAllowedError";
  }
}

/** Throws BypassNotAllowedError unless the signed-in user holds prvBypassCustomBusinessLogic. */
export async function assertMayBypassCustomLogic(client: DataverseClientApi): Promise<void> {
  const { UserId } = await client.whoAmI();
  let held: string[];
  try {
    held = await privilegesOf(client, UserId);
  } catch (error) {
    throw new BypassNotAllowedError(`the org did not list the user's privileges (${error instanceof Error ? error.message : String(error)})`);
  }
  if (!held.some((p) => p.toLowerCase() === BYPASS_CUSTOM_LOGIC_PRIVILEGE.toLowerCase())) throw new BypassNotAllowedError(`the user lacks ${BYPASS_CUSTOM_LOGIC_PRIVILEGE}`);
}

const WRITES = new Set(["create", "update", "upsert", "executeBatch", "createMultiple", "updateMultiple", "upsertMultiple"]);
/** Where each write method takes its WriteOptions. */
const OPTIONS_AT: Record<string, number> = { create: 2, update: 3, upsert: 4, executeBatch: 1, createMultiple: 3, updateMultiple: 3, upsertMultiple: 3 };

/** The same client, every record write (single, bulk message or `$batch`) carrying the bypass header. */
export function withBypassCustomLogic(client: DataverseClientApi): DataverseClientApi {
  return new Proxy(client, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== "function") return value;
      const name = String(property);
      if (!WRITES.has(name)) return (value as (...args: unknown[]) => unknown).bind(target);
      return (...args: unknown[]) => {
        const at = OPTIONS_AT[name];
        const given = (args[at] as WriteOptions | undefined) ?? {};
        const padded = [...args];
        while (padded.length < at) padded.push(undefined);
        padded[at] = { ...given, bypassBusinessLogic: BYPASS_CUSTOM_LOGIC_VALUE };
        return (value as (...a: unknown[]) => unknown).apply(target, padded);
      };
    },
  });
}
