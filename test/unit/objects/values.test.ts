import { appointmentStatusOptions } from "../../../solution/model/tables/appointment";
import { isEmail, mapBoolean, mapOption, mimeTypeOf, normalisePhone, parseMoney, parsePercent, parseYesNo } from "../../../migration/objects/values";
import { contentHash, opaqueKey } from "../../../migration/objects/hash";

describe("cell values", () => {
  it("reads money as written by Dental-Exec", () => {
    expect(parseMoney("$1,234.50")).toBe(1234.5);
    expect(parseMoney("-$12.00")).toBe(-12);
    expect(parseMoney("(45.10)")).toBe(-45.1);
    expect(parseMoney("0")).toBe(0);
    expect(parseMoney("12,34x")).toBeUndefined();
    expect(parseMoney("")).toBeUndefined();
  });

  it("normalises phones lightly", () => {
    expect(normalisePhone("555.123.4567")).toBe("(555) 123-4567");
    expect(normalisePhone("+1 555 123 4567")).toBe("(555) 123-4567");
    expect(normalisePhone("5551234567 x204")).toBe("(555) 123-4567 x204");
    expect(normalisePhone("+44 20 7946 0958")).toBe("+44 20 7946 0958");
    expect(normalisePhone("  ")).toBeUndefined();
  });

  it("reads Y/N, percentages and emails", () => {
    expect(parseYesNo("Y")).toBe(true);
    expect(parseYesNo("n")).toBe(false);
    expect(parseYesNo("maybe")).toBeUndefined();
    expect(parsePercent("80%")).toBe(80);
    expect(isEmail("ann.lee@gmail.com")).toBe(true);
    for (const bad of ["jsmith@gmail", "mary.jones@@yahoo.com", "bob smith@aol.com", "no email", "kathy@hotmail..com", "tom.lee@", "@comcast.net", ".ann@x.com"]) expect(isEmail(bad)).toBe(false);
  });

  it("maps choices through the value map first, then the option labels", () => {
    expect(mapOption("No Show", { "No Show": 724100002 }, appointmentStatusOptions)).toBe(724100002);
    expect(mapOption("completed", undefined, appointmentStatusOptions)).toBe(724100001);
    expect(mapOption("NO-SHOW", undefined, appointmentStatusOptions)).toBe(724100002);
    expect(mapOption("Rescheduled", undefined, appointmentStatusOptions)).toBeUndefined();
    expect(mapBoolean("Alert", { Alert: true, None: false })).toBe(true);
  });

  it("knows attachment types by extension", () => {
    expect(mimeTypeOf("note-12-xray.JPG")).toBe("image/jpeg");
    expect(mimeTypeOf("consent.pdf")).toBe("application/pdf");
    expect(mimeTypeOf("scan.weird")).toBe("application/octet-stream");
  });

  it("hashes payloads regardless of key order, and keys without their data", async () => {
    expect(contentHash({ a: 1, b: "x" })).toBe(contentHash({ b: "x", a: 1 }));
    expect(contentHash({ a: 1, b: "x" })).not.toBe(contentHash({ a: 1, b: "y" }));
    const key = await opaqueKey("delta dental|W123456789");
    expect(key).toMatch(/^[0-9a-f]{16}$/);
    expect(key).toBe(await opaqueKey("delta dental|W123456789"));
    expect(key).not.toContain("123456789");
  });
});
