/**
 * Signing in as an admin does: `dxm login` runs MSAL's device-code flow against a loopback fake of Microsoft
 * Entra ID (DXM_TEST_AUTHORITY: MSAL's requests go there, nothing reaches the internet), keeps the token cache in
 * DXM_HOME at 0600, and later commands against the org (here the emulator, which reads the token's `oid`) run as
 * that user: refreshed silently once the access token expires, refreshed and retried once after a 401 in the
 * middle of a migration. Client credentials (an app registration), when set, win, and refetch after a 401 too.
 * `dxm logout` forgets the sign-in. No token ever appears in any output.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defaultSeed, ROLE_NAMES, seededObjectId, startEmulator, type RunningEmulator } from "../../../emulator";
import { startFakeAuthority, type FakeAuthority } from "../dataverse/fake-authority";
import { exportsOf, FALLBACK_OWNER, users, type Exports } from "./harness";
import { dxm } from "./dxm-cli";
import { orgFolder } from "../../../scripts/dxm/sign-ins";

// Luis, a System Administrator here (he creates the run's custom columns too), and not the emulator's default
// caller: WhoAmI and the records' createdby show that the token named him.
const LUIS = "00000000-0000-0000-0000-0000000000c3";
const CLIENT_ID = "3f1c0a57-8d0e-4c59-9a53-6f1f1e0b2c11";
const TENANT = "72f988bf-0000-4000-8000-000000000001";
const DANA = "00000000-0000-0000-0000-0000000000c2";
const APP_SECRET = "app-secret-for-the-fake";

jest.setTimeout(240_000);

describe("dxm login with the device-code flow, against a loopback fake of the authority", () => {
  let org: RunningEmulator;
  let fake: FakeAuthority;
  let home: string;
  let exports: Exports;
  const env = () => ({
    DXM_HOME: home, DXM_TEST_AUTHORITY: fake.url, DXM_LOGIN_CLIENT_ID: CLIENT_ID,
    // No app registration in this environment: the sign-in is what connects.
    DXM_TENANT_ID: "", DXM_CLIENT_ID: "", DXM_CLIENT_SECRET: "", DXM_EMULATOR_TOKEN: "",
  });
  const outputs: string[] = [];
  const run = async (args: string[]) => {
    const result = await dxm(args, env());
    outputs.push(result.stdout, result.stderr);
    return result;
  };
  const folder = () => join(home, "orgs", orgFolder(org.url));
  const mode = (path: string) => statSync(path).mode & 0o777;

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), "dxm-home-"));
    org = await startEmulator({
      port: 0,
      seed: { ...defaultSeed, records: { ...defaultSeed.records, systemuser: [...defaultSeed.records.systemuser, ...users()] }, userRoles: { ...defaultSeed.userRoles, [LUIS]: [ROLE_NAMES.systemAdministrator] } },
    });
    // 60 s is inside MSAL's five-minute renewal window: the next command finds the access token expired.
    fake = await startFakeAuthority({ oid: seededObjectId(LUIS), tenantId: TENANT, name: "Luis Ortega", upn: "luis.ortega@dental.example" }, { expiresIn: 60, clientSecret: APP_SECRET });
    exports = await exportsOf(6);
  });
  afterAll(async () => {
    exports?.cleanup();
    await fake?.close();
    await org?.close();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it("before any sign-in, a command says to run dxm login", async () => {
    const result = await run(["whoami", "--target", org.url]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`No sign-in to ${org.url} is kept on this machine: run \`dxm login --target ${org.url}\``);
    expect(fake.paths).toEqual([]);
  });

  it("dxm login needs the app registration's client id", async () => {
    const result = await dxm(["login", "--target", org.url], { ...env(), DXM_LOGIN_CLIENT_ID: "" });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--client-id <id> or DXM_LOGIN_CLIENT_ID/);
  });

  it("dxm login prints the device-code instruction, polls until signed in, and keeps the cache at 0600", async () => {
    const result = await run(["login", "--target", org.url, "--tenant", TENANT]);
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: `${fake.message}\n` });
    expect(result.stdout).toBe(`Signed in to ${org.url} as Luis Ortega (luis.ortega@dental.example). Commands with --target ${org.url} now run as you.\n`);
    expect(fake.deviceCodeRequests).toEqual([{ clientId: CLIENT_ID, scope: expect.stringContaining(`${org.url}/.default`) }]);
    // Pending once (the user had not entered the code yet), then the tokens.
    expect(fake.grants.map((g) => g.grantType)).toEqual(["device_code", "device_code"]);
    expect(fake.paths.every((p) => p.startsWith(`/${TENANT}/oauth2/v2.0/`))).toBe(true);
    expect(mode(folder())).toBe(0o700);
    expect(mode(join(folder(), "msal-cache.json"))).toBe(0o600);
    expect(mode(join(folder(), "sign-in.json"))).toBe(0o600);
  });

  it("dxm whoami shows the org and the signed-in user, refreshing the expired access token silently", async () => {
    fake.expiresIn = 3600;
    const loginRefreshToken = fake.issued[fake.issued.length - 1];
    const result = await run(["whoami", "--target", org.url]);
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: "" });
    expect(result.stdout).toMatch(new RegExp(`^org: +${org.url.replace(/[.]/g, "\\.")} \\(OrganizationId [0-9a-f-]{36}\\)\nuser: +Luis Ortega \\(luis\\.ortega@dental\\.example\\), signed in with dxm login\nUserId: +${LUIS}\n$`));
    expect(fake.grants.slice(2)).toEqual([{ grantType: "refresh_token", clientId: CLIENT_ID, scope: expect.stringContaining(`${org.url}/.default`), refreshToken: loginRefreshToken }]);
    expect(mode(join(folder(), "msal-cache.json"))).toBe(0o600);
  });

  it("a migration runs as the signed-in user; a 401 in the middle of it refreshes the token and sends the chunk again", async () => {
    const grantsBefore = fake.grants.length;
    // The org refuses the token for the first write of contacts (after the run row and the practices landed), until a new one is fetched.
    org.emulator.setFaults("401:1@contact/write");
    fake.onRefresh = () => org.emulator.setFaults(undefined);
    const result = await run(["migrate", exports.dir, "--target", org.url, "--yes", "--time-zone", "America/Chicago", "--fallback-owner", FALLBACK_OWNER, "--skip-errored"]);
    // The refusal's own words: a bare /401/ also matched run ids and figures in the progress lines (it failed once so).
    expect({ code: result.code, refused: /sign-in|sign in|Unauthorized/.test(result.stderr) }).toEqual({ code: 0, refused: false });
    expect(result.stderr).toMatch(/^patient\/contact: 6\/6 .* done$/m);
    expect(org.emulator.stats().faults).toBeGreaterThan(0);
    // The cached token was fresh: the only refresh is the one the 401 forced.
    expect(fake.grants.slice(grantsBefore).map((g) => g.grantType)).toEqual(["refresh_token"]);
    const patients = exports.set.inventory.files.find((f) => f.name === "patients.csv")!.rows;
    const contacts = org.emulator.store.all(`SELECT COUNT(*) AS n, COUNT(DISTINCT "createdby") AS creators, MIN("createdby") AS creator FROM "contact" WHERE "dxm_sourcekey" LIKE 'patient:%'`, [])[0];
    expect({ n: Number(contacts.n), creators: Number(contacts.creators), creator: String(contacts.creator).toLowerCase() }).toEqual({ n: patients, creators: 1, creator: LUIS });
  });

  it("with DXM_TENANT_ID, DXM_CLIENT_ID and DXM_CLIENT_SECRET set, the app registration wins over the sign-in, through the same authority; after a 401 MSAL fetches a new app token", async () => {
    const grantsBefore = fake.grants.length;
    org.emulator.setFaults("401:1");
    fake.onClientCredentials = () => {
      // The first app token is refused once, the one fetched after the 401 is accepted.
      if (fake.grants.filter((g) => g.grantType === "client_credentials").length === 2) org.emulator.setFaults(undefined);
    };
    const result = await dxm(["whoami", "--target", org.url, "--json"], { ...env(), DXM_TENANT_ID: TENANT, DXM_CLIENT_ID: CLIENT_ID, DXM_CLIENT_SECRET: APP_SECRET });
    outputs.push(result.stdout, result.stderr);
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: "" });
    expect(JSON.parse(result.stdout)).toMatchObject({ org: org.url, signIn: { kind: "app-registration", clientId: CLIENT_ID, tenantId: TENANT }, UserId: LUIS });
    expect(fake.grants.slice(grantsBefore).map((g) => [g.grantType, g.clientId])).toEqual([["client_credentials", CLIENT_ID], ["client_credentials", CLIENT_ID]]);
    expect(fake.grants.slice(grantsBefore)[0].scope).toContain(`${org.url}/.default`);
  });

  it("a 401 whose refresh the authority refuses (the sign-in revoked) stops with what to do, without retrying", async () => {
    fake.revoke();
    fake.onRefresh = undefined;
    org.emulator.setFaults("401:1");
    const grantsBefore = fake.grants.length;
    const result = await run(["whoami", "--target", org.url]);
    org.emulator.setFaults(undefined);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`dxm: The sign-in to ${org.url} has expired or was revoked. To sign in again, run \`dxm login --target ${org.url}\` to sign in as yourself, or set DXM_TENANT_ID, DXM_CLIENT_ID and DXM_CLIENT_SECRET to connect as an app registration's application user.\n`);
    expect(fake.grants.slice(grantsBefore).map((g) => g.grantType)).toEqual(["refresh_token"]);
  });

  it("signing in again as someone else replaces the first user: their account and tokens leave the cache", async () => {
    const luisRefreshTokens = fake.issued.filter((t) => t.startsWith("refresh-token-"));
    fake.user = { oid: seededObjectId(DANA), tenantId: TENANT, name: "Dana Whitfield", upn: "dana.whitfield@dental.example" };
    const result = await run(["login", "--target", org.url, "--tenant", TENANT]);
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: `${fake.message}\n` });
    expect(result.stdout).toBe(`Signed in to ${org.url} as Dana Whitfield (dana.whitfield@dental.example) (instead of luis.ortega@dental.example). Commands with --target ${org.url} now run as you.\n`);
    const cache = JSON.parse(readFileSync(join(folder(), "msal-cache.json"), "utf8")) as { Account: Record<string, { username: string }>; RefreshToken: Record<string, { secret: string }> };
    expect(Object.values(cache.Account).map((a) => a.username)).toEqual(["dana.whitfield@dental.example"]);
    expect(Object.values(cache.RefreshToken).filter((t) => luisRefreshTokens.includes(t.secret))).toEqual([]);
    expect(mode(join(folder(), "msal-cache.json"))).toBe(0o600);
    const who = await run(["whoami", "--target", org.url]);
    expect(who.stdout).toMatch(new RegExp(`user: +Dana Whitfield \\(dana\\.whitfield@dental\\.example\\), signed in with dxm login\nUserId: +${DANA}\n$`));
  });

  it("dxm logout removes the cached account; the next command asks for a sign-in again", async () => {
    const result = await run(["logout", "--target", org.url]);
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: "" });
    expect(result.stdout).toBe(`Signed out of ${org.url}: dana.whitfield@dental.example is no longer kept on this machine.\n`);
    expect(() => statSync(join(folder(), "msal-cache.json"))).toThrow(/ENOENT/);
    expect(() => statSync(join(folder(), "sign-in.json"))).toThrow(/ENOENT/);
    const after = await run(["whoami", "--target", org.url]);
    expect(after.code).toBe(1);
    expect(after.stderr).toContain(`run \`dxm login --target ${org.url}\``);
  });

  it("printed no device code, access, refresh or id token in any of these commands", () => {
    const printed = outputs.join("\n");
    expect(fake.issued.length).toBeGreaterThan(3);
    expect(fake.issued.filter((secret) => printed.includes(secret))).toEqual([]);
  });
});
