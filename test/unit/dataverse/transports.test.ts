import { tmpdir } from "node:os";
import { join } from "node:path";
import { apiRootFor, createBrowserTransport, createNodeTransport, isLoopbackUrl, resolveUrl } from "../../../dataverse";
import { clientCredentialsFromEnv, dataverseScope } from "../../../dataverse/auth/msal";
import { connect } from "../../../scripts/dxm/connect";

/** A fetch stand-in that records what it was asked and answers 204. */
function recordingFetch() {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetchImpl = (async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return new Response(null, { status: 204, headers: { "OData-EntityId": "x" } });
  }) as unknown as typeof fetch;
  return { calls, fetchImpl };
}

describe("transports", () => {
  it("finds the v9.2 Web API root from an org or client URL", () => {
    expect(apiRootFor("https://org.crm.dynamics.com")).toBe("https://org.crm.dynamics.com/api/data/v9.2/");
    expect(apiRootFor("https://org.crm.dynamics.com/")).toBe("https://org.crm.dynamics.com/api/data/v9.2/");
    expect(apiRootFor("http://127.0.0.1:5555/api/data/v9.2")).toBe("http://127.0.0.1:5555/api/data/v9.2/");
  });

  it("follows absolute URLs only under the API root", () => {
    const root = "https://org.crm.dynamics.com/api/data/v9.2/";
    expect(resolveUrl(root, "contacts")).toBe(`${root}contacts`);
    expect(resolveUrl(root, `${root}contacts?$skiptoken=x`)).toBe(`${root}contacts?$skiptoken=x`);
    expect(() => resolveUrl(root, "https://elsewhere.example/steal")).toThrow(/outside the Web API root/);
  });

  it("browser: same-origin fetch with the session cookie and no token", async () => {
    const { calls, fetchImpl } = recordingFetch();
    const transport = createBrowserTransport("https://org.crm.dynamics.com", fetchImpl);
    const response = await transport.send({ method: "PATCH", path: "contacts(dxm_sourcekey='p:1')", headers: { "If-Match": "*" }, body: "{}" });
    expect(calls[0].url).toBe("https://org.crm.dynamics.com/api/data/v9.2/contacts(dxm_sourcekey='p:1')");
    expect(calls[0].init).toMatchObject({ method: "PATCH", credentials: "same-origin", body: "{}", headers: { "If-Match": "*" } });
    expect(JSON.stringify(calls[0].init.headers)).not.toMatch(/Authorization/i);
    expect([response.status, response.header("odata-entityid")]).toEqual([204, "x"]);
  });

  it("node: bearer token from the callback, none when there is no callback", async () => {
    const withToken = recordingFetch();
    await createNodeTransport({ url: "https://org.crm.dynamics.com", getToken: async () => "tok-1", fetchImpl: withToken.fetchImpl }).send({ method: "GET", path: "WhoAmI", headers: {} });
    expect(withToken.calls[0].init.headers).toMatchObject({ Authorization: "Bearer tok-1" });
    const without = recordingFetch();
    await createNodeTransport({ url: "http://127.0.0.1:1", fetchImpl: without.fetchImpl }).send({ method: "GET", path: "WhoAmI", headers: {} });
    expect(without.calls[0].init.headers).toEqual({});
  });
});

describe("auth", () => {
  it("recognises loopback URLs", () => {
    expect(["http://127.0.0.1:5555", "http://localhost:1", "http://[::1]:8080", "http://127.1.2.3"].map(isLoopbackUrl)).toEqual([true, true, true, true]);
    expect(["https://org.crm.dynamics.com", "http://10.0.0.1", "http://127.0.0.1.example.com"].map(isLoopbackUrl)).toEqual([false, false, false]);
  });

  it("reads client credentials from the environment and names what is missing", () => {
    expect(clientCredentialsFromEnv({ DXM_TENANT_ID: "t", DXM_CLIENT_ID: "c", DXM_CLIENT_SECRET: "s" })).toEqual({ tenantId: "t", clientId: "c", clientSecret: "s" });
    expect(() => clientCredentialsFromEnv({ DXM_TENANT_ID: "t" })).toThrow(/DXM_CLIENT_ID, DXM_CLIENT_SECRET/);
  });

  it("scopes the token to the org", () => {
    expect(dataverseScope("https://org.crm4.dynamics.com/main.aspx")).toBe("https://org.crm4.dynamics.com/.default");
  });

  it("connect: refuses a remote org without credentials or a sign-in, and plain http to anything but loopback", async () => {
    const home = join(tmpdir(), `dxm-no-sign-in-${process.pid}`);
    await expect(connect("https://org.crm.dynamics.com", { env: { DXM_HOME: home } })).rejects.toThrow(
      "No sign-in to https://org.crm.dynamics.com is kept on this machine: run `dxm login --target https://org.crm.dynamics.com` to sign in as yourself, or set DXM_TENANT_ID, DXM_CLIENT_ID and DXM_CLIENT_SECRET",
    );
    // Part of an app registration's settings: client credentials, naming what is missing.
    await expect(connect("https://org.crm.dynamics.com", { env: { DXM_HOME: home, DXM_CLIENT_ID: "c" } })).rejects.toThrow(/needs DXM_TENANT_ID, DXM_CLIENT_SECRET/);
    await expect(connect("http://org.example.com", { env: {} })).rejects.toThrow(/https/);
    await expect(connect("http://127.0.0.1:1", { env: {} })).resolves.toBeDefined();
  });
});
