import { describe, expect, it } from "vitest";
import { addMonths, laterOf } from "@/lib/billing/calendar";
import { fromDecimal, toDecimalString } from "@/lib/billing/money";
import { planChoice } from "@/lib/billing/subscriptions/plan-choice";

const utc = (iso: string) => new Date(`${iso}T12:00:00.000Z`);

describe("calendar months", () => {
  it.each([
    ["2026-01-15", 1, "2026-02-15"],
    ["2026-01-31", 1, "2026-02-28"],
    ["2028-01-31", 1, "2028-02-29"],
    ["2026-03-31", 1, "2026-04-30"],
    ["2026-11-23", 12, "2027-11-23"],
    ["2026-12-31", 2, "2027-02-28"],
  ])("%s + %i month(s) = %s", (start, months, end) => {
    expect(addMonths(utc(start), months).toISOString()).toBe(utc(end).toISOString());
  });

  it("extends from the later of now and the current end", () => {
    expect(laterOf(utc("2026-01-01"), utc("2026-05-01"))).toEqual(utc("2026-05-01"));
    expect(laterOf(utc("2026-06-01"), utc("2026-05-01"))).toEqual(utc("2026-06-01"));
    expect(laterOf(utc("2026-06-01"), null)).toEqual(utc("2026-06-01"));
  });
});

describe("decimal amounts from and to providers", () => {
  it.each([
    ["3229.20", 322_920],
    ["3229.2", 322_920],
    [3229.2, 322_920],
    ["0.1", 10],
    [0.3, 30],
    ["149.995", 14_999], // truncated: 149.995 has not reached 150.00
    ["1000", 100_000],
  ] as const)("%j is %i minor units", (value, minor) => {
    expect(fromDecimal(value, "USD")).toBe(minor);
  });

  it("refuses what is not an amount", () => {
    for (const bad of ["", "1,5", "abc", "1e3", "--1"])
      expect(() => fromDecimal(bad, "USD")).toThrow(RangeError);
  });

  it("writes minor units as the two-decimal strings providers expect", () => {
    expect(toDecimalString(322_920, "USD")).toBe("3229.20");
    expect(toDecimalString(5, "USD")).toBe("0.05");
    expect(toDecimalString(2_473_200, "RUB")).toBe("24732.00");
  });
});

describe("plan choice", () => {
  const now = utc("2026-06-01");
  const free = { slug: "free", sortOrder: 0, periodEnd: null };
  const proUntilJuly = { slug: "pro", sortOrder: 3, periodEnd: utc("2026-07-01") };
  const plan = (slug: string, sortOrder: number) => ({ slug, sortOrder });

  it("labels each plan for a free customer", () => {
    expect(planChoice(free, plan("free", 0), now)).toBe("current");
    expect(planChoice(free, plan("starter", 1), now)).toBe("upgrade");
  });

  it("labels each plan for a paying Pro customer", () => {
    expect(planChoice(proUntilJuly, plan("free", 0), now)).toBe("switch-to-free");
    expect(planChoice(proUntilJuly, plan("basic", 2), now)).toBe("schedule-downgrade");
    expect(planChoice(proUntilJuly, plan("pro", 3), now)).toBe("renew");
    expect(planChoice(proUntilJuly, plan("business", 4), now)).toBe("upgrade");
  });

  it("treats a lower plan as a plain purchase once the paid period is over", () => {
    expect(planChoice({ ...proUntilJuly, periodEnd: utc("2026-05-01") }, plan("basic", 2), now)).toBe(
      "upgrade",
    );
  });
});
