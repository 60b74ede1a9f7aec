import type { Command } from "commander";
import { isLoopbackUrl } from "../../../dataverse/auth/loopback";
import { publicClient, signInWithDeviceCode, signOut } from "../../../dataverse/auth/device-code";
import { AUTHORITY_HOST, DEFAULT_TENANT, readSignIn, saveSignIn, signInDirectory, signInFiles, testAuthority } from "../sign-ins";
import { UsageError } from "../confirmed-map";
import { describeUser } from "./whoami";

interface LoginOptions {
  target: string;
  clientId?: string;
  tenant: string;
}

/**
 * `dxm login --target URL`: signs in as yourself with the device-code flow (open the page, enter the code, sign
 * in with your own account and MFA), for the org's `/.default` scope. The tokens are kept in your profile
 * (0600) and later commands against the org use them, refreshed silently; no token is printed.
 *
 * The client id is required (no default): Microsoft publishes no client id meant for third-party tools in
 * production (the Dataverse samples' id is for development and prototyping), and with your own app registration
 * your tenant's consent, Conditional Access and sign-in logs name this tool.
 */
export function register(program: Command): void {
  program
    .command("login")
    .description("Sign in to a Dataverse org as yourself (device code: open the page it prints, enter the code). Later commands against the org use this sign-in.")
    .requiredOption("--target <url>", "org URL (https://org.crm.dynamics.com)")
    .option("--client-id <id>", "application (client) id of your app registration that allows public client flows (default: DXM_LOGIN_CLIENT_ID)")
    .option("--tenant <tenant>", "your Microsoft Entra tenant id or domain (contoso.onmicrosoft.com)", DEFAULT_TENANT)
    .action(async (options: LoginOptions) => {
      const env = process.env;
      const orgUrl = new URL(options.target).origin;
      const networkClient = testAuthority(env);
      if (isLoopbackUrl(orgUrl) && !networkClient) throw new UsageError(`${orgUrl} is the local emulator: it needs no sign-in (set DXM_EMULATOR_TOKEN to act as another emulator user).`);
      if (!orgUrl.startsWith("https:") && !isLoopbackUrl(orgUrl)) throw new UsageError(`Dataverse orgs are reached over https: ${orgUrl}`);
      const clientId = options.clientId ?? env.DXM_LOGIN_CLIENT_ID?.trim();
      if (!clientId) throw new UsageError("dxm login needs the application (client) id of your app registration: --client-id <id> or DXM_LOGIN_CLIENT_ID (docs/run-a-migration.md, Signing in to your org).");
      const files = signInFiles(signInDirectory(env), orgUrl);
      const authority = `${AUTHORITY_HOST}/${options.tenant}`;
      const app = publicClient({ clientId, authority, cacheFile: files.cache, networkClient });
      // Only the message (the page to open and the code to enter) is shown; the tokens go to the cache file.
      const account = await signInWithDeviceCode(app, orgUrl, (message) => process.stderr.write(`${message}\n`));
      const earlier = readSignIn(files);
      saveSignIn(files, { org: orgUrl, clientId, authority, account });
      // Another user signed in to this org before: their account and tokens leave the cache.
      const replaced = earlier && earlier.account.homeAccountId !== account.homeAccountId ? earlier.account : undefined;
      if (replaced) await signOut(app, replaced.homeAccountId);
      process.stdout.write(`Signed in to ${orgUrl} as ${describeUser(account)}${replaced ? ` (instead of ${replaced.username})` : ""}. Commands with --target ${orgUrl} now run as you.\n`);
    });
}
