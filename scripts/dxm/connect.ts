import { DataverseClient, type DataverseClientOptions } from "../../dataverse/client";
import { createNodeTransport } from "../../dataverse/transport/node";
import { isLoopbackUrl } from "../../dataverse/auth/loopback";
import { clientCredentialsFromEnv, msalTokenProvider } from "../../dataverse/auth/msal";
import type { DataverseClientApi } from "../../dataverse/types";

export interface ConnectOptions extends Omit<DataverseClientOptions, "transport"> {
  /** Where the DXM_* credentials come from; default process.env. */
  env?: Record<string, string | undefined>;
}

/**
 * A client for `url`: the local emulator on a loopback address needs no authentication (DXM_EMULATOR_TOKEN, when
 * set, is sent as the bearer token: the emulator runs the requests as the user it names, e.g. to rehearse as a
 * user with fewer privileges); any other URL is a Dataverse org, reached with an app registration's client
 * credentials (DXM_TENANT_ID, DXM_CLIENT_ID, DXM_CLIENT_SECRET) through MSAL.
 */
export async function connect(url: string, options: ConnectOptions = {}): Promise<DataverseClientApi> {
  const { env = process.env, ...clientOptions } = options;
  const parsed = new URL(url);
  if (parsed.protocol !== "https:" && !isLoopbackUrl(url)) throw new Error(`Dataverse orgs are reached over https: ${parsed.origin}`);
  const emulatorToken = env.DXM_EMULATOR_TOKEN?.trim();
  const getToken = isLoopbackUrl(url) ? (emulatorToken ? async () => emulatorToken : undefined) : msalTokenProvider(url, clientCredentialsFromEnv(env));
  return new DataverseClient({ ...clientOptions, transport: createNodeTransport({ url, getToken }) });
}
