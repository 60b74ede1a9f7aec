import type { Command } from "commander";
import { connect } from "../connect";

/** `dxm whoami --target URL`: checks the connection and prints the calling user's id. */
export function register(program: Command): void {
  program
    .command("whoami")
    .description("Connect to a Dataverse org (or the local emulator) and print the user id the tool acts as.")
    .requiredOption("--target <url>", "org URL (https://org.crm.dynamics.com) or emulator URL (http://127.0.0.1:PORT)")
    .option("--json", "print UserId, BusinessUnitId and OrganizationId as JSON")
    .action(async (options: { target: string; json?: boolean }) => {
      const client = await connect(options.target);
      const me = await client.whoAmI();
      process.stdout.write(options.json ? `${JSON.stringify(me)}\n` : `${me.UserId}\n`);
    });
}
