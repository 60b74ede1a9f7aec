import { phone } from "../formats";
import { validNpi } from "../organization";
import { Rng } from "../prng";
import { CITIES, FIRST_NAMES_F, FIRST_NAMES_M, LAST_NAMES } from "../reference-data";
import type { GenerateContext, RowValues } from "./context";

/** A referring dentist outside the practice. Derived from (seed, index), so the pool is never held in memory. */
interface ReferringDentist {
  first: string;
  last: string;
  credentials: "DDS" | "DMD";
  practice: string;
  area: string;
  phoneDigits: [string, string, string];
  npi: string;
}

function dentist(seed: number, index: number): ReferringDentist {
  const rng = new Rng(seed, "referring", index);
  const last = rng.pick(LAST_NAMES);
  const first = rng.pick(rng.chance(0.5) ? FIRST_NAMES_F : FIRST_NAMES_M);
  const area = rng.pick(CITIES).area;
  return {
    first,
    last,
    credentials: rng.pick(["DDS", "DMD"] as const),
    practice: rng.pick([`${last} Family Dentistry`, `${last} Dental Associates`, `${first} ${last}, ${rng.pick(["DDS", "DMD"])}, PC`, `Smile Center of ${rng.pick(CITIES).city}`]),
    area,
    phoneDigits: [area, `${rng.int(2, 9)}${rng.digits(2)}`, rng.digits(4)],
    npi: validNpi(rng),
  };
}

/**
 * The referring columns of a patient row, written the way front desks type them: the same dentist as
 * "Dr. Jane Roe", "ROE, JANE DDS", "Jane Roe DDS"... with the practice name and phone varying too, so the
 * migration has to deduplicate them.
 */
export function referringColumns(ctx: GenerateContext, referred: boolean): RowValues {
  if (!referred) return { referringName: "", referringPractice: "", referringPhone: "", referringNpi: "" };
  const { rng } = ctx;
  const d = dentist(ctx.seed, rng.int(0, ctx.referringPool - 1));
  const name = rng.pick([
    `Dr. ${d.first} ${d.last}`,
    `${d.last.toUpperCase()}, ${d.first.toUpperCase()} ${d.credentials}`,
    `${d.first} ${d.last} ${d.credentials}`,
    `${d.last}, ${d.first}`,
    `Dr ${d.first[0]}. ${d.last}`,
    `${d.first} ${d.last}, ${d.credentials}`,
  ]);
  const practice = rng.pick([d.practice, d.practice.toUpperCase(), d.practice.replace(/,? PC$/, ""), ""]);
  const [a, b, c] = d.phoneDigits;
  const phoneText = rng.pick([`(${a}) ${b}-${c}`, `${a}-${b}-${c}`, `${a}${b}${c}`, `${a}.${b}.${c}`, ""]);
  return {
    referringName: name,
    referringPractice: practice,
    referringPhone: phoneText || (rng.chance(0.1) ? phone(rng, a) : ""),
    referringNpi: rng.chance(0.6) ? d.npi : "",
  };
}
