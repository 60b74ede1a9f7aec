import { ConfidentialClientApplication, type INetworkModule } from "@azure/msal-node";
import type { TokenProvider } from "../transport/node";

/** App registration credentials for the client-credentials flow (an application user in the org). */
export interface ClientCredentials {
  tenantId: string;
  clientId: string;
  clientSecret: string;
}

/** Reads DXM_TENANT_ID, DXM_CLIENT_ID and DXM_CLIENT_SECRET; names every missing one. */
export function clientCredentialsFromEnv(env: Record<string, string | undefined>): ClientCredentials {
  const names = ["DXM_TENANT_ID", "DXM_CLIENT_ID", "DXM_CLIENT_SECRET"] as const;
  const missing = names.filter((name) => !env[name]);
  if (missing.length > 0) {
    throw new Error(`Connecting to a Dataverse org needs ${missing.join(", ")} (an app registration with an application user in the org).`);
  }
  return { tenantId: env.DXM_TENANT_ID as string, clientId: env.DXM_CLIENT_ID as string, clientSecret: env.DXM_CLIENT_SECRET as string };
}

/** The scope for a Dataverse org: `<org origin>/.default`. */
export function dataverseScope(orgUrl: string): string {
  return `${new URL(orgUrl).origin}/.default`;
}

/**
 * A token callback backed by MSAL's ConfidentialClientApplication. MSAL keeps the token in its in-memory
 * cache and only asks Entra ID again when it is about to expire, so calling this per request is cheap.
 * `networkClient`: tests only, where MSAL's requests go (loopback-authority.ts).
 */
export function msalTokenProvider(orgUrl: string, credentials: ClientCredentials, networkClient?: INetworkModule): TokenProvider {
  const app = new ConfidentialClientApplication({
    auth: {
      clientId: credentials.clientId,
      clientSecret: credentials.clientSecret,
      authority: `https://login.microsoftonline.com/${credentials.tenantId}`,
    },
    ...(networkClient ? { system: { networkClient } } : {}),
  });
  const scopes = [dataverseScope(orgUrl)];
  return async (options) => {
    const result = await app.acquireTokenByClientCredential({ scopes, skipCache: options?.forceRefresh === true });
    if (!result?.accessToken) throw new Error("Entra ID returned no access token for the Dataverse org.");
    return result.accessToken;
  };
}
