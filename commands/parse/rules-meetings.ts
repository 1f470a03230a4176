/**
 * Rules for random meetings and the serendipity switch, in English, French and German: asking for
 * a random meeting at an hour, a part of the day or any time ("find me a random meeting tomorrow
 * afternoon", « une rencontre au hasard demain après-midi », „ein Zufallstreffen morgen
 * Nachmittag“), cancelling it, opting in and out of the switch's meetings ("I'm up for random
 * meetings"), and the switch itself ("serendipity on: 3 random meetings a day between 14:00 and 18:00").
 *
 * @remarks
 * Parts of the day are hours: morning 09:00–12:00, afternoon 14:00–18:00, evening 18:00–22:00, any
 * time 09:00–22:00; a clock time is that one hour. A request without a day is today's when a clock
 * time or a part of the day says when (tomorrow's when today's has passed); with neither, the rule
 * asks which day and when. Words it does not read after the request are asked about, never dropped.
 */
import { addDays, dayOf, instantAt } from '../../core/time.ts'
import type { Lang, ParseContext } from '../intent.ts'
import type { MeetingIntent } from '../intent-meetings.ts'
import { type Outcome, type Rule, fail, timeProblem } from './rule.ts'
import { type Txt, group, squash, txt } from './text.ts'
import { findTime } from './time.ts'
import type { DayPart } from './vocab.ts'

const re = (s: string) => new RegExp(s, 'du')

interface MeetingWords {
  /** A request: group `rest` holds the time words. */
  ask: readonly RegExp[]
  cancel: RegExp
  optIn: RegExp
  optOut: RegExp
  /** The switch: groups `on` (a word of {@link MeetingWords.onWords} or `offWords`) and `rest`. */
  serendipity: RegExp
  onWords: RegExp
  /** "any time" */
  anyTime: RegExp
  /** Polite words around a request that say nothing ("please", "for me"). */
  filler: RegExp
  /** "3 random meetings a day": group `n`. */
  perDay: RegExp
  /** "between 14:00 and 18:00": groups `a`, `b`. */
  between: RegExp
}

const CLOCK = String.raw`\d{1,2}(?:[:h.]\d{2})?\s*(?:h|uhr|am|pm)?`

const WORDS: Record<Lang, MeetingWords> = {
  en: {
    ask: [
      re(String.raw`^(?:(?:please|can you|could you|would you)\s+)?(?:find|get|book|arrange|set up|give|organi[sz]e)\s+(?:me\s+)?(?:a\s+)?random meeting(?<rest>(?:\s.*)?)$`),
      re(String.raw`^(?:i'?d like|i would like|i want|i'?m looking for)\s+(?:a\s+)?random meeting(?<rest>(?:\s.*)?)$`),
      re(String.raw`^(?:a\s+)?random meeting(?:\s+(?:please|for me))?(?<rest>(?:\s.*)?)$`),
    ],
    cancel: re(String.raw`^(?:please\s+)?(?:cancel|drop|forget|withdraw|call off)\s+(?:my\s+|the\s+)?random meetings?(?:\s+request)?(?:\s+please)?$`),
    optIn: re(String.raw`^(?:i'?m|i am|count me)\s+(?:up for|in for|game for|open to|in)\s+(?:the\s+)?random meetings$|^opt me in(?:\s+(?:to|for))?\s+random meetings$`),
    optOut: re(String.raw`^(?:i'?m|i am)\s+(?:not|no longer)\s+(?:up for|in for|open to)\s+(?:the\s+)?random meetings$|^no (?:more\s+)?random meetings for me$|^opt me out(?:\s+of)?\s+random meetings$|^count me out (?:of\s+)?(?:the\s+)?random meetings$`),
    serendipity: re(String.raw`^(?:turn\s+)?serendipity\s+(?<on>on|off)(?:\s*[:,-]?\s*(?<rest>.*))?$`),
    onWords: /^on$/u,
    anyTime: re(String.raw`(?:^|\s)(?:at\s+)?any\s*time(?:\s|$)`),
    filler: re(String.raw`(?:^|\s)(?:please|for me|if possible)(?=\s|$)`),
    perDay: re(String.raw`(?<n>\d{1,2})\s+(?:random\s+)?meetings?\s+(?:a|per|each)\s+day`),
    between: re(String.raw`(?:between|from)\s+(?<a>${CLOCK})\s+(?:and|to|-)\s+(?<b>${CLOCK})`),
  },
  fr: {
    ask: [
      re(String.raw`^(?:(?:peux-tu|pouvez-vous|tu peux)\s+)?(?:me\s+)?(?:trouve|trouver|trouvez|organise|organiser|propose|proposer)(?:-moi)?\s+une rencontre (?:au hasard|aleatoire)(?<rest>(?:\s.*)?)$`),
      re(String.raw`^(?:je veux|je voudrais|j'aimerais|je souhaite)\s+une rencontre (?:au hasard|aleatoire)(?<rest>(?:\s.*)?)$`),
      re(String.raw`^une rencontre (?:au hasard|aleatoire)(?:\s+(?:svp|s'il te plait|s'il vous plait|pour moi))?(?<rest>(?:\s.*)?)$`),
    ],
    cancel: re(String.raw`^(?:annule|annuler|annulez|supprime|oublie)\s+(?:ma\s+)?(?:demande de\s+)?rencontre (?:au hasard|aleatoire)(?:\s+(?:svp|s'il te plait|s'il vous plait))?$`),
    optIn: re(String.raw`^(?:je suis|moi je suis)\s+(?:partante?|dispo|disponible|ok|d'accord|pret|prete)\s+pour\s+(?:des|les)\s+rencontres (?:au hasard|aleatoires)$`),
    optOut: re(String.raw`^(?:je ne suis (?:plus|pas)|je suis plus)\s+(?:partante?|dispo|disponible)\s+pour\s+(?:des|les)\s+rencontres (?:au hasard|aleatoires)$|^plus de rencontres (?:au hasard|aleatoires)(?: pour moi)?$`),
    serendipity: re(String.raw`^(?:la\s+)?serendipite\s+(?<on>activee?|desactivee?|on|off|oui|non)(?:\s*[:,-]?\s*(?<rest>.*))?$|^(?<on2>active|activer|desactive|desactiver)\s+la serendipite(?:\s*[:,-]?\s*(?<rest2>.*))?$`),
    onWords: /^(?:activee?|on|oui|active|activer)$/u,
    anyTime: re(String.raw`(?:^|\s)(?:a\s+)?n'importe quand(?:\s|$)|(?:^|\s)a n'importe quelle heure(?:\s|$)`),
    filler: re(String.raw`(?:^|\s)(?:svp|s'il te plait|s'il vous plait|pour moi|si possible)(?=\s|$)`),
    perDay: re(String.raw`(?<n>\d{1,2})\s+rencontres?\s+(?:(?:au hasard|aleatoires?)\s+)?par jour`),
    between: re(String.raw`(?:entre|de)\s+(?<a>${CLOCK})\s+(?:et|a|-)\s+(?<b>${CLOCK})`),
  },
  de: {
    ask: [
      re(String.raw`^(?:(?:kannst du|konntest du|koenntest du|bitte)\s+)?(?:finde|finden|such|suche|suchen|organisiere|organisieren|mach|mache)\s+(?:mir\s+)?(?:bitte\s+)?(?:ein(?:en)?\s+)?zufallstreffen(?<rest>(?:\s.*)?)$`),
      re(String.raw`^(?:ich (?:will|mochte|moechte|hatte gern|haette gern|hatte gerne|haette gerne|wunsche mir|wuensche mir))\s+(?:ein(?:en)?\s+)?zufallstreffen(?<rest>(?:\s.*)?)$`),
      re(String.raw`^(?:ein\s+)?zufallstreffen(?:\s+(?:bitte|fur mich|fuer mich))?(?<rest>(?:\s.*)?)$`),
    ],
    cancel: re(String.raw`^(?:bitte\s+)?(?:(?:sag|sage|storniere|losche|loesche|streiche)\s+(?:mein(?:en)?\s+|das\s+)?zufallstreffen(?:\s+ab)?|(?:mein\s+)?zufallstreffen\s+(?:absagen|stornieren|loschen|loeschen))(?:\s+bitte)?$`),
    optIn: re(String.raw`^ich bin\s+(?:dabei|offen|bereit)\s+(?:fur|fuer|bei)\s+(?:den\s+)?zufallstreffen$|^ich mache bei (?:den\s+)?zufallstreffen mit$`),
    optOut: re(String.raw`^ich bin\s+(?:nicht mehr|nicht)\s+(?:dabei|offen|bereit)\s+(?:fur|fuer|bei)\s+(?:den\s+)?zufallstreffen$|^keine zufallstreffen(?: mehr)?(?: fur mich| fuer mich)?$`),
    serendipity: re(String.raw`^serendipit(?:at|aet|y)\s+(?<on>an|aus|ein|on|off)(?:\s*[:,-]?\s*(?<rest>.*))?$`),
    onWords: /^(?:an|ein|on)$/u,
    anyTime: re(String.raw`(?:^|\s)(?:egal wann|jederzeit|zu jeder zeit|irgendwann)(?:\s|$)`),
    filler: re(String.raw`(?:^|\s)(?:bitte|fur mich|fuer mich|wenn moglich|wenn moeglich)(?=\s|$)`),
    perDay: re(String.raw`(?<n>\d{1,2})\s+(?:zufallstreffen|treffen)\s+(?:am|pro|je)\s+tag`),
    between: re(String.raw`(?:zwischen|von)\s+(?<a>${CLOCK})\s+(?:und|bis|-)\s+(?<b>${CLOCK})`),
  },
}

/** Hours of each part of the day, `[from, to)` wall times. */
const PARTS: Record<DayPart | 'any', [string, string]> = {
  morning: ['09:00', '12:00'],
  afternoon: ['14:00', '18:00'],
  evening: ['18:00', '22:00'],
  any: ['09:00', '22:00'],
}

const CHOICES: Record<Lang, { question: (day: string | null) => string; parts: Record<DayPart | 'any', string>; today: string; tomorrow: string }> = {
  en: {
    question: (day) => (day ? `When ${day}? In the morning, the afternoon, the evening, or any time? (or say an hour: “find me a random meeting ${day} at 15:00”)` : 'Which day, and when? For example: “find me a random meeting tomorrow afternoon”.'),
    parts: { morning: 'morning', afternoon: 'afternoon', evening: 'evening', any: 'any time' },
    today: 'today',
    tomorrow: 'tomorrow',
  },
  fr: {
    question: (day) => (day ? `À quel moment, ${day} ? Le matin, l'après-midi, le soir, ou n'importe quand ? (ou une heure : « une rencontre au hasard ${day} à 15h »)` : 'Quel jour, et à quel moment ? Par exemple : « une rencontre au hasard demain après-midi ».'),
    parts: { morning: 'le matin', afternoon: "l'après-midi", evening: 'le soir', any: "n'importe quand" },
    today: "aujourd'hui",
    tomorrow: 'demain',
  },
  de: {
    question: (day) => (day ? `Wann am ${day}? Vormittags, nachmittags, abends oder egal wann? (oder eine Uhrzeit: „ein Zufallstreffen ${day} um 15 Uhr“)` : 'An welchem Tag, und wann? Zum Beispiel: „ein Zufallstreffen morgen Nachmittag“.'),
    parts: { morning: 'vormittags', afternoon: 'nachmittags', evening: 'abends', any: 'egal wann' },
    today: 'heute',
    tomorrow: 'morgen',
  },
}

const hhmm = (min: number) => `${String(Math.floor(min / 60)).padStart(2, '0')}:${String(min % 60).padStart(2, '0')}`

function windowOf(day: string, part: DayPart | 'any', zone: string): MeetingIntent {
  const [a, b] = PARTS[part]
  return { type: 'random-meeting', from: instantAt(day, a, zone), to: instantAt(day, b, zone) }
}

/** "find me a random meeting tomorrow afternoon", « une rencontre au hasard demain après-midi », „ein Zufallstreffen morgen Nachmittag“. */
export const randomMeeting: Rule = (t, v, ctx) => {
  const w = WORDS[v.lang]
  let m: RegExpExecArray | null = null
  for (const r of w.ask) if ((m = r.exec(t.f))) break
  if (!m) return null
  let rest = squash(group(t, m, 'rest') ?? txt(''))
  let any = false
  const anyM = w.anyTime.exec(rest.f)
  if (anyM) {
    any = true
    rest = squash(txt(rest.o.slice(0, anyM.index) + ' ' + rest.o.slice(anyM.index + anyM[0].length)))
  }
  rest = squash(txt(rest.o.replace(new RegExp(w.filler.source, 'giu'), ' ')))
  // « après-midi » holds « midi » (noon), which the time words would read as 12:00.
  let ownPart: DayPart | undefined
  const pm = v.lang === 'fr' ? /(?:^|\s)(?:l'|cet\s+|dans l')?(?:apres-midi|apres midi|aprem)(?=\s|$)/u.exec(rest.f) : null
  if (pm) {
    ownPart = 'afternoon'
    const today = /cet\s/u.test(pm[0]) ? " aujourd'hui " : ' '
    rest = squash(txt(rest.o.slice(0, pm.index) + today + rest.o.slice(pm.index + pm[0].length)))
  }
  const tf = findTime(rest, v, ctx)
  if (ownPart) tf.part = ownPart
  const problem = timeProblem(tf, v)
  if (problem) return problem
  if (squash(tf.rest).f.replace(/[.!?,]/gu, '').trim()) return fail('unknown')
  const zone = ctx.timezone
  const today = dayOf(ctx.now, zone)
  const c = CHOICES[v.lang]
  if (tf.clock !== undefined) {
    let day = tf.day ?? today
    let from = instantAt(day, hhmm(tf.clock), zone)
    if (tf.day === undefined && from <= ctx.now) {
      day = addDays(today, 1)
      from = instantAt(day, hhmm(tf.clock), zone)
    }
    if (from <= ctx.now) return fail('bad-time')
    return { type: 'random-meeting', from, to: from + 3_600_000 }
  }
  const part: DayPart | 'any' | undefined = tf.part ?? (any ? 'any' : undefined)
  if (part) {
    let day = tf.day ?? today
    let win = windowOf(day, part, zone) as Extract<MeetingIntent, { type: 'random-meeting' }>
    if (tf.day === undefined && win.to - 3_600_000 < ctx.now) win = windowOf((day = addDays(today, 1)), part, zone) as typeof win
    if (win.to - 3_600_000 < ctx.now) return fail('bad-time')
    return win
  }
  if (tf.day !== undefined) {
    const parts = (['morning', 'afternoon', 'evening', 'any'] as const).filter((p) => windowOf(tf.day!, p, zone) && instantAt(tf.day!, PARTS[p][1], zone) - 3_600_000 >= ctx.now)
    if (parts.length === 0) return fail('bad-time')
    return { type: 'ask', question: c.question(said(rest)), choices: parts.map((p) => c.parts[p]), intents: parts.map((p) => windowOf(tf.day!, p, zone)) }
  }
  const days = [today, addDays(today, 1)].filter((d) => instantAt(d, PARTS.any[1], zone) - 3_600_000 >= ctx.now)
  return { type: 'ask', question: c.question(null), choices: days.map((d) => `${d === today ? c.today : c.tomorrow}, ${c.parts.any}`), intents: days.map((d) => windowOf(d, 'any', zone)) }
}

function said(t: Txt): string {
  return t.o.trim() || t.f
}

/** "cancel my random meeting", « annule ma rencontre au hasard », „sag mein Zufallstreffen ab“. */
export const cancelRandomMeeting: Rule = (t, v) => (WORDS[v.lang].cancel.test(t.f) ? { type: 'cancel-random-meeting' } : null)

/** "I'm up for random meetings" / "I'm not up for random meetings any more". */
export const meetingsOpt: Rule = (t, v) => {
  const f = t.f.replace(/\s+(?:any ?more|anymore)$/u, '').replace(/[.!]+$/u, '')
  if (WORDS[v.lang].optOut.test(f)) return { type: 'meetings-opt', on: false }
  if (WORDS[v.lang].optIn.test(f)) return { type: 'meetings-opt', on: true }
  return null
}

function clockOf(s: string): string | null {
  const m = /^(\d{1,2})(?:[:h.](\d{2}))?\s*(h|uhr|am|pm)?$/u.exec(s.trim())
  if (!m) return null
  let h = Number(m[1])
  const min = Number(m[2] ?? '0')
  if (m[3] === 'pm' && h < 12) h += 12
  if (m[3] === 'am' && h === 12) h = 0
  if (h > 23 || min > 59) return null
  return hhmm(h * 60 + min)
}

/** "serendipity on: 3 random meetings a day between 14:00 and 18:00", « sérendipité activée : 3 rencontres par jour entre 14h et 18h », „Serendipität an: 3 Treffen am Tag zwischen 14 und 18 Uhr“. */
export const serendipity: Rule = (t, v) => {
  const w = WORDS[v.lang]
  const m = w.serendipity.exec(t.f)
  if (!m) return null
  const on = w.onWords.test(m.groups?.on ?? m.groups?.on2 ?? '')
  let rest = (m.groups?.rest ?? m.groups?.rest2 ?? '').trim()
  const out: Extract<MeetingIntent, { type: 'serendipity' }> = { type: 'serendipity', on }
  if (!on) return rest.replace(/[.!]/gu, '').trim() ? fail('unknown') : out
  const n = w.perDay.exec(rest)
  if (n) {
    out.perDay = Number(n.groups!.n)
    rest = rest.replace(n[0], ' ')
  }
  const b = w.between.exec(rest)
  if (b) {
    const a = clockOf(b.groups!.a!)
    let z = clockOf(b.groups!.b!)
    // "between 2 and 6pm": the first hour takes the second's half of the day.
    if (a && z && a > z && /pm/u.test(b.groups!.b!) === false) z = null
    if (!a || !z || a >= z) return fail('bad-time')
    out.from = a
    out.to = z
    rest = rest.replace(b[0], ' ')
  }
  if (rest.replace(/[.,:;!]/gu, '').trim()) return fail('unknown')
  if (out.perDay !== undefined && (out.perDay < 1 || out.perDay > 12)) return fail('unknown')
  return out
}

/** The rules, most specific first: cancelling and the switch before a request. */
export const MEETING_RULES: readonly Rule[] = [cancelRandomMeeting, meetingsOpt, serendipity, randomMeeting]

export type { ParseContext, Outcome }
