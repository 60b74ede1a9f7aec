import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileCachePlugin, writePrivateFile } from "../../../dataverse/auth/cache-file";
import { loopbackAuthorityNetwork } from "../../../dataverse/auth/loopback-authority";
import { orgFolder, signInDirectory, signInFiles } from "../../../scripts/dxm/sign-ins";

describe("where dxm keeps sign-ins", () => {
  it("DXM_HOME first, then $XDG_CONFIG_HOME/dxm, then %APPDATA%\\dxm on Windows, then ~/.dxm", () => {
    expect(signInDirectory({ DXM_HOME: "/t/h", XDG_CONFIG_HOME: "/x" }, "linux", "/home/a")).toBe("/t/h");
    expect(signInDirectory({ XDG_CONFIG_HOME: "/x" }, "linux", "/home/a")).toBe(join("/x", "dxm"));
    expect(signInDirectory({ APPDATA: "C:/Users/a/AppData/Roaming" }, "win32", "C:/Users/a")).toBe(join("C:/Users/a/AppData/Roaming", "dxm"));
    expect(signInDirectory({ APPDATA: "/ignored" }, "linux", "/home/a")).toBe(join("/home/a", ".dxm"));
  });

  it("one folder per org, named by host and port", () => {
    expect(orgFolder("https://Contoso.crm4.dynamics.com/main.aspx?appid=1")).toBe("contoso.crm4.dynamics.com");
    expect(orgFolder("http://127.0.0.1:5555")).toBe("127.0.0.1_5555");
    expect(signInFiles("/d", "https://contoso.crm.dynamics.com")).toEqual({
      record: join("/d", "orgs", "contoso.crm.dynamics.com", "sign-in.json"),
      cache: join("/d", "orgs", "contoso.crm.dynamics.com", "msal-cache.json"),
    });
  });
});

describe("the token cache file", () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), "dxm-cache-"))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("is written 0600 in a 0700 folder, also over a file that was readable by others", () => {
    const path = join(dir, "orgs", "o", "msal-cache.json");
    writePrivateFile(path, "{}");
    writeFileSync(path, "{}", { mode: 0o644 });
    writePrivateFile(path, '{"Account":{}}');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, "orgs", "o")).mode & 0o777).toBe(0o700);
    expect(readFileSync(path, "utf8")).toBe('{"Account":{}}');
  });

  it("the MSAL plugin reads the file before MSAL looks and writes it back only when MSAL changed the cache", async () => {
    const path = join(dir, "cache.json");
    const plugin = fileCachePlugin(path);
    const seen: string[] = [];
    const context = (changed: boolean) => ({ cacheHasChanged: changed, tokenCache: { deserialize: (text: string) => void seen.push(text), serialize: () => '{"RefreshToken":{}}' } }) as never;
    await plugin.beforeCacheAccess(context(false));
    expect(seen).toEqual([]);
    await plugin.afterCacheAccess(context(false));
    expect(() => statSync(path)).toThrow(/ENOENT/);
    await plugin.afterCacheAccess(context(true));
    expect(statSync(path).mode & 0o777).toBe(0o600);
    await plugin.beforeCacheAccess(context(false));
    expect(seen).toEqual(['{"RefreshToken":{}}']);
  });
});

describe("the loopback authority network module (tests only)", () => {
  it("refuses anything but a loopback address", () => {
    expect(() => loopbackAuthorityNetwork("https://login.microsoftonline.com")).toThrow(/must be a loopback address/);
    expect(() => loopbackAuthorityNetwork("http://127.0.0.1:1")).not.toThrow();
  });
});
