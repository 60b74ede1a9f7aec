import { emulator } from "./helpers";

describe("emulator queries", () => {
  let em: Awaited<ReturnType<typeof emulator>>;
  beforeAll(async () => {
    em = await emulator();
    const targets = Array.from({ length: 30 }, (_, i) => ({
      "@odata.type": "Microsoft.Dynamics.CRM.dxm_billingrecord", dxm_name: `bill ${i}`, dxm_sourcekey: `bill:${i}`, dxm_totalfee: i % 2 ? 10.5 : 20,
    }));
    const reply = await em.call("POST", "dxm_billingrecords/Microsoft.Dynamics.CRM.CreateMultiple", { Targets: targets });
    expect(reply.status).toBe(200);
  });
  afterAll(async () => { await em.close(); });

  const names = (body: { value: { dxm_name: string }[] }) => body.value.map((v) => v.dxm_name);

  it("filters with comparison, logical, null, string functions and In", async () => {
    const q = async (filter: string) => (await em.call("GET", `dxm_billingrecords?$select=dxm_name&$filter=${encodeURIComponent(filter)}`)).body;
    expect(names(await q("dxm_sourcekey eq 'bill:3'"))).toEqual(["bill 3"]);
    expect((await q("dxm_totalfee gt 15")).value).toHaveLength(15);
    expect((await q("dxm_totalfee ge 10.5 and not (dxm_totalfee eq 20)")).value).toHaveLength(15);
    expect((await q("dxm_sourcekey eq 'bill:1' or dxm_sourcekey eq 'bill:2'")).value).toHaveLength(2);
    expect((await q("startswith(dxm_name,'bill 2')")).value).toHaveLength(11);
    expect((await q("contains(dxm_name,'ll 1')")).value).toHaveLength(11);
    expect((await q("dxm_insurancepayment eq null")).value).toHaveLength(30);
    expect((await q("dxm_name ne null")).value).toHaveLength(30);
    expect((await q("Microsoft.Dynamics.CRM.In(PropertyName='dxm_sourcekey',PropertyValues=['bill:4','bill:5','nope'])")).value).toHaveLength(2);
    const bad = await em.call("GET", "dxm_billingrecords?$select=Name");
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe("Could not find a property named 'Name' on type 'Microsoft.Dynamics.CRM.dxm_billingrecord'.");
    const badFilter = await em.call("GET", `dxm_billingrecords?$filter=${encodeURIComponent("nosuch eq 1")}`);
    expect(badFilter.status).toBe(400);
  });

  it("orders, limits with $top, counts and pages with odata.maxpagesize", async () => {
    const top = await em.call("GET", "dxm_billingrecords?$select=dxm_name&$orderby=dxm_name desc&$top=2&$count=true");
    expect(names(top.body)).toEqual(["bill 9", "bill 8"]);
    expect(top.body["@odata.count"]).toBe(30);
    expect(top.body["@odata.nextLink"]).toBeUndefined();
    const seen: string[] = [];
    let next: string | undefined = "dxm_billingrecords?$select=dxm_name";
    let pages = 0;
    while (next) {
      const page = await em.call("GET", next, undefined, { Prefer: "odata.maxpagesize=7" });
      expect(page.body.value.length).toBeLessThanOrEqual(7);
      seen.push(...names(page.body));
      next = page.body["@odata.nextLink"];
      pages++;
    }
    expect(pages).toBe(5);
    expect(new Set(seen).size).toBe(30);
    const count = await em.call("GET", `dxm_billingrecords/$count`);
    expect(count.text).toBe("30");
  });

  it("pages by the last row's ordering values, as Dataverse's paging cookie does", async () => {
    const targets = Array.from({ length: 20 }, (_, i) => ({
      "@odata.type": "Microsoft.Dynamics.CRM.dxm_billingrecord", dxm_name: `page ${String(i).padStart(2, "0")}`, dxm_sourcekey: `page:${i}`, dxm_totalfee: i % 3,
    }));
    expect((await em.call("POST", "dxm_billingrecords/Microsoft.Dynamics.CRM.CreateMultiple", { Targets: targets })).status).toBe(200);
    const filter = `$filter=${encodeURIComponent("startswith(dxm_sourcekey,'page:')")}`;
    const all = async (first: string, size: number, between?: (page: number, rows: { dxm_name: string; dxm_billingrecordid: string }[]) => Promise<void>) => {
      const seen: string[] = [];
      let next: string | undefined = first;
      for (let page = 1; next; page++) {
        const reply = await em.call("GET", next, undefined, { Prefer: `odata.maxpagesize=${size}` });
        expect(reply.status).toBe(200);
        seen.push(...names(reply.body));
        next = reply.body["@odata.nextLink"];
        if (next) expect(decodeURIComponent(new URL(next).searchParams.get("$skiptoken")!)).toMatch(new RegExp(`^<cookie pagenumber="${page + 1}" pagingcookie=".*" istracking="False" />$`));
        await between?.(page, reply.body.value);
      }
      return seen;
    };
    // Ties on the first term and mixed directions: the order the same query gives in one page, page after page.
    const ordered = `dxm_billingrecords?$select=dxm_name&${filter}&$orderby=dxm_totalfee desc,dxm_name asc`;
    const onePage = names((await em.call("GET", ordered)).body);
    expect(onePage).toHaveLength(20);
    expect(onePage.slice(0, 3)).toEqual(["page 02", "page 05", "page 08"]);
    expect(await all(ordered, 3)).toEqual(onePage);
    // An empty ordering value on every row (no insurance payment): still each row once.
    const empty = await all(`dxm_billingrecords?$select=dxm_name&${filter}&$orderby=dxm_insurancepayment asc`, 6);
    expect([...empty].sort()).toEqual([...onePage].sort());
    // Records deleted between two pages (a rollback reading while it deletes) move none onto a page already read.
    const kept = await all(`dxm_billingrecords?$select=dxm_name&${filter}`, 5, async (page, rows) => {
      if (page === 1) for (const row of rows) expect((await em.call("DELETE", `dxm_billingrecords(${row.dxm_billingrecordid})`)).status).toBe(204);
    });
    expect(kept).toHaveLength(20);
    expect(new Set(kept).size).toBe(20);
    const forged = await em.call("GET", `dxm_billingrecords?$select=dxm_name&$skiptoken=${encodeURIComponent("<cookie nonsense")}`);
    expect(forged.status).toBe(400);
    const left = (await em.call("GET", `dxm_billingrecords?$select=dxm_name&${filter}`)).body.value as { dxm_billingrecordid: string }[];
    for (const row of left) await em.call("DELETE", `dxm_billingrecords(${row.dxm_billingrecordid})`);
  });

  it("aggregates with $apply for reconciliation", async () => {
    const total = await em.call("GET", `dxm_billingrecords?$apply=${encodeURIComponent("aggregate(dxm_totalfee with sum as total,$count as n)")}`);
    expect(total.body.value).toEqual([{ total: 457.5, n: 30 }]);
    const grouped = await em.call("GET", `dxm_billingrecords?$apply=${encodeURIComponent("groupby((dxm_totalfee),aggregate($count as n))")}`);
    expect(grouped.body.value).toEqual([{ dxm_totalfee: 10.5, n: 15 }, { dxm_totalfee: 20, n: 15 }]);
    const filtered = await em.call("GET", `dxm_billingrecords?$apply=${encodeURIComponent("filter(dxm_totalfee eq 20)/aggregate(dxm_totalfee with sum as total)")}`);
    expect(filtered.body.value).toEqual([{ total: 300 }]);
  });

  it("answers sdkmessagefilters for the bulk messages as configured", async () => {
    const q = (message: string, table: string) => em.call("GET", `sdkmessagefilters?$select=sdkmessagefilterid&$filter=${encodeURIComponent(`sdkmessageid/name eq '${message}' and primaryobjecttypecode eq '${table}'`)}`);
    expect((await q("CreateMultiple", "dxm_billingrecord")).body.value).toHaveLength(1);
    expect((await q("UpsertMultiple", "contact")).body.value).toHaveLength(1);
    expect((await q("CreateMultiple", "systemuser")).body.value).toHaveLength(0);
    const limited = await emulator({ bulkTables: ["contact"] });
    try {
      const r = await limited.call("GET", `sdkmessagefilters?$filter=${encodeURIComponent("sdkmessageid/name eq 'CreateMultiple' and primaryobjecttypecode eq 'account'")}`);
      expect(r.body.value).toHaveLength(0);
      const refused = await limited.call("POST", "accounts/Microsoft.Dynamics.CRM.CreateMultiple", { Targets: [{ "@odata.type": "Microsoft.Dynamics.CRM.account", name: "a" }] });
      expect(refused.status).toBe(400);
    } finally {
      await limited.close();
    }
  });
});
