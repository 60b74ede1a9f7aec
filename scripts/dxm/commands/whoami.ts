import type { Command } from "commander";
import { connectWithSignIn, type SignIn } from "../connect";

/** A signed-in user in words: `Dana Whitfield (dana@contoso.com)`, or the user name alone. */
export const describeUser = (account: { username: string; name?: string }): string => (account.name ? `${account.name} (${account.username})` : account.username);

/** Who the requests run as, in words (never a token). */
export function describeSignIn(signIn: SignIn): string {
  switch (signIn.kind) {
    case "emulator":
      return "the emulator's default caller (no sign-in)";
    case "emulator-token":
      return "the emulator user DXM_EMULATOR_TOKEN names";
    case "app-registration":
      return `the application user of app registration ${signIn.clientId} (client credentials, tenant ${signIn.tenantId})`;
    case "signed-in":
      return `${describeUser(signIn)}, signed in with dxm login`;
    case "identities":
      return `${signIn.names.length} identities side by side (${signIn.names.join(", ")})`;
  }
}

/** `dxm whoami --target URL`: checks the connection and says which org, who signed in and the user id the org acts as. */
export function register(program: Command): void {
  program
    .command("whoami")
    .description("Connect to a Dataverse org (or the local emulator) and say which org, who is signed in and the user id the tool acts as.")
    .requiredOption("--target <url>", "org URL (https://org.crm.dynamics.com) or emulator URL (http://127.0.0.1:PORT)")
    .option("--json", "print the org URL, the sign-in, and WhoAmI's UserId, BusinessUnitId and OrganizationId as JSON")
    .action(async (options: { target: string; json?: boolean }) => {
      const org = new URL(options.target).origin;
      const { client, signIn } = await connectWithSignIn(options.target);
      const me = await client.whoAmI();
      process.stdout.write(
        options.json
          ? `${JSON.stringify({ org, signIn, ...me })}\n`
          : `org:    ${org} (OrganizationId ${me.OrganizationId})\nuser:   ${describeSignIn(signIn)}\nUserId: ${me.UserId}\n`,
      );
    });
}
