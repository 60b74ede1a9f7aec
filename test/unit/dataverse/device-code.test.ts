import { InteractionRequiredAuthError, type PublicClientApplication } from "@azure/msal-node";
import { SignInNeededError, signedInTokenProvider, signOut } from "../../../dataverse/auth/device-code";

const ACCOUNT = { homeAccountId: "oid.tid", environment: "login.microsoftonline.com", tenantId: "tid", username: "luis@contoso.com", localAccountId: "oid" };

/** A stand-in for MSAL's public client: the cache holds `accounts`; each silent call waits until `release()`. */
function fakeApp(options: { accounts?: (typeof ACCOUNT)[]; fail?: Error } = {}) {
  let accounts = options.accounts ?? [ACCOUNT];
  const silent: { forceRefresh: boolean; scopes: string[] }[] = [];
  const waiting: (() => void)[] = [];
  const app = {
    getTokenCache: () => ({
      getAccountByHomeId: async (id: string) => accounts.find((a) => a.homeAccountId === id) ?? null,
      removeAccount: async (account: typeof ACCOUNT) => void (accounts = accounts.filter((a) => a !== account)),
    }),
    acquireTokenSilent: async (request: { forceRefresh: boolean; scopes: string[] }) => {
      const serial = silent.push({ forceRefresh: request.forceRefresh, scopes: request.scopes });
      await new Promise<void>((resolve) => waiting.push(resolve));
      if (options.fail) throw options.fail;
      return { accessToken: `token-${serial}` };
    },
  };
  const release = () => waiting.splice(0).forEach((resolve) => resolve());
  return { app: app as unknown as PublicClientApplication, silent, release, accounts: () => accounts };
}

/** Lets pending promise callbacks run (no timer involved). */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe("signedInTokenProvider", () => {
  it("asks MSAL silently for the org's .default scope; concurrent requests share one acquisition", async () => {
    const { app, silent, release } = fakeApp();
    const getToken = signedInTokenProvider(app, "https://contoso.crm.dynamics.com/main.aspx", ACCOUNT.homeAccountId);
    const both = Promise.all([getToken(), getToken()]);
    await settle();
    release();
    expect(await both).toEqual(["token-1", "token-1"]);
    expect(silent).toEqual([{ forceRefresh: false, scopes: ["https://contoso.crm.dynamics.com/.default"] }]);
  });

  it("after a 401 forces a refresh (one for requests refused together), not answered by a plain acquisition already under way", async () => {
    const { app, silent, release } = fakeApp();
    const getToken = signedInTokenProvider(app, "https://contoso.crm.dynamics.com", ACCOUNT.homeAccountId);
    const plain = getToken();
    const forced = [getToken({ forceRefresh: true }), getToken({ forceRefresh: true }), getToken()];
    await settle();
    release();
    expect(await plain).toBe("token-1");
    expect(await Promise.all(forced)).toEqual(["token-2", "token-2", "token-2"]);
    expect(silent.map((s) => s.forceRefresh)).toEqual([false, true]);
  });

  it("says a sign-in is needed when the account is gone or MSAL needs the user again", async () => {
    const gone = fakeApp({ accounts: [] });
    await expect(signedInTokenProvider(gone.app, "https://contoso.crm.dynamics.com", ACCOUNT.homeAccountId)()).rejects.toThrow(
      new SignInNeededError("https://contoso.crm.dynamics.com", "none"),
    );
    const expired = fakeApp({ fail: new InteractionRequiredAuthError("invalid_grant", "AADSTS700082: The refresh token has expired.") });
    const attempt = signedInTokenProvider(expired.app, "https://contoso.crm.dynamics.com", ACCOUNT.homeAccountId)();
    await settle();
    expired.release();
    await expect(attempt).rejects.toThrow("The sign-in to https://contoso.crm.dynamics.com has expired or was revoked.");
  });
});

describe("signOut", () => {
  it("removes the account from MSAL's cache, and says when there was none", async () => {
    const { app, accounts } = fakeApp();
    expect(await signOut(app, ACCOUNT.homeAccountId)).toBe(true);
    expect(accounts()).toEqual([]);
    expect(await signOut(app, ACCOUNT.homeAccountId)).toBe(false);
  });
});
