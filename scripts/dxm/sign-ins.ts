import { homedir } from "node:os";
import { join } from "node:path";
import { rmSync } from "node:fs";
import type { SignedInAccount } from "../../dataverse/auth/device-code";
import { readIfPresent, writePrivateFile } from "../../dataverse/auth/cache-file";
import { loopbackAuthorityNetwork } from "../../dataverse/auth/loopback-authority";
import type { INetworkModule } from "@azure/msal-node";

/** What `dxm login` keeps about a sign-in to one org (no token: those are in MSAL's cache file beside it). */
export interface SignInRecord {
  org: string;
  clientId: string;
  authority: string;
  account: SignedInAccount;
}

/** Microsoft Entra ID's public cloud; `--tenant` names the directory (default: the user's own work account's). */
export const AUTHORITY_HOST = "https://login.microsoftonline.com";
export const DEFAULT_TENANT = "organizations";

/**
 * Where `dxm` keeps sign-ins: `DXM_HOME` when set (tests), else `$XDG_CONFIG_HOME/dxm`, else `%APPDATA%\dxm` on
 * Windows, else `~/.dxm`.
 */
export function signInDirectory(env: Record<string, string | undefined>, platform: NodeJS.Platform = process.platform, home: string = homedir()): string {
  if (env.DXM_HOME) return env.DXM_HOME;
  if (env.XDG_CONFIG_HOME) return join(env.XDG_CONFIG_HOME, "dxm");
  if (platform === "win32" && env.APPDATA) return join(env.APPDATA, "dxm");
  return join(home, ".dxm");
}

/** One folder per org, named by its host (and port): `contoso.crm.dynamics.com`, `127.0.0.1_5555`. */
export function orgFolder(orgUrl: string): string {
  return new URL(orgUrl).host.toLowerCase().replace(/[^a-z0-9.-]/g, "_");
}

export interface SignInFiles {
  record: string;
  cache: string;
}

export function signInFiles(dir: string, orgUrl: string): SignInFiles {
  const folder = join(dir, "orgs", orgFolder(orgUrl));
  return { record: join(folder, "sign-in.json"), cache: join(folder, "msal-cache.json") };
}

export function readSignIn(files: SignInFiles): SignInRecord | undefined {
  const text = readIfPresent(files.record);
  return text === undefined ? undefined : (JSON.parse(text) as SignInRecord);
}

export function saveSignIn(files: SignInFiles, record: SignInRecord): void {
  writePrivateFile(files.record, `${JSON.stringify(record, null, 2)}\n`);
}

/** Forgets the org's sign-in: the record and the token cache file. */
export function forgetSignIn(files: SignInFiles): void {
  rmSync(files.record, { force: true });
  rmSync(files.cache, { force: true });
}

/**
 * Tests only: `DXM_TEST_AUTHORITY=http://127.0.0.1:PORT` names a loopback fake of Microsoft Entra ID. MSAL's
 * requests then go there (nothing reaches the internet), and a loopback `--target` is an org that needs a
 * sign-in like any other, not the emulator that needs none.
 */
export function testAuthority(env: Record<string, string | undefined>): INetworkModule | undefined {
  const origin = env.DXM_TEST_AUTHORITY?.trim();
  return origin ? loopbackAuthorityNetwork(origin) : undefined;
}

/** The command that signs in to this org, for messages. */
export const loginCommand = (orgUrl: string): string => `dxm login --target ${new URL(orgUrl).origin}`;
