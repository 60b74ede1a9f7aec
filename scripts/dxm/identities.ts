import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { ConfidentialClientApplication, type INetworkModule } from "@azure/msal-node";
import { DataverseClient, type ClientIdentity } from "../../dataverse/client";
import { dataverseScope } from "../../dataverse/auth/msal";
import { createNodeTransport, type TokenProvider } from "../../dataverse/transport/node";

/**
 * `--identities FILE`: several application users sending one run's requests side by side (the client spreads
 * them, dataverse/http/identity-pool.ts). The file names each identity and how it signs in; it may hold
 * secrets, so keep it out of the repository and readable by you alone (or name environment variables instead).
 *
 * ```json
 * { "tenantId": "…",
 *   "identities": [
 *     { "name": "migration-1", "clientId": "…", "clientSecretEnv": "DXM_SECRET_1" },
 *     { "name": "migration-2", "clientId": "…", "certificate": { "thumbprintSha256": "…", "privateKeyFile": "m2.pem" } },
 *     { "name": "emulator-a", "token": "alice" } ] }
 * ```
 * `token` (the local emulator only): sent as the bearer token, which the emulator maps to a user
 * (`dxm emulator --tokens`).
 */
export interface IdentitySpec {
  name: string;
  tenantId?: string;
  clientId?: string;
  clientSecret?: string;
  certificate?: { thumbprintSha256?: string; thumbprint?: string; privateKey: string };
  token?: string;
}

const NAME = /^[\w.@-]{1,64}$/;

/** Reads the identities file's JSON (`baseDir`: where relative key files are; `env`: for `…Env` secrets). Pure but for key files. */
export function parseIdentities(json: unknown, env: Record<string, string | undefined>, baseDir: string, readKey: (path: string) => string = (p) => readFileSync(p, "utf8")): IdentitySpec[] {
  const root = (Array.isArray(json) ? { identities: json } : json) as { tenantId?: unknown; identities?: unknown };
  if (!root || typeof root !== "object" || !Array.isArray(root.identities) || root.identities.length === 0) {
    throw new Error('The identities file needs an "identities" array with at least one entry.');
  }
  const tenant = typeof root.tenantId === "string" ? root.tenantId : undefined;
  const names = new Set<string>();
  return root.identities.map((raw: unknown, i): IdentitySpec => {
    const e = (raw ?? {}) as Record<string, unknown>;
    const where = `identity ${i + 1}`;
    const name = typeof e.name === "string" ? e.name : typeof e.clientId === "string" ? e.clientId : `identity-${i + 1}`;
    if (!NAME.test(name)) throw new Error(`${where}: name "${name}" must be 1-64 letters, digits, . _ @ or -.`);
    if (names.has(name)) throw new Error(`${where}: the name "${name}" is used twice.`);
    names.add(name);
    if (typeof e.token === "string" && e.token.trim()) return { name, token: e.token.trim() };
    if (typeof e.tokenEnv === "string") {
      const token = env[e.tokenEnv]?.trim();
      if (!token) throw new Error(`${where} (${name}): the environment variable ${e.tokenEnv} is not set.`);
      return { name, token };
    }
    const clientId = typeof e.clientId === "string" ? e.clientId : undefined;
    const tenantId = typeof e.tenantId === "string" ? e.tenantId : tenant;
    if (!clientId || !tenantId) throw new Error(`${where} (${name}): give "clientId" and "tenantId" (or a "token" for the local emulator).`);
    const secret = typeof e.clientSecret === "string" ? e.clientSecret : typeof e.clientSecretEnv === "string" ? env[e.clientSecretEnv] : undefined;
    if (typeof e.clientSecretEnv === "string" && !secret) throw new Error(`${where} (${name}): the environment variable ${e.clientSecretEnv} is not set.`);
    const cert = e.certificate as Record<string, unknown> | undefined;
    if (secret) return { name, tenantId, clientId, clientSecret: secret };
    if (cert && typeof cert === "object") {
      const keyFile = typeof cert.privateKeyFile === "string" ? cert.privateKeyFile : undefined;
      const privateKey = typeof cert.privateKey === "string" ? cert.privateKey : keyFile ? readKey(resolve(baseDir, keyFile)) : undefined;
      const thumbprintSha256 = typeof cert.thumbprintSha256 === "string" ? cert.thumbprintSha256 : undefined;
      const thumbprint = typeof cert.thumbprint === "string" ? cert.thumbprint : undefined;
      if (!privateKey || (!thumbprintSha256 && !thumbprint)) throw new Error(`${where} (${name}): a certificate needs "thumbprintSha256" (or "thumbprint") and "privateKeyFile".`);
      return { name, tenantId, clientId, certificate: { privateKey, ...(thumbprintSha256 ? { thumbprintSha256 } : {}), ...(thumbprint ? { thumbprint } : {}) } };
    }
    throw new Error(`${where} (${name}): give "clientSecret", "clientSecretEnv" or "certificate".`);
  });
}

export function readIdentitiesFile(file: string, env: Record<string, string | undefined>): IdentitySpec[] {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new Error(`Cannot read the identities file ${file}: ${(error as Error).message}`);
  }
  return parseIdentities(json, env, dirname(resolve(file)));
}

function appTokenProvider(orgUrl: string, spec: IdentitySpec, networkClient?: INetworkModule): TokenProvider {
  const app = new ConfidentialClientApplication({
    auth: {
      clientId: spec.clientId!,
      ...(spec.clientSecret ? { clientSecret: spec.clientSecret } : { clientCertificate: spec.certificate! }),
      authority: `https://login.microsoftonline.com/${spec.tenantId}`,
    },
    ...(networkClient ? { system: { networkClient } } : {}),
  });
  const scopes = [dataverseScope(orgUrl)];
  return async (options) => {
    const result = await app.acquireTokenByClientCredential({ scopes, skipCache: options?.forceRefresh === true });
    if (!result?.accessToken) throw new Error(`Entra ID returned no access token for identity ${spec.name}.`);
    return result.accessToken;
  };
}

/**
 * One transport per identity, each signed in; every identity's systemuserid is asked of the org (WhoAmI as
 * that identity) before any write, so a refused identity stops the command now and the ledger can name who
 * wrote what.
 */
export async function identityTransports(url: string, specs: IdentitySpec[], options: { emulator: boolean; networkClient?: INetworkModule }): Promise<ClientIdentity[]> {
  const identities = specs.map((spec): ClientIdentity => {
    if (spec.token !== undefined && !options.emulator) throw new Error(`Identity ${spec.name}: a "token" is for the local emulator only; a Dataverse org needs clientId and a secret or certificate.`);
    const getToken: TokenProvider = spec.token !== undefined ? async () => spec.token : appTokenProvider(url, spec, options.networkClient);
    return { name: spec.name, transport: createNodeTransport({ url, getToken }) };
  });
  await Promise.all(identities.map(async (identity) => {
    try {
      identity.userId = (await new DataverseClient({ transport: identity.transport, retry: { maxAttempts: 2 } }).whoAmI()).UserId.toLowerCase();
    } catch (error) {
      throw new Error(`Identity ${identity.name} could not sign in to ${new URL(url).origin}: ${(error as Error).message}`);
    }
  }));
  const seen = new Map<string, string>();
  for (const i of identities) {
    const other = seen.get(i.userId!);
    if (other) throw new Error(`Identities ${other} and ${i.name} are the same user: each needs its own application user to have windows of its own.`);
    seen.set(i.userId!, i.name);
  }
  return identities;
}
