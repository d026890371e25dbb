// Parses the date-time forms found in post payloads and shipped datasets into UTC milliseconds, explicitly: never through Date.parse, never in the machine's time zone.

const MONTHS: ReadonlyMap<string, number> = new Map(
  ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'].map((name, i) => [name, i + 1]),
);
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** RFC 5322's named zones (section 4.3, the US ones included), in minutes east of UTC. */
const NAMED_ZONES: Readonly<Record<string, number>> = {
  Z: 0,
  z: 0, // RFC 3339 section 5.6 allows a lower-case t and z
  UT: 0,
  UTC: 0,
  GMT: 0,
  EST: -300,
  EDT: -240,
  CST: -360,
  CDT: -300,
  MST: -420,
  MDT: -360,
  PST: -480,
  PDT: -420,
};

const ZONE = '([+-]\\d{2}(?::?\\d{2})?|[Zz]|UTC|UT|GMT|[ECMP][SD]T)';
/** ISO 8601: `2021-04-01`, `2021-04-01T15:52:31`, `2021-04-01 15:52:31.123456+00:00`, `2017-07-17 11:50:12 EDT`. */
const ISO = new RegExp(`^(\\d{4})-(\\d{2})-(\\d{2})(?:[Tt ](\\d{2}):(\\d{2})(?::(\\d{2})(?:[.,](\\d{1,9}))?)? ?${ZONE}?)?$`);
/** Month / day / year with an optional 24-hour time, no zone: `4/27/2023 17:35:29` (rtweet CSVs). */
const US = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?: (\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
/** Twitter API v1.1: `Sat Dec 31 19:30:52 +0000 2016`. */
const TWITTER_V1 = /^[A-Z][a-z]{2} ([A-Z][a-z]{2}) (\d{2}) (\d{2}):(\d{2}):(\d{2}) ([+-]\d{4}) (\d{4})$/;
/** RFC 5322 / HTTP: `Sun, 01 Jan 2023 11:58:39 GMT`, `1 Jan 2023 11:58 +0100`. */
const RFC_5322 = new RegExp(`^(?:[A-Z][a-z]{2}, )?(\\d{1,2}) ([A-Z][a-z]{2}) (\\d{4}) (\\d{2}):(\\d{2})(?::(\\d{2}))? ${ZONE}$`);

/** Days in `month` (1-12) of `year`, leap years included. */
export function daysInMonth(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1];
}

/**
 * Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's days_from_civil): plain arithmetic, about twice as
 * fast as Date.UTC here, and years 0-99 stay themselves.
 */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** Minutes east of UTC of a zone the patterns matched; undefined (no zone) is UTC. */
function zoneMinutes(zone: string | undefined): number | null {
  if (zone === undefined) return 0;
  const sign = zone.charCodeAt(0);
  if (sign !== 43 && sign !== 45) return NAMED_ZONES[zone]; // not '+' / '-': a name the pattern allowed
  const hours = Number(zone.slice(1, 3));
  const minutes = zone.length > 3 ? Number(zone.slice(-2)) : 0;
  if (hours > 23 || minutes > 59) return null;
  return (sign === 45 ? -1 : 1) * (hours * 60 + minutes);
}

/** UTC milliseconds of a wall-clock time at `offset` minutes east of UTC, or null for an impossible date or time. */
function utcMs(year: number, month: number, day: number, hour: number, minute: number, second: number, ms: number, offset: number | null): number | null {
  if (offset === null || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  // 24:00:00 is ISO 8601's end of the day, the next day's midnight (Date.parse reads it so); 24:00:01 is no time
  if (hour > 24 || (hour === 24 && minute + second + ms > 0) || minute > 59 || second > 59) return null;
  return (daysFromCivil(year, month, day) * 86_400 + hour * 3_600 + minute * 60 + second - offset * 60) * 1_000 + ms;
}

/** Milliseconds of a fraction of a second given as digits (`971000` → 971); digits past the millisecond are cut. */
function fractionMs(digits: string | undefined): number {
  return digits === undefined ? 0 : Number(digits.slice(0, 3).padEnd(3, '0'));
}

/**
 * UTC milliseconds of `value`, or null when it is none of the accepted forms or no real date and time:
 * ISO 8601 (`T`, `t` or a space between date and time; `24:00:00` the next day's midnight; seconds and a fraction optional; zone `Z`, `±HH`, `±HHMM`, `±HH:MM`
 * or a name), `M/D/YYYY[ H:MM[:SS]]`, Twitter v1.1 (`Sat Dec 31 19:30:52 +0000 2016`) and RFC 5322
 * (`Sun, 01 Jan 2023 11:58:39 GMT`). Zone names are RFC 5322's: UT, UTC, GMT, Z and the US EST/EDT/CST/CDT/MST/MDT/
 * PST/PDT. A time without a zone is UTC, whatever the machine's time zone; a date alone is its UTC midnight.
 *
 * @example
 * instantMs('4/27/2023 17:35:29') // Date.UTC(2023, 3, 27, 17, 35, 29)
 * instantMs('2017-07-17 11:50:12 EDT') // Date.UTC(2017, 6, 17, 15, 50, 12)
 * instantMs('27/4/2023') // null (month 27)
 */
export function instantMs(value: string): number | null {
  let m = ISO.exec(value);
  if (m !== null) {
    const [, y, mo, d, h, mi, s, frac, zone] = m;
    return utcMs(+y, +mo, +d, h === undefined ? 0 : +h, mi === undefined ? 0 : +mi, s === undefined ? 0 : +s, fractionMs(frac), zoneMinutes(zone));
  }
  m = TWITTER_V1.exec(value);
  if (m !== null) {
    const [, mon, d, h, mi, s, zone, y] = m;
    const month = MONTHS.get(mon);
    return month === undefined ? null : utcMs(+y, month, +d, +h, +mi, +s, 0, zoneMinutes(zone));
  }
  m = US.exec(value);
  if (m !== null) {
    const [, mo, d, y, h, mi, s] = m;
    return utcMs(+y, +mo, +d, h === undefined ? 0 : +h, mi === undefined ? 0 : +mi, s === undefined ? 0 : +s, 0, 0);
  }
  m = RFC_5322.exec(value);
  if (m !== null) {
    const [, d, mon, y, h, mi, s, zone] = m;
    const month = MONTHS.get(mon);
    return month === undefined ? null : utcMs(+y, month, +d, +h, +mi, s === undefined ? 0 : +s, 0, zoneMinutes(zone));
  }
  return null;
}
