import { money, usDate } from "../formats";
import { PROCEDURES } from "../reference-data";
import type { GenerateContext, Patient, RowValues, Visit } from "./context";

const PERMANENT = Array.from({ length: 32 }, (_, i) => String(i + 1));
const PRIMARY = "ABCDEFGHIJKLMNOPQRST".split("");
const SURFACES = ["O", "M", "D", "B", "L", "MO", "DO", "MOD", "OB", "OL", "MODB", "MODBL", "I", "F"];

/** Procedures performed at completed visits: CDT code, tooth (1-32, or A-T for children), surfaces, fee. */
export function procedureRows(ctx: GenerateContext, patient: Patient, list: Visit[]): RowValues[] {
  const { rng } = ctx;
  const child = list.length > 0 && list[0].day - patient.birthDay < 12 * 365;
  return list.flatMap((v) =>
    v.procedures.map((p) => {
      const ref = PROCEDURES.find((r) => r.code === p.code);
      return {
        procedureId: String(p.procedureId),
        patientId: String(patient.patientId),
        providerId: String(v.provider.providerId),
        datePerformed: usDate(v.day),
        code: p.code,
        description: ref?.description ?? "",
        tooth: ref?.tooth ? rng.pick(child ? PRIMARY : PERMANENT) : "",
        surface: ref?.surface ? rng.pick(SURFACES) : "",
        fee: money(p.fee),
        createdDate: usDate(v.day),
      };
    }),
  );
}
