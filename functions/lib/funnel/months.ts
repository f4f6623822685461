/** Calendar months of a period, for reading the `byMonth` index one month at a time. */

/** The first instant (UTC) of each month from `from`'s to `to`'s, in order. */
export function monthsFrom(from: Date, to: Date): Date[] {
  const months: Date[] = [];
  for (
    let month = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), 1));
    month <= to;
    month = new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth() + 1, 1))
  ) {
    months.push(month);
  }
  return months;
}
