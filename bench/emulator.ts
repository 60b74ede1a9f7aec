/**
 * Emulator throughput: contacts created through CreateMultiple over loopback HTTP with the cost model off.
 * Run: `npx tsx bench/emulator.ts [rows] [batchSize]`. Prints rows/s; the target is ≥ 5,000 rows/s.
 */
import { startEmulator } from "../emulator";

async function main(): Promise<void> {
  const total = Number(process.argv[2] ?? 50_000);
  const batchSize = Number(process.argv[3] ?? 1000);
  const emulator = await startEmulator({ costModel: "off", limits: "off" });
  const url = `${emulator.apiUrl}contacts/Microsoft.Dynamics.CRM.CreateMultiple`;
  const batches: string[] = [];
  for (let start = 0; start < total; start += batchSize) {
    const targets = [];
    for (let i = start; i < Math.min(total, start + batchSize); i++) {
      targets.push({ "@odata.type": "Microsoft.Dynamics.CRM.contact", firstname: `First${i}`, lastname: `Last${i}`, emailaddress1: `p${i}@example.test`, telephone1: "555-0100" });
    }
    batches.push(JSON.stringify({ Targets: targets }));
  }
  const started = process.hrtime.bigint();
  let created = 0;
  for (const body of batches) {
    const response = await fetch(url, { method: "POST", headers: { "Content-Type": "application/json" }, body });
    if (response.status !== 200) throw new Error(`CreateMultiple answered ${response.status}: ${await response.text()}`);
    created += ((await response.json()) as { Ids: string[] }).Ids.length;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const rows = emulator.stats().rowsPerTable.contact;
  await emulator.close();
  process.stdout.write(`CreateMultiple: ${created} contacts in ${seconds.toFixed(2)} s = ${Math.round(created / seconds)} rows/s (batch ${batchSize}; ${rows} rows stored)\n`);
}

void main();
