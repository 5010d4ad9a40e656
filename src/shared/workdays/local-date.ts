/** The calendar date (YYYY-MM-DD) of an instant in a timezone. */
const formatters = new Map<string, Intl.DateTimeFormat>();

export function localDateOf(at: Date, timeZone = 'Asia/Shanghai'): string {
  // Building a DateTimeFormat costs about a millisecond; ingest calls this for every item, so keep one per zone.
  let format = formatters.get(timeZone);
  if (!format) {
    // en-CA formats as YYYY-MM-DD.
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, format);
  }
  return format.format(at);
}
