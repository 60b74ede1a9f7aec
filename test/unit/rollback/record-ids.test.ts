/**
 * The rollback's packed id set and the ledger index built on it: every id comes back as it went in (in
 * Dataverse's lower case), places follow the order ids were added, and a batch is found from any id it lists.
 */
import { randomUUID } from "node:crypto";
import { idSequence, RecordIds } from "../../../migration/rollback/record-ids";
import { batchesListing, type TableLedger } from "../../../migration/rollback/ledger-index";

/** Sequential GUIDs as SQL Server's NEWSEQUENTIALID makes them: only a few bytes change from one to the next. */
const sequential = (n: number) => `${n.toString(16).padStart(8, "0")}-1d2e-f011-8000-00155d000001`;

describe("RecordIds", () => {
  it("keeps random and sequential GUIDs through many growths, each once, at the place it was added", () => {
    const ids = new RecordIds();
    const added = [...Array.from({ length: 30_000 }, () => randomUUID()), ...Array.from({ length: 30_000 }, (_, i) => sequential(i))];
    const places = added.map((id) => ids.add(id));
    expect(places).toEqual(added.map((_, i) => i));
    expect(ids.size).toBe(added.length);
    expect(ids.add(added[12_345])).toBe(12_345);
    expect(ids.size).toBe(added.length);
    expect(added.map((id) => ids.placeOf(id))).toEqual(places);
    expect(idSequence(ids, [], new Set()).slice(0, added.length)).toEqual(added);
    expect(ids.has(randomUUID())).toBe(false);
    expect(ids.has(sequential(30_000))).toBe(false);
  });

  it("finds an upper-case GUID and gives it back in lower case", () => {
    const ids = new RecordIds();
    const id = randomUUID();
    ids.add(id.toUpperCase());
    expect(ids.placeOf(id)).toBe(0);
    expect(ids.id(0)).toBe(id);
  });

  it("keeps ids that are not GUIDs as they are, beside the GUIDs", () => {
    const ids = new RecordIds();
    const guid = randomUUID();
    for (const id of ["c1", guid, "{" + guid + "}", "zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz", ""]) ids.add(id);
    expect(ids.size).toBe(5);
    expect(idSequence(ids, [], new Set()).slice(0, 5)).toEqual(["c1", guid, "{" + guid + "}", "zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz", ""]);
    expect(ids.placeOf("c1")).toBe(0);
    expect(ids.placeOf("C1")).toBe(-1);
    for (let i = 0; i < 5000; i++) ids.add(sequential(i));
    expect(ids.placeOf("zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz")).toBe(3);
    expect(ids.placeOf(sequential(4999))).toBe(5004);
  });

  it("flags ids one by one", () => {
    const ids = new RecordIds();
    for (let i = 0; i < 3000; i++) ids.add(sequential(i));
    ids.flag(7);
    ids.flag(2999);
    expect([...Array(3000).keys()].filter((place) => ids.flagged(place))).toEqual([7, 2999]);
  });
});

describe("idSequence", () => {
  const ids = new RecordIds();
  const own = Array.from({ length: 10 }, (_, i) => sequential(i));
  own.forEach((id) => ids.add(id));
  const more = ["m1", "m2", "m3"];

  it("lists the set's ids, then the others, in slices across the seam", () => {
    const seq = idSequence(ids, more, new Set());
    expect(seq.length).toBe(13);
    expect(seq.slice(0, 13)).toEqual([...own, ...more]);
    expect(seq.slice(8, 12)).toEqual([own[8], own[9], "m1", "m2"]);
    expect(seq.slice(11, 99)).toEqual(["m2", "m3"]);
  });

  it("leaves out what it is told to, from both parts", () => {
    const seq = idSequence(ids, more, new Set([own[0], own[5], "m2", "not-there"]));
    expect(seq.length).toBe(10);
    expect(seq.slice(0, 10)).toEqual([...own.filter((_, i) => i !== 0 && i !== 5), "m1", "m3"]);
  });

  it("is empty for a table the ledger does not list", () => {
    expect(idSequence(undefined, [], new Set()).slice(0, 5)).toEqual([]);
  });
});

describe("batchesListing", () => {
  it("finds each batch from its created records (by place) and from its other records", () => {
    const created = new RecordIds();
    const head = { runId: "r", table: "contact", beforeImages: {}, status: "Written" as const };
    const batches = [0, 1, 2].map((n) => {
      const from = created.size;
      for (let i = 0; i < 4; i++) created.add(sequential(10 * n + i));
      return { ...head, id: `b${n}`, sequence: n, operation: "Create" as const, from, to: created.size, others: [] as string[] };
    });
    const update = { ...head, id: "u", sequence: 3, operation: "Update" as const, from: created.size, to: created.size, others: ["elsewhere", sequential(21)] };
    const table: TableLedger = { created, updated: new Map([["elsewhere", {}]]), batches: [...batches, update] };
    const names = (ids: string[]) => [...batchesListing(table, new Set(ids))].map((b) => b.id).sort();
    expect(names([sequential(0)])).toEqual(["b0"]);
    expect(names([sequential(3), sequential(20)])).toEqual(["b0", "b2"]);
    expect(names([sequential(21)])).toEqual(["b2", "u"]);
    expect(names(["elsewhere"])).toEqual(["u"]);
    expect(names([sequential(99)])).toEqual([]);
  });
});
