import { readFileSync } from "node:fs";
import { join } from "node:path";
import { buildSchema } from "../../../emulator/schema";
import { parseXml } from "../../../emulator/schema/xml";

const reference = join(__dirname, "../../../reference");
const example = readFileSync(join(reference, "example-solution-export/customizations.xml"), "utf8");

describe("customizations.xml import", () => {
  const schema = buildSchema(example, join(reference, "dataverse/standard-tables.json"));

  it("imports a custom table with its entity set, primary columns, lengths and required levels", () => {
    const project = schema.tables.get("cr97b_project")!;
    expect(project.entitySetName).toBe("cr97b_projects");
    expect(project.primaryIdAttribute).toBe("cr97b_projectid");
    expect(project.primaryNameAttribute).toBe("cr97b_projectcode");
    expect(project.attributes.get("cr97b_projectcode")).toMatchObject({ type: "string", maxLength: 100, requiredLevel: "ApplicationRequired" });
    expect(project.attributes.get("statecode")?.options?.map((o) => o.value)).toEqual([0, 1]);
  });

  it("turns relationships into lookups, navigation properties and cascade settings", () => {
    const project = schema.tables.get("cr97b_project")!;
    expect(project.navigations.get("cr97b_Contract")).toEqual({ name: "cr97b_Contract", attribute: "cr97b_contract", targets: ["contract"] });
    const taskLink = schema.relationships.find((r) => r.name === "cr97b_Project_cr97b_Project_Task");
    expect(taskLink).toMatchObject({ referencingTable: "task", referencedTable: "cr97b_project", cascadeDelete: "RemoveLink" });
    expect(schema.tables.get("task")!.attributes.get("cr97b_project")?.type).toBe("lookup");
  });

  it("keeps the standard tables' real navigation names", () => {
    const contact = schema.tables.get("contact")!;
    expect(contact.navigations.get("parentcustomerid_account")).toEqual({ name: "parentcustomerid_account", attribute: "parentcustomerid", targets: ["account"] });
    expect(contact.navigations.get("ownerid")?.targets).toEqual(["systemuser", "team"]);
    expect(schema.tables.get("task")!.navigations.get("regardingobjectid_contact_task")?.attribute).toBe("regardingobjectid");
    expect(schema.tables.get("annotation")!.navigations.get("objectid_contact")?.attribute).toBe("objectid");
    expect(schema.tables.get("systemuser")!.primaryIdAttribute).toBe("systemuserid");
  });
});

describe("the XML reader", () => {
  it("reads elements, attributes, entities and CDATA, and refuses mismatched tags", () => {
    const doc = parseXml(`<?xml version="1.0"?><a x="1 &amp; 2"><b>t&lt;u</b><c/><![CDATA[<raw>]]></a>`);
    const a = doc.children[0];
    expect(a.attrs.x).toBe("1 & 2");
    expect(a.children.map((c) => c.name)).toEqual(["b", "c"]);
    expect(a.children[0].text).toBe("t<u");
    expect(a.text).toBe("<raw>");
    expect(() => parseXml("<a><b></a>")).toThrow(/closes/);
  });
});
