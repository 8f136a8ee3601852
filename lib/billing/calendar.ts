// Billing periods are calendar months in UTC: Jan 15 + 1 month = Feb 15, and a day that doesn't
// exist in the target month clamps to its last day (Jan 31 + 1 month = Feb 28/29), as card
// processors and most SaaS billing do.

export function addMonths(date: Date, months: number): Date {
  const result = new Date(date.getTime());
  const day = result.getUTCDate();
  result.setUTCDate(1);
  result.setUTCMonth(result.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(result.getUTCFullYear(), result.getUTCMonth() + 1, 0)).getUTCDate();
  result.setUTCDate(Math.min(day, lastDay));
  return result;
}

export function laterOf(a: Date, b: Date | null | undefined): Date {
  return b && b > a ? b : a;
}
