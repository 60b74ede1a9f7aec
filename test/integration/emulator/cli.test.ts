import { spawn } from "node:child_process";
import { join } from "node:path";

describe("dxm emulator", () => {
  it("prints exactly one line with its base URL, serves the Web API and stops on SIGTERM", async () => {
    const child = spawn(process.execPath, [join(__dirname, "../../../bin/dxm.cjs"), "emulator", "--port", "0", "--memory", "--limits", "documented"], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on("data", (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes("\n")) resolve(out.trim());
      });
      child.once("exit", (code) => reject(new Error(`exited ${code}`)));
    });
    try {
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const who = (await (await fetch(`${url}/api/data/v9.2/WhoAmI`)).json()) as { UserId: string };
      expect(who.UserId).toMatch(/^[0-9a-f-]{36}$/);
    } finally {
      const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
    }
    expect(out.trim().split("\n")).toHaveLength(1);
  }, 30_000);
});
