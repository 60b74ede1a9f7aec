import { sampleValuesForEveryColumn, sampleTargetId } from "../../../solution/pack";
import { findColumn, solutionModel } from "../../../solution/model";

describe("sampleValuesForEveryColumn", () => {
  const samples = sampleValuesForEveryColumn();

  it("lists every column the solution defines, once", () => {
    const expected = [...solutionModel.tables, ...solutionModel.extensions].flatMap((t) => t.columns.map((c) => `${t.logicalName}.${c.logicalName}`));
    expect(samples.map((s) => `${s.table}.${s.column}`)).toEqual(expected);
  });

  it("gives values a write must accept: within length, range and option set", () => {
    for (const s of samples) {
      const column = findColumn(s.table, s.column)!;
      const where = `${s.table}.${s.column}`;
      switch (column.type) {
        case "string":
        case "memo":
          expect({ where, fits: typeof s.value === "string" && s.value.length > 0 && s.value.length <= column.maxLength }).toEqual({ where, fits: true });
          break;
        case "integer":
          expect({ where, fits: Number.isInteger(s.value) && (s.value as number) >= (column.min ?? -Infinity) && (s.value as number) <= (column.max ?? Infinity) }).toEqual({ where, fits: true });
          break;
        case "choice":
          expect(column.options.map((o) => o.value)).toContain(s.value);
          break;
        case "datetime":
          expect(s.value).toMatch(column.behavior === "dateonly" ? /^\d{4}-\d{2}-\d{2}$/ : /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
          break;
        case "lookup":
          expect(s.property).toBe(`${column.navigationProperty}@odata.bind`);
          expect(s.target?.id).toBe(sampleTargetId(column.target));
          expect(s.value).toBe(`/${s.target!.entitySet}(${s.target!.id})`);
          break;
        default:
          expect(typeof s.value).toBe(column.type === "boolean" ? "boolean" : "number");
      }
      if (column.type !== "lookup") expect(s.property).toBe(s.column);
    }
  });

  it("addresses each table by its entity set", () => {
    expect(samples.find((s) => s.table === "contact")?.entitySet).toBe("contacts");
    expect(samples.find((s) => s.table === "dxm_treatmenthistory")?.entitySet).toBe("dxm_treatmenthistories");
    expect(samples.find((s) => s.column === "dxm_providerid")?.target?.entitySet).toBe("systemusers");
  });
});
