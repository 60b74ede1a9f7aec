import { jaroWinkler, tokenDice } from "../../../migration/mapping/similarity";

describe("string similarity", () => {
  it("computes Jaro-Winkler as published (MARTHA/MARHTA 0.961, DWAYNE/DUANE 0.84, DIXON/DICKSONX 0.813)", () => {
    expect(jaroWinkler("MARTHA", "MARHTA")).toBeCloseTo(0.961, 3);
    expect(jaroWinkler("DWAYNE", "DUANE")).toBeCloseTo(0.84, 2);
    expect(jaroWinkler("DIXON", "DICKSONX")).toBeCloseTo(0.813, 3);
    expect(jaroWinkler("abc", "abc")).toBe(1);
    expect(jaroWinkler("abc", "xyz")).toBe(0);
    expect(jaroWinkler("", "abc")).toBe(0);
  });

  it("gives token Dice 1 for the same words in any order and tolerates typos in long words", () => {
    expect(tokenDice(["first", "name"], ["name", "first"])).toBe(1);
    expect(tokenDice(["frist", "name"], ["first", "name"])).toBe(1);
    expect(tokenDice(["birth", "date"], ["first", "name"])).toBe(0);
  });

  it("weights generic words half, so sharing only 'date' is a weak match", () => {
    const onlyDate = tokenDice(["visit", "date"], ["created", "date"]);
    const onlyVisit = tokenDice(["visit", "date"], ["visit", "reason"]);
    expect(onlyDate).toBeCloseTo(1 / 3, 5);
    expect(onlyVisit).toBeCloseTo(4 / 7, 5);
    expect(onlyVisit).toBeGreaterThan(onlyDate);
  });
});
