/**
 * Clock times as people type them: `15:00`, `15h`, `15h30`, `3pm`, `21 Uhr`, `21.30 Uhr`, `noon`,
 * and bare hours (`at 3`) whose half of the day is still open.
 */

/** A clock time read from the text, before its half of the day is known for bare hours. */
export interface Clock {
  h: number
  m: number
  /** `ampm`: "3pm"; `24`: "15:00", "15h", "21 Uhr", "08"; `bare`: "3" (morning or afternoon?). */
  mode: 'ampm' | '24' | 'bare'
  pm?: boolean
  /**
   * A 24-hour time written loosely, with an hour from 1 to 11 and no leading zero ("8h", "8 Uhr",
   * "8:30"): the part of the day may still move it ("ce soir à 8h" is 20:00, "08:00" stays).
   */
  loose?: boolean
}

// "4 am Montag" is German for "4 on Monday": "am" after a space counts as a.m. only when no day word follows.
const AMPM = String.raw`\d{1,2}(?:[:.h]\d{2})?\s?(?:a\.?m\.?(?!\s+(?:montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|wochenende|mo|di|mi|do|fr|sa|so)(?![\p{L}]))|p\.?m\.?)(?![\p{L}])`
const UHR = String.raw`\d{1,2}(?:[.:]\d{2})?\s?uhr(?:\s\d{2}(?![\p{N}:.]|\s?(?:min|minuten)(?![\p{L}])))?(?![\p{L}])`
const COLON = String.raw`\d{1,2}:\d{2}(?:\s?(?:h|uhr)(?![\p{L}]))?(?![\d:])`
const H = String.raw`\d{1,2}\s?h(?:\s?\d{2})?(?![\p{L}\p{N}])`
/**
 * The clock times said as words (every other {@link CLOCK} has a digit). « midi » is noon, but not in
 * « après-midi » (the afternoon, a part of the day: it stored noon).
 */
export const CLOCK_WORDS = String.raw`noon|midday|midnight|(?<!apres[-\s])midi|minuit|mittag|mitternacht`
const WORDS = CLOCK_WORDS

/** A regex source matching one clock time (not a bare hour). */
export const CLOCK = String.raw`(?<![\p{L}\p{N}:.§])(?:${AMPM}|${UHR}|${COLON}|${H}|(?:${WORDS})(?![\p{L}]))`

/** Words after a number that make it a count, a length or a date rather than an hour. */
const UNITS = String.raw`x|people|persons?|personnes?|personen|leute|gens|places|platze|seats|guests|stands?|stande|tables?|min|mins|minutes?|hours?|hrs?|heures?|stunden?|std|days?|jours?|tage?|weeks?|semaines?|wochen?|times|fois|mal|euros?|eur|januar|jan|january|janvier|february|feb|fevrier|februar|march|mars|marz|april|avril|may|mai|june|juin|juni|july|juillet|juli|august|aout|september|septembre|october|octobre|oktober|november|novembre|december|decembre|dezember`

/** A bare hour: 0–23 with nothing after it that makes it a count or a date. */
export const BARE = String.raw`(?<![\p{L}\p{N}:./§-])\d{1,2}(?![\p{N}:/,%]|\.\d|[\p{L}]|\s?(?:${UNITS})(?![\p{L}]))`

/** Reads a clock time's text (as matched by {@link CLOCK} or {@link BARE}). */
export function readClock(s: string): Clock | null {
  const f = s.trim().toLowerCase()
  if (/^(noon|midday|midi|mittag)$/.test(f)) return { h: 12, m: 0, mode: '24' }
  if (/^(midnight|minuit|mitternacht)$/.test(f)) return { h: 0, m: 0, mode: '24' }
  const uhr = /^(\d{1,2})\s?uhr\s(\d{2})$/.exec(f)
  if (uhr) return { h: Number(uhr[1]), m: Number(uhr[2]), mode: '24', ...(looseHour(uhr[1]!) ? { loose: true } : {}) }
  const m = /^(\d{1,2})(?:\s?[:.h]\s?(\d{2}))?\s?(h|uhr|a\.?m\.?|p\.?m\.?)?$/.exec(f)
  if (!m) return null
  const hs = m[1] as string
  const h = Number(hs)
  const min = m[2] ? Number(m[2]) : 0
  // "le 28 à 15h": 28 is a day of the month, not an hour.
  if (m[2] === undefined && m[3] === undefined && h > 24) return null
  const suffix = m[3]
  if (suffix && suffix.startsWith('a')) return { h, m: min, mode: 'ampm', pm: false }
  if (suffix && suffix.startsWith('p')) return { h, m: min, mode: 'ampm', pm: true }
  if (suffix || m[2] !== undefined || h === 0 || h >= 13 || hs.startsWith('0')) return { h, m: min, mode: '24', ...(looseHour(hs) ? { loose: true } : {}) }
  return { h, m: 0, mode: 'bare' }
}

function looseHour(hs: string): boolean {
  const h = Number(hs)
  return !hs.startsWith('0') && h >= 1 && h <= 11
}

/** German hour words for spoken times: "halb acht", "Viertel nach zwei". */
const DE_HOURS: Record<string, number> = {
  eins: 1, ein: 1, zwei: 2, drei: 3, vier: 4, funf: 5, fuenf: 5, sechs: 6, sieben: 7, acht: 8, neun: 9, zehn: 10, elf: 11, zwolf: 12, zwoelf: 12,
}

/** A regex source for an hour said in German, digits or a word, in a group `h`. */
export const DE_HOUR = String.raw`(?<h>\d{1,2}|${Object.keys(DE_HOURS).sort((a, b) => b.length - a.length).join('|')})`

/**
 * The clock of a spoken German time: `halb` 8 is 7:30, `viertel nach` 8 is 8:15, `viertel vor` 8
 * and `dreiviertel` 8 are 7:45. A bare hour (1–12) keeps its half of the day open.
 */
export function spokenGerman(kind: 'halb' | 'nach' | 'vor' | 'dreiviertel', hour: string | undefined): Clock | null {
  if (hour === undefined) return null
  const h = /^\d/.test(hour) ? Number(hour) : DE_HOURS[hour]
  if (h === undefined || h < 1 || h > 24) return null
  const at = (hh: number, mm: number): Clock => {
    const norm = (hh + 24) % 24
    // "halb eins" is 12:30 or 0:30: as bare as "halb acht".
    if (norm === 0) return { h: 12, m: mm, mode: 'bare' }
    return norm >= 1 && norm <= 12 ? { h: norm, m: mm, mode: 'bare' } : { h: norm, m: mm, mode: '24' }
  }
  if (kind === 'halb') return at(h - 1, 30)
  if (kind === 'nach') return at(h, 15)
  return at(h - 1, 45)
}

/** Minutes after midnight of a clock whose half of the day is known; null for a bare hour. */
export function minutesOf(c: Clock): number | null {
  if (c.mode === 'bare') return null
  if (c.mode === 'ampm') {
    if (c.h > 12) return c.h * 60 + c.m
    return ((c.h % 12) + (c.pm ? 12 : 0)) * 60 + c.m
  }
  return c.h * 60 + c.m
}

/** Whether the clock names a real time of day. */
export function validClock(c: Clock): boolean {
  return c.h >= 0 && c.h <= 24 && c.m >= 0 && c.m <= 59 && !(c.h === 24 && c.m > 0)
}

/**
 * Settles the half of the day of a range's bare ends from the other end ("7-9pm", "von 19 bis 20
 * Uhr", "de 9 à 12h") and of bare hours from the part of the day ("tonight at 8").
 */
export function settle(a: Clock, b: Clock | undefined, part: 'morning' | 'afternoon' | 'evening' | undefined): void {
  if (b) {
    if (a.mode === 'bare' && b.mode === 'ampm') {
      a.mode = 'ampm'
      a.pm = a.h % 12 > b.h % 12 ? !b.pm : b.pm
    } else if (a.mode === 'bare' && b.mode === '24') {
      a.mode = '24'
    } else if (b.mode === 'bare' && a.mode === 'ampm') {
      b.mode = 'ampm'
      b.pm = b.h % 12 < a.h % 12 ? !a.pm : a.pm
    } else if (b.mode === 'bare' && a.mode === '24') {
      b.mode = '24'
      if (b.h < a.h && b.h + 12 > a.h && b.h + 12 < 24) b.h += 12
    }
  }
  for (const c of b ? [a, b] : [a]) {
    if (c.mode === '24' && c.loose) {
      if ((part === 'evening' && c.h >= 1 && c.h <= 11) || (part === 'afternoon' && c.h >= 1 && c.h <= 7)) c.h += 12
      continue
    }
    if (c.mode !== 'bare') continue
    if (part === 'evening' && c.h >= 1 && c.h <= 11) {
      c.h += 12
      c.mode = '24'
    } else if (part === 'afternoon' && c.h >= 1 && c.h <= 7) {
      c.h += 12
      c.mode = '24'
    } else if (part === 'morning' || c.h === 12) {
      c.mode = '24'
    }
  }
}

/** `HH:MM` of minutes after midnight. */
export function hhmm(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`
}
