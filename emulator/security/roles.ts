import type { PrivilegeDepth, Schema, SolutionSecurityRole } from "../schema/types";
import { allPrivileges, DEPTH_ORDER, privilegeId } from "./privileges";

/** A security role of the seed: its privileges, or "all" (System Administrator). */
export interface SeedRole {
  roleid: string;
  name: string;
  privileges: "all" | { name: string; depth?: PrivilegeDepth }[];
}

/** One entry of RetrieveUserPrivileges' `RolePrivileges` (Microsoft.Dynamics.CRM.RolePrivilege). */
export interface RolePrivilege {
  Depth: PrivilegeDepth;
  PrivilegeId: string;
  BusinessUnitId: string;
  PrivilegeName: string;
}

interface InstalledRole {
  roleid: string;
  name: string;
  privileges: Map<string, { name: string; depth: PrivilegeDepth }>;
}

const deeper = (a: PrivilegeDepth, b: PrivilegeDepth) => (DEPTH_ORDER.indexOf(a) >= DEPTH_ORDER.indexOf(b) ? a : b);

/**
 * The org's security roles and who holds which: the seed's roles plus the solution's (`<Roles>`), and the
 * seed's assignments by role name. A user's privileges are the union over their roles, each at the deepest
 * depth any of them grants. Roles of a name the org does not have are skipped (the solution's role exists
 * only when the solution is imported).
 */
export class SecurityRoles {
  private readonly roles = new Map<string, InstalledRole>();
  private readonly byUser = new Map<string, InstalledRole[]>();

  constructor(schema: Schema, seedRoles: SeedRole[], solutionRoles: SolutionSecurityRole[], assignments: Record<string, string[]>) {
    const every = allPrivileges(schema);
    for (const role of [...seedRoles, ...solutionRoles]) {
      const list = role.privileges === "all" ? every.map((name) => ({ name, depth: "Global" as PrivilegeDepth })) : role.privileges.map((p) => ({ name: p.name, depth: p.depth ?? "Global" }));
      const privileges = new Map<string, { name: string; depth: PrivilegeDepth }>();
      for (const p of list) {
        const known = privileges.get(p.name.toLowerCase());
        privileges.set(p.name.toLowerCase(), { name: p.name, depth: known ? deeper(known.depth, p.depth) : p.depth });
      }
      this.roles.set(role.name.toLowerCase(), { roleid: role.roleid, name: role.name, privileges });
    }
    for (const [userId, names] of Object.entries(assignments)) {
      const held = names.map((n) => this.roles.get(n.toLowerCase())).filter((r): r is InstalledRole => r !== undefined);
      this.byUser.set(userId.toLowerCase(), held);
    }
  }

  rolesOf(userId: string): { roleid: string; name: string }[] {
    return (this.byUser.get(userId.toLowerCase()) ?? []).map((r) => ({ roleid: r.roleid, name: r.name }));
  }

  /** Privilege name (lowercase) → name and deepest depth, over the user's roles. */
  privilegesOf(userId: string): Map<string, { name: string; depth: PrivilegeDepth }> {
    const out = new Map<string, { name: string; depth: PrivilegeDepth }>();
    for (const role of this.byUser.get(userId.toLowerCase()) ?? []) {
      for (const [key, p] of role.privileges) {
        const known = out.get(key);
        out.set(key, { name: p.name, depth: known ? deeper(known.depth, p.depth) : p.depth });
      }
    }
    return out;
  }

  holds(userId: string, privilege: string): boolean {
    return (this.byUser.get(userId.toLowerCase()) ?? []).some((r) => r.privileges.has(privilege.toLowerCase()));
  }

  /** RetrieveUserPrivileges' answer: one entry per privilege the user holds, in the user's business unit. */
  rolePrivileges(userId: string, businessUnitId: string): RolePrivilege[] {
    return [...this.privilegesOf(userId).values()]
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((p) => ({ Depth: p.depth, PrivilegeId: privilegeId(p.name), BusinessUnitId: businessUnitId, PrivilegeName: p.name }));
  }
}
