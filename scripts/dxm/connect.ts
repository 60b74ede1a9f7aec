import { DataverseClient, type DataverseClientOptions } from "../../dataverse/client";
import { createNodeTransport, type TokenProvider } from "../../dataverse/transport/node";
import { isLoopbackUrl } from "../../dataverse/auth/loopback";
import { clientCredentialsFromEnv, msalTokenProvider } from "../../dataverse/auth/msal";
import { publicClient, SignInNeededError, signedInTokenProvider } from "../../dataverse/auth/device-code";
import type { DataverseClientApi } from "../../dataverse/types";
import { DataverseError } from "../../dataverse/errors";
import type { INetworkModule } from "@azure/msal-node";
import { identityTransports, readIdentitiesFile } from "./identities";
import { loginCommand, readSignIn, signInDirectory, signInFiles, testAuthority } from "./sign-ins";

export interface ConnectOptions extends Omit<DataverseClientOptions, "transport"> {
  /** Where the DXM_* settings come from; default process.env. */
  env?: Record<string, string | undefined>;
  /** `--identities FILE`: several application users side by side (identities.ts). */
  identitiesFile?: string;
}

/** Who the requests run as, in words a command can print (never a token). */
export type SignIn =
  | { kind: "emulator" }
  | { kind: "emulator-token" }
  | { kind: "app-registration"; clientId: string; tenantId: string }
  | { kind: "signed-in"; username: string; name?: string }
  | { kind: "identities"; names: string[] };

export interface Connection {
  client: DataverseClientApi;
  signIn: SignIn;
}

const CLIENT_CREDENTIAL_VARIABLES = ["DXM_TENANT_ID", "DXM_CLIENT_ID", "DXM_CLIENT_SECRET"] as const;

/**
 * A client for `url`, and who it runs as. The local emulator on a loopback address needs no authentication
 * (DXM_EMULATOR_TOKEN, when set, is sent as the bearer token: the emulator runs the requests as the user it names).
 * Any other URL is a Dataverse org: with DXM_TENANT_ID, DXM_CLIENT_ID and DXM_CLIENT_SECRET set, as an app
 * registration's application user (client credentials); without them, as the user who signed in with
 * `dxm login --target URL` (the cached account, refreshed silently). DXM_TEST_AUTHORITY (tests: a loopback fake
 * of Microsoft Entra ID) makes a loopback URL an org too.
 */
export async function connectWithSignIn(url: string, options: ConnectOptions = {}): Promise<Connection> {
  const { env = process.env, ...clientOptions } = options;
  const parsed = new URL(url);
  if (parsed.protocol !== "https:" && !isLoopbackUrl(url)) throw new Error(`Dataverse orgs are reached over https: ${parsed.origin}`);
  const networkClient = testAuthority(env);
  if (clientOptions.identitiesFile) {
    const { identitiesFile, ...rest } = clientOptions;
    const identities = await identityTransports(url, readIdentitiesFile(identitiesFile, env), { emulator: isLoopbackUrl(url) && !networkClient, networkClient });
    return { client: new DataverseClient({ ...rest, transport: identities[0].transport, identities }), signIn: { kind: "identities", names: identities.map((i) => i.name) } };
  }
  const { getToken, signIn } = isLoopbackUrl(url) && !networkClient ? emulatorAuth(env) : await orgAuth(url, env, networkClient);
  return { client: new DataverseClient({ ...clientOptions, transport: createNodeTransport({ url, getToken }) }), signIn };
}

export async function connect(url: string, options: ConnectOptions = {}): Promise<DataverseClientApi> {
  return (await connectWithSignIn(url, options)).client;
}

interface Auth {
  getToken?: TokenProvider;
  signIn: SignIn;
}

function emulatorAuth(env: Record<string, string | undefined>): Auth {
  const token = env.DXM_EMULATOR_TOKEN?.trim();
  return token ? { getToken: async () => token, signIn: { kind: "emulator-token" } } : { signIn: { kind: "emulator" } };
}

async function orgAuth(url: string, env: Record<string, string | undefined>, networkClient: INetworkModule | undefined): Promise<Auth> {
  if (CLIENT_CREDENTIAL_VARIABLES.some((name) => env[name])) {
    const credentials = clientCredentialsFromEnv(env);
    return { getToken: msalTokenProvider(url, credentials, networkClient), signIn: { kind: "app-registration", clientId: credentials.clientId, tenantId: credentials.tenantId } };
  }
  const files = signInFiles(signInDirectory(env), url);
  const record = readSignIn(files);
  const askToSignIn = `run \`${loginCommand(url)}\` to sign in as yourself, or set DXM_TENANT_ID, DXM_CLIENT_ID and DXM_CLIENT_SECRET to connect as an app registration's application user.`;
  if (!record) throw new Error(`No sign-in to ${new URL(url).origin} is kept on this machine: ${askToSignIn}`);
  const app = publicClient({ clientId: record.clientId, authority: record.authority, cacheFile: files.cache, networkClient });
  const getToken = askingToSignIn(signedInTokenProvider(app, url, record.account.homeAccountId), askToSignIn);
  // A sign-in that is gone or expired is said now, before any request.
  await getToken();
  return { getToken, signIn: { kind: "signed-in", username: record.account.username, ...(record.account.name ? { name: record.account.name } : {}) } };
}

/**
 * The token callback with a sign-in that is gone or expired turned into a refused sign-in (401, not retried) that
 * says what to do: the client does not take it for a network failure, and a run stops there (and can be resumed
 * after `dxm login`).
 */
function askingToSignIn(getToken: TokenProvider, askToSignIn: string): TokenProvider {
  return async (options) => {
    try {
      return await getToken(options);
    } catch (error) {
      if (error instanceof SignInNeededError) throw new DataverseError({ status: 401, code: "SignInNeeded", message: `${error.message} To sign in again, ${askToSignIn}`, retriable: false });
      throw error;
    }
  };
}
