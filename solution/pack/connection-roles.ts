import type { SolutionModel } from "../model/types";
import { braced, componentGuid } from "./guid";
import { el, flag, text, type XmlElement } from "./xml";

type ConnectionRole = SolutionModel["connectionRoles"][number];

export const connectionRoleGuid = (role: ConnectionRole): string => componentGuid(`connectionrole/${role.name}`);

/** Which tables each role applies to: patients are contacts, practice locations are accounts. */
const appliesTo: Record<string, string> = { Patient: "contact", "Practice location": "account" };

/** Connection roles, each matching the other (a patient is seen at a practice location and vice versa). */
export function connectionRolesXml(roles: ConnectionRole[]): XmlElement {
  return el("ConnectionRoles", null,
    el("ConnectionRoles", null, roles.map((role) =>
      el("ConnectionRole", null,
        text("connectionroleid", braced(connectionRoleGuid(role))),
        text("name", role.name),
        text("category", role.category),
        text("description", role.description),
        flag("IsCustomizable", true),
        text("IntroducedVersion", "1.0.0.0"),
        appliesTo[role.name] ? el("ConnectionRoleObjectTypeCodes", null,
          el("ConnectionRoleObjectTypeCode", null,
            text("connectionroleobjecttypecodeid", braced(componentGuid(`connectionrole/${role.name}/${appliesTo[role.name]}`))),
            text("associatedobjecttypecode", appliesTo[role.name]))) : null))),
    el("ConnectionRoleAssociations", null, roles.flatMap((role) => roles.filter((other) => other !== role).map((other) =>
      el("ConnectionRoleAssociation", null,
        text("connectionroleid", braced(connectionRoleGuid(role))),
        text("associatedconnectionroleid", braced(connectionRoleGuid(other))))))));
}
