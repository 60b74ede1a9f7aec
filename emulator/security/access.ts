import type { Schema, TableSchema } from "../schema/types";
import { missingPrivilege, objectTypeCode, recordPrivilege, type RecordAccess } from "./privileges";
import type { SecurityRoles } from "./roles";

/** Headers that ask Dataverse to skip custom business logic, and the privilege each needs (Microsoft Learn, "Bypass custom Dataverse logic"). */
export const BYPASS_HEADERS: { header: string; privilege: string; applies: (value: string) => boolean }[] = [
  { header: "mscrm.bypassbusinesslogicexecution", privilege: "prvBypassCustomBusinessLogic", applies: (v) => v.trim() !== "" },
  { header: "mscrm.bypasscustompluginexecution", privilege: "prvBypassCustomPlugins", applies: (v) => v.trim().toLowerCase() === "true" },
];

/**
 * The privilege checks of one request: who runs it (set around each request's synchronous execution) and
 * whether their roles grant what it does. Outside a request (the seed, asynchronous jobs) nothing is checked.
 * Privileges are checked by name only: depth (Basic, Local, Deep, Global), record ownership, business units
 * and sharing are not evaluated.
 */
export class AccessControl {
  private current?: string;
  /** Requests that asked to bypass custom business logic, and were allowed to (`/_admin/stats`). */
  bypassRequests = 0;

  constructor(private readonly schema: Schema, readonly roles: SecurityRoles) {}

  /** Runs `fn` as the user; checks inside it apply to them. */
  runAs<T>(userId: string, fn: () => T): T {
    const previous = this.current;
    this.current = userId;
    try {
      return fn();
    } finally {
      this.current = previous;
    }
  }

  /** The user the running request acts for, if a request is running. */
  get caller(): string | undefined {
    return this.current;
  }

  /** Throws Dataverse's missing-privilege error unless the running user holds `privilege`. */
  requirePrivilege(privilege: string, table?: TableSchema): void {
    const userId = this.current;
    if (userId === undefined || this.roles.holds(userId, privilege)) return;
    throw missingPrivilege({
      userId,
      roleCount: this.roles.rolesOf(userId).length,
      privilegeCount: this.roles.privilegesOf(userId).size,
      privilege,
      otc: table ? objectTypeCode(this.schema, table.logicalName) : 0,
      entity: table?.logicalName ?? "",
    });
  }

  require(table: TableSchema, access: RecordAccess): void {
    this.requirePrivilege(recordPrivilege(table, access), table);
  }

  /** A request that carries a bypass header needs the privilege for it; an allowed one is counted. */
  checkBypass(headers: Record<string, string>): void {
    let asked = false;
    for (const b of BYPASS_HEADERS) {
      const value = headers[b.header];
      if (value === undefined || !b.applies(value)) continue;
      this.requirePrivilege(b.privilege);
      asked = true;
    }
    if (asked) this.bypassRequests++;
  }
}
