import { Command } from "commander";
import { register } from "../../../scripts/dxm/commands/whoami";
import { json, startTestServer, type TestServer } from "./test-server";

const USER = "5a0c3f92-312b-ee11-bdf4-000d3a993550";
let server: TestServer;
beforeEach(async () => (server = await startTestServer()));
afterEach(() => server.close());

async function run(args: string[]): Promise<string> {
  const program = new Command("dxm").exitOverride();
  register(program);
  const written: string[] = [];
  const spy = jest.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => (written.push(String(chunk)), true));
  try {
    await program.parseAsync(["node", "dxm", ...args]);
  } finally {
    spy.mockRestore();
  }
  return written.join("");
}

describe("dxm whoami", () => {
  beforeEach(() => server.handle((_req, res) => json(res, 200, { UserId: USER, BusinessUnitId: "b", OrganizationId: "o" })));

  it("says which org, who, and the user id from WhoAmI, without authenticating to a loopback emulator", async () => {
    expect(await run(["whoami", "--target", server.url])).toBe(`org:    ${server.url} (OrganizationId o)\nuser:   the emulator's default caller (no sign-in)\nUserId: ${USER}\n`);
    expect(server.requests.map((r) => [r.method, r.path])).toEqual([["GET", "WhoAmI"]]);
    expect(server.requests[0].headers.authorization).toBeUndefined();
  });

  it("prints the org, the sign-in and all three ids as JSON with --json", async () => {
    expect(JSON.parse(await run(["whoami", "--target", server.url, "--json"]))).toEqual({ org: server.url, signIn: { kind: "emulator" }, UserId: USER, BusinessUnitId: "b", OrganizationId: "o" });
  });
});
