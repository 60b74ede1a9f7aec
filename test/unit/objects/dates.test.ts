import { dateOnly, utcDateTime } from "../../../migration/objects/dates";
import { localToUtcIso, parseLocalDate, parseLocalDateTime, parseLocalTime } from "../../../migration/time";

describe("local dates and times", () => {
  it("parses US and ISO dates and refuses impossible ones", () => {
    expect(parseLocalDate("03/04/2021", "MDY")).toEqual({ year: 2021, month: 3, day: 4 });
    expect(parseLocalDate("2021-03-04", "MDY")).toEqual({ year: 2021, month: 3, day: 4 });
    expect(parseLocalDate("02/29/2024", "MDY")).not.toBeNull();
    for (const bad of ["02/30/2019", "02/29/2023", "13/05/2020", "04/31/2021", "00/12/2018", "06/00/2022", "11/31/2017", "yesterday"]) {
      expect(parseLocalDate(bad, "MDY")).toBeNull();
    }
  });

  it("reads NN/NN/YYYY in the file's order only, never the other way round when the value is impossible in it", () => {
    expect(parseLocalDate("14/03/2021", "DMY")).toEqual({ year: 2021, month: 3, day: 14 });
    expect(parseLocalDate("03/04/2021", "DMY")).toEqual({ year: 2021, month: 4, day: 3 });
    expect(parseLocalDate("2021-03-04", "DMY")).toEqual({ year: 2021, month: 3, day: 4 });
    // Month first, these would be possible dates: day first they are not, and are refused rather than swapped.
    expect(parseLocalDate("03/14/2021", "DMY")).toBeNull();
    expect(parseLocalDate("14/03/2021", "MDY")).toBeNull();
    expect(parseLocalDate("29/02/2023", "DMY")).toBeNull();
    expect(parseLocalDateTime("14/03/2023 2:30 PM", "DMY")).toEqual({ date: { year: 2023, month: 3, day: 14 }, time: { hour: 14, minute: 30, second: 0 } });
    expect(dateOnly("05/07/1990", "DMY")).toBe("1990-07-05");
    expect(utcDateTime("08/11/2021", "DMY", "America/New_York", "9:15 AM")).toBe("2021-11-08T14:15:00Z");
  });

  it("reads 12-hour and 24-hour times", () => {
    expect(parseLocalTime("2:30 PM")).toEqual({ hour: 14, minute: 30, second: 0 });
    expect(parseLocalTime("12:05 AM")).toEqual({ hour: 0, minute: 5, second: 0 });
    expect(parseLocalTime("12:05 PM")).toEqual({ hour: 12, minute: 5, second: 0 });
    expect(parseLocalTime("23:59:59")).toEqual({ hour: 23, minute: 59, second: 59 });
    expect(parseLocalTime("13:00 PM")).toBeNull();
    expect(parseLocalDateTime("03/14/2023 2:30 PM", "MDY")).toEqual({ date: { year: 2023, month: 3, day: 14 }, time: { hour: 14, minute: 30, second: 0 } });
  });
});

describe("conversion to UTC in the practice's zone", () => {
  const ny = "America/New_York";

  it("uses standard time in winter and daylight time in summer", () => {
    expect(utcDateTime("01/15/2021 9:00 AM", "MDY", ny)).toBe("2021-01-15T14:00:00Z");
    expect(utcDateTime("07/15/2021 9:00 AM", "MDY", ny)).toBe("2021-07-15T13:00:00Z");
    expect(utcDateTime("07/15/2021 9:00 AM", "MDY", "America/Los_Angeles")).toBe("2021-07-15T16:00:00Z");
  });

  it("is right on both sides of the spring-forward change (2021-03-14, 02:00 → 03:00)", () => {
    expect(utcDateTime("03/14/2021 1:59 AM", "MDY", ny)).toBe("2021-03-14T06:59:00Z");
    expect(utcDateTime("03/14/2021 3:00 AM", "MDY", ny)).toBe("2021-03-14T07:00:00Z");
    // 02:30 does not exist that night: it moves forward with the clocks, to 03:30 EDT.
    expect(utcDateTime("03/14/2021 2:30 AM", "MDY", ny)).toBe("2021-03-14T07:30:00Z");
  });

  it("takes the first 01:30 on the fall-back night (2021-11-07) and standard time after", () => {
    expect(utcDateTime("11/07/2021 1:30 AM", "MDY", ny)).toBe("2021-11-07T05:30:00Z");
    expect(utcDateTime("11/07/2021 2:30 AM", "MDY", ny)).toBe("2021-11-07T07:30:00Z");
  });

  it("handles zones east of UTC and their own DST dates", () => {
    expect(localToUtcIso({ year: 2021, month: 3, day: 28 }, { hour: 3, minute: 0, second: 0 }, "Europe/Berlin")).toBe("2021-03-28T01:00:00Z");
    expect(localToUtcIso({ year: 2021, month: 3, day: 27 }, { hour: 3, minute: 0, second: 0 }, "Europe/Berlin")).toBe("2021-03-27T02:00:00Z");
    expect(utcDateTime("06/01/2021 00:00", "MDY", "UTC")).toBe("2021-06-01T00:00:00Z");
  });

  it("joins a date and a separate time", () => {
    expect(utcDateTime("11/08/2021", "MDY", ny, "9:15 AM")).toBe("2021-11-08T14:15:00Z");
    expect(utcDateTime("11/31/2021", "MDY", ny, "9:15 AM")).toBeUndefined();
  });

  it("never shifts date-only values", () => {
    expect(dateOnly("01/01/1990", "MDY")).toBe("1990-01-01");
    expect(dateOnly("12/31/1999", "MDY")).toBe("1999-12-31");
    expect(dateOnly("02/30/2019", "MDY")).toBeUndefined();
  });
});
