import { displayName, headerTokens, rawTokens, snakeName } from "../../../migration/mapping/tokens";

describe("header tokens", () => {
  it.each([
    ["Patient First Name", "patient first name"],
    ["PAT_FNAME", "patient first name"],
    ["first-name", "first name"],
    ["firstName", "first name"],
    ["FName", "first name"],
    ["PtDOB", "patient birth date"],
    ["Pt DOB", "patient birth date"],
    ["M.I.", "middle initial"],
    ["Ins Sub Rel", "insurance subscriber relationship"],
    ["APPT_STAT", "appointment status"],
    ["Patient #", "patient number"],
    ["PAT_HPHONE", "patient home phone"],
    ["PAT_C_PH", "patient cell phone"],
    ["W Tel", "work phone"],
    ["endsAt", "end"],
    ["Patient Since", "patient created"],
    ["Visit Outcome", "visit status"],
    ["Preventive %", "preventive percent"],
    ["ADA_CODE", "cdt code code"],
    ["Tx Plan Est Amt", "treatment plan estimated amount"],
    ["Other Location IDs", "other location id"],
    ["patid", "patient id"],
  ])("%s reads as %s", (header, words) => {
    expect(headerTokens(header).join(" ")).toBe(words);
  });

  it("splits camel, snake, kebab, digits and drops punctuation and a file extension", () => {
    expect(rawTokens("addressLine1")).toEqual(["address", "line", "1"]);
    expect(rawTokens("HM-PH__no.")).toEqual(["hm", "ph", "no"]);
    expect(rawTokens("appts_2024.csv")).toEqual(["appts", "2024"]);
  });

  it("leaves words it does not know as they are", () => {
    expect(headerTokens("Favorite Colour")).toEqual(["favorite", "colour"]);
  });

  it("names custom columns in snake case without a custom-field prefix", () => {
    expect(snakeName("Custom: Preferred Pharmacy")).toBe("preferred_pharmacy");
    expect(snakeName("favoriteColor")).toBe("favorite_color");
    expect(displayName("UDF_PHARMACY_NAME")).toBe("Pharmacy Name");
    expect(snakeName("%%")).toBe("percent_percent");
    expect(snakeName("---")).toBe("column");
  });
});
