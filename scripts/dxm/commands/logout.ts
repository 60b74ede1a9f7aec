import type { Command } from "commander";
import { publicClient, signOut } from "../../../dataverse/auth/device-code";
import { forgetSignIn, readSignIn, signInDirectory, signInFiles, testAuthority } from "../sign-ins";

/** `dxm logout --target URL`: removes the signed-in account and its tokens for the org from this machine. */
export function register(program: Command): void {
  program
    .command("logout")
    .description("Forget the sign-in to a Dataverse org (dxm login): its account and tokens are removed from this machine.")
    .requiredOption("--target <url>", "org URL (https://org.crm.dynamics.com)")
    .action(async (options: { target: string }) => {
      const env = process.env;
      const orgUrl = new URL(options.target).origin;
      const files = signInFiles(signInDirectory(env), orgUrl);
      const record = readSignIn(files);
      if (!record) {
        process.stdout.write(`No sign-in to ${orgUrl} was kept on this machine.\n`);
        return;
      }
      const app = publicClient({ clientId: record.clientId, authority: record.authority, cacheFile: files.cache, networkClient: testAuthority(env) });
      await signOut(app, record.account.homeAccountId);
      forgetSignIn(files);
      process.stdout.write(`Signed out of ${orgUrl}: ${record.account.username} is no longer kept on this machine.\n`);
    });
}
