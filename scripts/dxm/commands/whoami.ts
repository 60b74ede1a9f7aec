import type { Command } from "commander";

/** `dxm whoami --target URL`: checks the connection and prints the calling user's id. */
export function register(program: Command): void {
  program
    .command("whoami")
    .description("Connect to a Dataverse environment (or the local emulator) and print the calling user's id")
    .requiredOption("--target <url>", "environment URL, e.g. https://org.crm.dynamics.com or http://127.0.0.1:7071")
    .action(async (options: { target: string }) => {
      const { connect } = await import("../connect");
      const client = await connect(options.target);
      const me = await client.whoAmI();
      process.stdout.write(`${me.UserId}\n`);
    });
}
