import { InteractionRequiredAuthError, PublicClientApplication, ServerError, type AccountInfo, type INetworkModule } from "@azure/msal-node";
import type { TokenProvider } from "../transport/node";
import { fileCachePlugin } from "./cache-file";
import { dataverseScope } from "./msal";

/** The public client an admin signs in through, and where MSAL keeps its token cache. */
export interface PublicClientSettings {
  /** Application (client) id of an app registration that allows public client flows. */
  clientId: string;
  /** `https://login.microsoftonline.com/<tenant id, domain or "organizations">`. */
  authority: string;
  /** The MSAL token cache file (0600). */
  cacheFile: string;
  /** Tests only: where MSAL's requests go (loopback-authority.ts); by default MSAL's own https client. */
  networkClient?: INetworkModule;
}

/** Who signed in, as MSAL's account names them: enough to find the account again and to say who it is. */
export interface SignedInAccount {
  homeAccountId: string;
  /** The user principal name (e.g. dana@contoso.com). */
  username: string;
  name?: string;
}

/** No usable sign-in: no cached account, or its refresh token was refused (expired, revoked, password changed). */
export class SignInNeededError extends Error {
  constructor(readonly orgUrl: string, readonly reason: "none" | "expired") {
    super(reason === "none" ? `No sign-in to ${new URL(orgUrl).origin} is kept on this machine.` : `The sign-in to ${new URL(orgUrl).origin} has expired or was revoked.`);
    this.name = "SignInNeededError";
  }
}

export function publicClient(settings: PublicClientSettings): PublicClientApplication {
  return new PublicClientApplication({
    auth: { clientId: settings.clientId, authority: settings.authority },
    cache: { cachePlugin: fileCachePlugin(settings.cacheFile) },
    ...(settings.networkClient ? { system: { networkClient: settings.networkClient } } : {}),
  });
}

const accountOf = (account: AccountInfo): SignedInAccount => ({ homeAccountId: account.homeAccountId, username: account.username, ...(account.name ? { name: account.name } : {}) });

/**
 * The device-code flow for the org's `/.default` scope: MSAL asks the authority for a code, hands over the
 * message to show (the page to open and the code to enter), then polls until the user has signed in. The tokens
 * go to the cache file; only the account comes back.
 */
export async function signInWithDeviceCode(app: PublicClientApplication, orgUrl: string, showMessage: (message: string) => void): Promise<SignedInAccount> {
  const result = await app.acquireTokenByDeviceCode({ scopes: [dataverseScope(orgUrl)], deviceCodeCallback: (response) => showMessage(response.message) });
  if (!result?.account) throw new Error("Microsoft Entra ID returned no account for the sign-in.");
  return accountOf(result.account);
}

/** The cached account, or undefined when it is gone (signed out, or the cache file removed). */
export async function cachedAccount(app: PublicClientApplication, homeAccountId: string): Promise<AccountInfo | undefined> {
  return (await app.getTokenCache().getAccountByHomeId(homeAccountId)) ?? undefined;
}

/**
 * A token callback for a signed-in user: MSAL answers from the cache while the access token is fresh and
 * redeems the refresh token when it is not (or when `forceRefresh`: the org refused the last token with a 401).
 * Concurrent requests share one acquisition, so a run that finds its token expired refreshes it once.
 */
export function signedInTokenProvider(app: PublicClientApplication, orgUrl: string, homeAccountId: string): TokenProvider {
  const scopes = [dataverseScope(orgUrl)];
  let inFlight: { forced: boolean; token: Promise<string> } | undefined;
  const acquire = async (forceRefresh: boolean): Promise<string> => {
    const account = await cachedAccount(app, homeAccountId);
    if (!account) throw new SignInNeededError(orgUrl, "none");
    try {
      const result = await app.acquireTokenSilent({ account, scopes, forceRefresh });
      if (!result?.accessToken) throw new Error("Microsoft Entra ID returned no access token for the Dataverse org.");
      return result.accessToken;
    } catch (error) {
      // The refresh token refused: MSAL says interaction is required, or passes on the authority's invalid_grant.
      if (error instanceof InteractionRequiredAuthError || (error instanceof ServerError && error.errorCode === "invalid_grant")) throw new SignInNeededError(orgUrl, "expired");
      throw error;
    }
  };
  return (options) => {
    const forced = options?.forceRefresh === true;
    if (inFlight && (inFlight.forced || !forced)) return inFlight.token;
    const current = { forced, token: acquire(forced).finally(() => { if (inFlight === current) inFlight = undefined; }) };
    inFlight = current;
    return current.token;
  };
}

/** Removes the account and its tokens from the cache; false when there was none. */
export async function signOut(app: PublicClientApplication, homeAccountId: string): Promise<boolean> {
  const account = await cachedAccount(app, homeAccountId);
  if (!account) return false;
  await app.getTokenCache().removeAccount(account);
  return true;
}
