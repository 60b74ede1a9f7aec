import type { FieldSecurityProfileDef, SecurityRoleDef } from "../components/types";
import { braced, componentGuid } from "./guid";
import { el, flag, text, type XmlElement } from "./xml";

export const roleGuid = (role: SecurityRoleDef): string => componentGuid(`role/${role.name}`);
export const profileGuid = (profile: FieldSecurityProfileDef): string => componentGuid(`fieldsecurityprofile/${profile.name}`);

export function roleXml(role: SecurityRoleDef): XmlElement {
  return el("Role", { id: braced(roleGuid(role)), name: role.name },
    flag("IsCustomizable", true),
    text("IntroducedVersion", "1.0.0.0"),
    el("RolePrivileges", null, role.privileges.map((p) => el("RolePrivilege", { name: p.name, level: p.level }))));
}

/** FieldPermission CanRead/CanUpdate/CanCreate: 4 allowed, 0 not allowed. */
const ALLOWED = 4;

export function fieldSecurityProfileXml(profile: FieldSecurityProfileDef): XmlElement {
  return el("FieldSecurityProfile", { fieldsecurityprofileid: braced(profileGuid(profile)), name: profile.name, description: profile.description },
    el("FieldPermissions", null, profile.columns.map((c) =>
      el("FieldPermission", null,
        text("EntityName", c.table),
        text("AttributeName", c.column),
        text("CanRead", ALLOWED),
        text("CanUpdate", ALLOWED),
        text("CanCreate", ALLOWED)))));
}
