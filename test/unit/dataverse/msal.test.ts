import { msalTokenProvider } from "../../../dataverse/auth/msal";

const constructed: unknown[] = [];
const requests: unknown[] = [];
let answer: { accessToken: string } | null = { accessToken: "token-1" };

jest.mock("@azure/msal-node", () => ({
  ConfidentialClientApplication: class {
    constructor(config: unknown) {
      constructed.push(config);
    }
    async acquireTokenByClientCredential(request: unknown) {
      requests.push(request);
      return answer;
    }
  },
}));

describe("msalTokenProvider", () => {
  it("asks Entra ID for the org's .default scope with the app's client credentials", async () => {
    const getToken = msalTokenProvider("https://contoso.crm4.dynamics.com/", { tenantId: "tenant-1", clientId: "client-1", clientSecret: "secret-1" });
    expect(await getToken()).toBe("token-1");
    expect(await getToken({ forceRefresh: true })).toBe("token-1");
    expect(constructed).toEqual([{ auth: { clientId: "client-1", clientSecret: "secret-1", authority: "https://login.microsoftonline.com/tenant-1" } }]);
    // After a 401 the client asks again with the cache bypassed (skipCache), otherwise MSAL's cache answers.
    expect(requests).toEqual([{ scopes: ["https://contoso.crm4.dynamics.com/.default"], skipCache: false }, { scopes: ["https://contoso.crm4.dynamics.com/.default"], skipCache: true }]);
  });

  it("fails clearly when no token comes back", async () => {
    answer = null;
    await expect(msalTokenProvider("https://contoso.crm.dynamics.com", { tenantId: "t", clientId: "c", clientSecret: "s" })()).rejects.toThrow(/no access token/);
  });
});
