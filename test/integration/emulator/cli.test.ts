import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

describe("dxm emulator", () => {
  it("prints exactly one line with its base URL, serves the Web API and stops on SIGTERM", async () => {
    const child = spawn(process.execPath, [join(__dirname, "../../../bin/dxm.cjs"), "emulator", "--port", "0", "--memory", "--limits", "documented"], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on("data", (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes("\n")) resolve(out.trim());
      });
      child.once("exit", (code) => reject(new Error(`exited ${code}`)));
    });
    try {
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const who = (await (await fetch(`${url}/api/data/v9.2/WhoAmI`)).json()) as { UserId: string };
      expect(who.UserId).toMatch(/^[0-9a-f-]{36}$/);
    } finally {
      const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
    }
    expect(out.trim().split("\n")).toHaveLength(1);
  }, 30_000);
});

describe("dxm emulator --seed", () => {
  const dxm = join(__dirname, "../../../bin/dxm.cjs");

  /** Starts `dxm emulator` with the arguments; resolves with its URL and a stop function, or rejects with its stderr. */
  function start(args: string[]): Promise<{ url: string; stop: () => Promise<number | null> }> {
    const child = spawn(process.execPath, [dxm, "emulator", "--port", "0", "--memory", ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
    return new Promise((resolve, reject) => {
      child.stdout.on("data", (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes("\n")) {
          resolve({
            url: out.trim(),
            stop: () => {
              const exited = new Promise<number | null>((r) => child.once("exit", r));
              child.kill("SIGTERM");
              return exited;
            },
          });
        }
      });
      child.once("exit", (code) => reject(new Error(`exited ${code}: ${err}`)));
    });
  }

  it("--profile strict says no to every assumption; --refuse adds or overrides single switches", async () => {
    const { url, stop } = await start(["--profile", "strict", "--refuse", "dop-hint=3"]);
    try {
      const org = await fetch(`${url}/api/data/v9.2/organizations?$select=maxuploadfilesize`);
      expect(org.headers.get("x-ms-dop-hint")).toBe("3");
      expect(((await org.json()) as { value: { maxuploadfilesize: number }[] }).value[0].maxuploadfilesize).toBe(1024 * 1024);
      const filter = encodeURIComponent("Microsoft.Dynamics.CRM.In(PropertyName='primaryobjecttypecode',PropertyValues=['contact'])");
      const refused = await fetch(`${url}/api/data/v9.2/sdkmessagefilters?$select=primaryobjecttypecode&$filter=${filter}`);
      expect(refused.status).toBe(400);
    } finally {
      expect(await stop()).toBe(0);
    }
    await expect(start(["--refuse", "no-such-switch"])).rejects.toThrow(/Invalid refusal 'no-such-switch'/);
  }, 30_000);

  it("takes the users dxm generate writes (dynamics-users.json) into the default organization", async () => {
    const dir = mkdtempSync(join(tmpdir(), "dxm-seed-"));
    const file = join(dir, "dynamics-users.json");
    writeFileSync(file, JSON.stringify([
      { firstname: "Cynthia", lastname: "Rossi", internalemailaddress: "cynthia.rossi@lakeside.example.com", isdisabled: false },
      { firstname: "Mason", lastname: "Johnson", internalemailaddress: "mason.johnson@lakeside.example.com", isdisabled: true },
    ]));
    const { url, stop } = await start(["--seed", file]);
    try {
      const users = (await (await fetch(`${url}/api/data/v9.2/systemusers?$select=internalemailaddress,isdisabled`)).json()) as { value: { internalemailaddress: string; isdisabled: boolean }[] };
      const byEmail = new Map(users.value.map((u) => [u.internalemailaddress, u.isdisabled]));
      expect(byEmail.get("cynthia.rossi@lakeside.example.com")).toBe(false);
      expect(byEmail.get("mason.johnson@lakeside.example.com")).toBe(true);
      expect(byEmail.get("admin@dental.example")).toBe(false);
      const roles = (await (await fetch(`${url}/api/data/v9.2/connectionroles?$select=name`)).json()) as { value: { name: string }[] };
      expect(roles.value.map((r) => r.name)).toEqual(expect.arrayContaining(["Patient", "Practice location"]));
    } finally {
      expect(await stop()).toBe(0);
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);

  it("signs a request in as the user --tokens maps its bearer token to, by email or id, and refuses an unlisted token", async () => {
    const dir = mkdtempSync(join(tmpdir(), "dxm-tokens-"));
    const file = join(dir, "tokens.json");
    writeFileSync(file, JSON.stringify({ dana: "dana.whitfield@dental.example", luis: "00000000-0000-0000-0000-0000000000c3" }));
    const { url, stop } = await start(["--tokens", file]);
    try {
      const who = async (token: string) => fetch(`${url}/api/data/v9.2/WhoAmI`, { headers: { Authorization: `Bearer ${token}` } });
      expect(((await (await who("dana")).json()) as { UserId: string }).UserId).toBe("00000000-0000-0000-0000-0000000000c2");
      expect(((await (await who("luis")).json()) as { UserId: string }).UserId).toBe("00000000-0000-0000-0000-0000000000c3");
      expect((await who("someone-else")).status).toBe(401);
    } finally {
      expect(await stop()).toBe(0);
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);

  it("refuses a seed file of another shape with a message and no stack trace", async () => {
    const dir = mkdtempSync(join(tmpdir(), "dxm-seed-"));
    const file = join(dir, "seed.json");
    writeFileSync(file, JSON.stringify({ users: [] }));
    try {
      const error = await start(["--seed", file]).then(
        async (s) => { await s.stop(); return undefined; },
        (e: Error) => e.message,
      );
      expect(error).toMatch(/Seed file: expected a seed/);
      expect(error).not.toMatch(/\n\s+at /);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});
