/**
 * Reads the sentences that set up a room's automation, in English, French and German: the daily
 * programme, the weekly digest, room reminders, personal reminders, and what is automated.
 *
 * @remarks
 * Read before the festival grammar, like the room commands (`commands/room.ts`): these sentences
 * are about the room, not about one event. Patterns run on the folded text (lowercase, no accents,
 * `commands/parse/text.ts`) and names are cut from the typed text at the same indices, so an event
 * keeps its spelling. A sentence that clearly aims at automation but cannot be read gives a
 * {@link AutomationCommand} of type `hint` (what was wrong, in which language), never `null`, so
 * that it gets an example back instead of the general grammar's answer. Pure; never throws.
 */
import type { EventKind } from '../../core/types.ts'
import type { Lang } from '../intent.ts'
import { badInput } from '../parse/normalize.ts'
import { CLOCK, hhmm, minutesOf, readClock, validClock } from '../parse/clock.ts'
import { group, match, squash, txt } from '../parse/text.ts'
import type { Txt } from '../parse/text.ts'
import { en } from '../parse/vocab-en.ts'
import { fr } from '../parse/vocab-fr.ts'
import { de } from '../parse/vocab-de.ts'

/** Longest lead time of a reminder, minutes (a day). */
export const MAX_LEAD_MIN = 24 * 60
/** Lead time of a personal reminder when none is said, minutes. */
export const DEFAULT_PERSONAL_LEAD_MIN = 15

/** What a problem sentence was aiming at, for the example in the hint. */
export type HintTopic = 'post' | 'weekly' | 'remind-room' | 'remind-me' | 'stop'

export type AutomationCommand = { lang: Lang } & (
  | { type: 'post'; every: 'day'; time: string }
  | { type: 'post'; every: 'week'; time: string; /** ISO weekday, 1 = Monday. */ weekday: number }
  | { type: 'stop-post'; every?: 'day' | 'week' }
  | { type: 'remind-room'; leadMin: number; kinds: EventKind[]; venue?: string }
  | { type: 'stop-remind-room' }
  | { type: 'remind-me'; leadMin: number; event: string }
  | { type: 'remind-me'; leadMin: number; going: true }
  | { type: 'stop-remind-me' }
  | { type: 'list' }
  | { type: 'hint'; topic: HintTopic; problem: 'missing-time' | 'bad-time' | 'bad-lead' | 'bad-kind' | 'unreadable'; typed?: string }
)

const re = (s: string) => new RegExp(s, 'du')

const WEEKDAYS: Record<Lang, string[]> = {
  en: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'],
  fr: ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'],
  de: ['montag', 'dienstag', 'mittwoch', 'donnerstag', 'freitag', 'samstag|sonnabend', 'sonntag'],
}
const wd = (lang: Lang, name: string) => String.raw`(?<${name}>${WEEKDAYS[lang].join('|')})`

const POLITE = re(String.raw`^(?:(?:hey|hi|hello|ok|okay|yurt|bot|salut|bonjour|hallo)[,:!]?\s+)*(?:please\s+|pls\s+|can you\s+|could you\s+|would you\s+|s'il te plait,?\s+|s'il vous plait,?\s+|stp\s+|svp\s+|peux-tu\s+|tu peux\s+|bitte\s+|kannst du\s+)*`)

const NOUN_EN = String.raw`(?:schedule|programme|program|agenda|line-?up|timetable)`
const NOUN_FR = String.raw`(?:programme|planning|agenda)`
const NOUN_DE = String.raw`(?:programm|tagesprogramm|zeitplan|plan)`
const VERB_EN = String.raw`(?:post|share|send|publish|show)`
const VERB_FR = String.raw`(?:poste|postez|poster|publie|publiez|publier|envoie|envoyez|envoyer|affiche|afficher|partage|partager)`
const VERB_DE = String.raw`(?:poste|post|poste|veroffentliche|veroeffentliche|schicke|schick|sende|teile|zeige|zeig)`

/** Rules in order; each gives a command from its match. */
type Rule = { lang: Lang; re: RegExp; make: (m: RegExpExecArray, t: Txt, lang: Lang) => AutomationCommand | null }

const daily = (m: RegExpExecArray, t: Txt, lang: Lang): AutomationCommand | null => {
  const time = readTime(group(t, m, 'time')?.o ?? '')
  if (typeof time !== 'string' && m.groups?.verb === undefined && m.groups?.post === undefined && startsWithClock(group(t, m, 'time')?.o ?? '')) {
    // "every day at 9:00 at the Village: Breakfast", "every morning at 8 yoga": no programme named,
    // a clock and more: a daily series, for the festival grammar.
    return null
  }
  if (typeof time !== 'string') return { type: 'hint', topic: 'post', lang, ...time }
  return { type: 'post', every: 'day', time, lang }
}

const weekly = (m: RegExpExecArray, t: Txt, lang: Lang): AutomationCommand => {
  const name = m.groups?.wd ?? m.groups?.wd2 ?? ''
  const weekday = WEEKDAYS[lang].findIndex((w) => w.split('|').includes(name)) + 1
  const time = readTime(group(t, m, 'time')?.o ?? '')
  if (typeof time !== 'string') return { type: 'hint', topic: 'weekly', lang, ...time }
  if (weekday < 1) return { type: 'hint', topic: 'weekly', problem: 'unreadable', lang }
  return { type: 'post', every: 'week', weekday, time, lang }
}

const roomReminder = (m: RegExpExecArray, t: Txt, lang: Lang): AutomationCommand => {
  const lead = readLead(group(t, m, 'lead')?.f ?? '', lang)
  if (lead === null) return { type: 'hint', topic: 'remind-room', problem: 'bad-lead', typed: group(t, m, 'lead')?.o ?? '', lang }
  const what = group(t, m, 'what')
  const read = what ? readWhat(what, lang) : { kinds: [] }
  if ('bad' in read) return { type: 'hint', topic: 'remind-room', problem: 'bad-kind', typed: read.bad, lang }
  return { type: 'remind-room', leadMin: lead, kinds: read.kinds, ...(read.venue ? { venue: read.venue } : {}), lang }
}

const personal = (m: RegExpExecArray, t: Txt, lang: Lang): AutomationCommand => {
  const leadText = group(t, m, 'lead')
  const lead = leadText ? readLead(leadText.f, lang) : DEFAULT_PERSONAL_LEAD_MIN
  if (lead === null) return { type: 'hint', topic: 'remind-me', problem: 'bad-lead', typed: leadText?.o ?? '', lang }
  if (m.groups?.going !== undefined) return { type: 'remind-me', leadMin: lead, going: true, lang }
  const ev = group(t, m, 'ev')?.o.trim().replace(/^["“„«‘']\s*|\s*["”“»’']$/g, '').trim()
  if (!ev) return { type: 'hint', topic: 'remind-me', problem: 'unreadable', lang }
  return { type: 'remind-me', leadMin: lead, event: ev, lang }
}

const GOING_EN = String.raw`(?<going>(?:everything|all(?: the)? events|every event|all)\s+(?:(?:that\s+)?i'?m|i am|i'll be)\s+(?:going to|attending|going)|(?:all\s+)?my events)`
const GOING_FR = String.raw`(?<going>(?:de\s+)?(?:tout ce (?:ou|a quoi)|tous les evenements ou|toutes les activites ou|tout ou)\s+(?:je vais|je participe|j'?y vais)|(?:de\s+)?mes evenements)`
const GOING_DE = String.raw`(?<going>an alles,?\s+(?:wo|wohin|wozu|zu dem|was)\s+ich\s+(?:hingehe|gehe|komme|besuche)|an meine veranstaltungen|an alle meine veranstaltungen)`
const LEAD = String.raw`(?<lead>[^\s].*?)`
/** A lead that is only a length ("10 minutes", "an hour", « une demi-heure »): for the rules where the event's name comes first. */
const LEAD_ONLY = String.raw`(?<lead>\d{1,4}(?:[.,]\d)?\s*(?:minutes?|mins?|min\.?|minuten|hours?|hrs?|h|heures?|stunden?|std\.?)|an hour|one hour|half an hour|a quarter of an hour|a quarter hour|une heure|une demi-heure|une demi heure|un quart d'heure|deux heures|eine stunde|einer stunde|eine halbe stunde|einer halben stunde|eine viertelstunde|einer viertelstunde|zwei stunden)`

const RULES: Rule[] = [
  // ---- what is automated
  { lang: 'en', re: re(String.raw`^(?:automations?|what(?:'s| is| do you)\s+(?:automated|automate|post automatically)(?:\s+(?:here|in this room))?|(?:show|list)\s+(?:the\s+)?(?:automations?|reminders)|reminders)$`), make: (_m, _t, lang) => ({ type: 'list', lang }) },
  { lang: 'fr', re: re(String.raw`^(?:automatisations?|qu'est-ce qui est automatise(?:\s+ici)?|(?:montre|liste)\s+les\s+(?:automatisations|rappels)|rappels)$`), make: (_m, _t, lang) => ({ type: 'list', lang }) },
  { lang: 'de', re: re(String.raw`^(?:automatisierungen?|was ist (?:hier\s+)?automatisiert|(?:zeig|zeige|liste)\s+(?:die\s+)?(?:automatisierungen|erinnerungen)|erinnerungen)$`), make: (_m, _t, lang) => ({ type: 'list', lang }) },

  // ---- stop
  { lang: 'en', re: re(String.raw`^(?:stop|quit|no more|don'?t|do not)\s+(?:posting|post|sharing|sending|publishing)\s+(?:the\s+|a\s+)?(?:(?<weekly>week'?s|weekly)\s+|daily\s+|today'?s\s+)?(?:${NOUN_EN}|digest)(?:\s+(?:every day|daily|every morning|here|anymore|any more))*$|^stop\s+the\s+(?:(?<weekly2>weekly)|daily)\s+(?:post|${NOUN_EN}|digest)$`), make: (m, _t, lang) => ({ type: 'stop-post', ...(m.groups?.weekly || m.groups?.weekly2 ? { every: 'week' as const } : {}), lang }) },
  { lang: 'fr', re: re(String.raw`^(?:arrete|arretez|arreter|stop|ne plus)\s+(?:de\s+)?(?:poster|publier|envoyer|afficher|partager)\s+(?:le\s+)?${NOUN_FR}(?:\s+(?<weekly>de la semaine|hebdomadaire)|\s+du jour|\s+quotidien|\s+chaque (?:jour|matin)|\s+ici)*$|^(?:arrete|arretez|stop)\s+le\s+${NOUN_FR}\s+(?:quotidien|du matin|(?<weekly2>hebdomadaire|de la semaine))$`), make: (m, _t, lang) => ({ type: 'stop-post', ...(m.groups?.weekly || m.groups?.weekly2 ? { every: 'week' as const } : {}), lang }) },
  { lang: 'de', re: re(String.raw`^(?:hor auf|hoer auf|stopp?|nicht mehr)[,]?\s+(?:das\s+|den\s+)?(?:(?<weekly>wochen)?programm|zeitplan|tagesprogramm)\s+(?:zu\s+)?(?:posten|veroffentlichen|schicken|senden)$|^(?:poste|veroffentliche|schicke)\s+(?:das\s+)?(?:(?<weekly2>wochen)?programm|tagesprogramm)\s+nicht mehr$|^kein(?:e|en)?\s+(?:(?<weekly3>wochen)|tages)?programm(?:e)?\s+mehr$`), make: (m, _t, lang) => ({ type: 'stop-post', ...(m.groups?.weekly || m.groups?.weekly2 || m.groups?.weekly3 ? { every: 'week' as const } : {}), lang }) },
  { lang: 'en', re: re(String.raw`^(?:stop|quit|no more|don'?t)\s+(?:reminding\s+(?:the\s+|this\s+)?(?:room|channel|everyone|everybody)|(?:the\s+)?room reminders|reminders\s+(?:here|in (?:the|this) room))(?:\s+anymore)?$`), make: (_m, _t, lang) => ({ type: 'stop-remind-room', lang }) },
  { lang: 'fr', re: re(String.raw`^(?:arrete|arretez|arreter|stop)\s+(?:de\s+(?:rappeler|prevenir)\s+(?:le\s+|au\s+)?(?:salon|canal|groupe)|les\s+rappels\s+(?:du|dans le|de ce|au)\s+(?:salon|canal))$|^plus de rappels (?:dans le|au|pour le) salon$`), make: (_m, _t, lang) => ({ type: 'stop-remind-room', lang }) },
  { lang: 'de', re: re(String.raw`^(?:hor auf|hoer auf|stopp?)[,]?\s+(?:den\s+)?(?:raum|kanal)\s+zu\s+erinnern$|^keine erinnerungen mehr (?:im|in diesem|fur den) raum$|^(?:stopp?|beende)\s+(?:die\s+)?raumerinnerungen$`), make: (_m, _t, lang) => ({ type: 'stop-remind-room', lang }) },
  { lang: 'en', re: re(String.raw`^(?:stop|quit|no more|don'?t)\s+(?:reminding me|my reminders|reminders for me|remind me)(?:\s+anymore)?$`), make: (_m, _t, lang) => ({ type: 'stop-remind-me', lang }) },
  { lang: 'fr', re: re(String.raw`^(?:arrete|arretez|arreter|stop)\s+(?:de\s+me\s+rappeler|mes rappels)(?:\s+quoi que ce soit)?$|^(?:ne me rappelle plus rien|plus de rappels pour moi)$`), make: (_m, _t, lang) => ({ type: 'stop-remind-me', lang }) },
  { lang: 'de', re: re(String.raw`^(?:hor auf|hoer auf|stopp?)[,]?\s+mich\s+zu\s+erinnern$|^(?:keine erinnerungen mehr fur mich|erinnere mich nicht mehr|stopp? meine erinnerungen)$`), make: (_m, _t, lang) => ({ type: 'stop-remind-me', lang }) },

  // ---- the weekly digest (before the daily post: "every Monday" is not "every day")
  { lang: 'en', re: re(String.raw`^${VERB_EN}\s+(?:the\s+|a\s+)?(?:week'?s|weekly|this week'?s|the week'?s)\s+(?:${NOUN_EN}|digest|overview)\s+(?:every|each|on)\s+${wd('en', 'wd')}s?(?:\s+(?:at|@))?\s*(?<time>.*)$`), make: weekly },
  { lang: 'fr', re: re(String.raw`^${VERB_FR}\s+(?:le\s+)?${NOUN_FR}\s+(?:de la semaine|hebdomadaire)\s+(?:chaque\s+${wd('fr', 'wd')}|tous les\s+${wd('fr', 'wd2')}s?|le\s+${wd('fr', 'wd3')})(?:\s+a)?\s*(?<time>.*)$`), make: (m, t, lang) => weekly(Object.assign(m, { groups: { ...m.groups, wd: m.groups?.wd ?? m.groups?.wd2 ?? m.groups?.wd3 } }), t, lang) },
  { lang: 'de', re: re(String.raw`^${VERB_DE}\s+(?:das\s+|die\s+)?(?:wochenprogramm|programm der woche|wochenubersicht|wochenuebersicht)\s+(?:jeden\s+${wd('de', 'wd')}|${wd('de', 'wd2')}s|am\s+${wd('de', 'wd3')})(?:\s+um)?\s*(?<time>.*?)(?:\s+(?:posten|veroffentlichen))?$`), make: (m, t, lang) => weekly(Object.assign(m, { groups: { ...m.groups, wd: m.groups?.wd ?? m.groups?.wd2 ?? m.groups?.wd3 } }), t, lang) },

  // ---- the daily programme
  { lang: 'en', re: re(String.raw`^(?<verb>${VERB_EN}\s+(?:the\s+|today'?s\s+|the day'?s\s+|a\s+)?(?:daily\s+)?${NOUN_EN}\s+)?(?:every\s+day|each\s+day|daily|every\s+morning|each\s+morning)(?:\s+(?:at|@))?\s*(?<time>.*)$`), make: daily },
  { lang: 'fr', re: re(String.raw`^(?<verb>${VERB_FR}\s+(?:le\s+)?${NOUN_FR}(?:\s+du\s+jour)?\s+)?(?:chaque\s+(?:jour|matin)|tous\s+les\s+(?:jours|matins)|quotidiennement)(?:\s+a)?\s*(?<time>.*)$`), make: daily },
  { lang: 'de', re: re(String.raw`^(?<verb>${VERB_DE}\s+(?:das\s+|den\s+)?${NOUN_DE}\s+)?(?:jeden\s+(?:tag|morgen)|taglich|taeglich)(?:\s+um)?\s*(?<time>.*?)(?<post>\s+(?:posten|veroffentlichen|schicken))?$`), make: daily },
  { lang: 'de', re: re(String.raw`^(?:das\s+)?${NOUN_DE}\s+(?:jeden\s+(?:tag|morgen)|taglich)(?:\s+um)?\s*(?<time>.*?)\s+(?:posten|veroffentlichen|schicken)$`), make: daily },

  // ---- room reminders
  { lang: 'en', re: re(String.raw`^remind\s+(?:the\s+|this\s+)?(?:room|channel|everyone|everybody|people)\s+${LEAD}\s+before\s+(?:each|every|all|any)\s+(?<what>.+)$`), make: roomReminder },
  { lang: 'fr', re: re(String.raw`^(?:rappelle|rappelez|previens|prevenez)\s+(?:au\s+|le\s+|ce\s+)?(?:salon|canal|groupe|tout le monde)\s+${LEAD}\s+avant\s+(?:chaque|tous les|toutes les|chacun des|chacune des)\s+(?<what>.+)$`), make: roomReminder },
  { lang: 'de', re: re(String.raw`^erinnere\s+(?:den\s+|diesen\s+)?(?:raum|kanal|alle)\s+${LEAD}\s+vor\s+(?:jeder|jedem|jeden|allen)\s+(?<what>.+)$`), make: roomReminder },

  // ---- personal reminders
  { lang: 'en', re: re(String.raw`^remind\s+me\s+(?:(?:of|about)\s+${GOING_EN}|${LEAD}\s+before\s+${GOING_EN})$`), make: personal },
  { lang: 'en', re: re(String.raw`^remind\s+me\s+(?:(?:of|about)\s+${GOING_EN}\s+${LEAD}\s+(?:before|ahead|in advance))$`), make: personal },
  // The lead after the event: "remind me of X 10 minutes before", « rappelle-moi X 10 minutes avant »,
  // „erinnere mich 10 Minuten vorher an X“ (read before the rules that would take the lead into the name).
  { lang: 'en', re: re(String.raw`^remind\s+me\s+(?:of|about)\s+(?<ev>.+?)\s+${LEAD_ONLY}\s+(?:before|ahead|in advance|beforehand|earlier)$`), make: personal },
  { lang: 'en', re: re(String.raw`^remind\s+me\s+(?:${LEAD}\s+before\s+(?:the\s+start\s+of\s+)?(?<ev>.+)|(?:of|about)\s+(?<ev2>.+))$`), make: (m, t, lang) => personal(m.groups?.ev !== undefined ? m : reGroup(m, 'ev2', 'ev'), t, lang) },
  { lang: 'fr', re: re(String.raw`^rappelle[- ]?moi\s+(?:${GOING_FR}|${LEAD}\s+avant\s+${GOING_FR})$`), make: personal },
  { lang: 'fr', re: re(String.raw`^rappelle[- ]?moi\s+(?:de\s+|d')?(?<ev>.+?)\s+${LEAD_ONLY}\s+(?:avant|a l'avance|en avance)$`), make: personal },
  { lang: 'fr', re: re(String.raw`^rappelle[- ]?moi\s+(?:${LEAD}\s+avant\s+(?<ev>.+)|(?:de\s+|d')(?<ev2>.+))$`), make: (m, t, lang) => personal(m.groups?.ev !== undefined ? m : reGroup(m, 'ev2', 'ev'), t, lang) },
  { lang: 'de', re: re(String.raw`^erinnere\s+mich\s+(?:${LEAD}\s+vor(?:her)?\s+)?${GOING_DE}$`), make: personal },
  { lang: 'de', re: re(String.raw`^erinnere\s+mich\s+${LEAD}\s+(?:vorher|davor|vorab)\s+an\s+(?<ev>.+)$`), make: personal },
  { lang: 'de', re: re(String.raw`^erinnere\s+mich\s+an\s+(?<ev>.+?)\s+${LEAD_ONLY}\s+(?:vorher|davor|vorab)$`), make: personal },
  { lang: 'de', re: re(String.raw`^erinnere\s+mich\s+(?:${LEAD}\s+vor\s+(?<ev>.+)|an\s+(?<ev2>.+))$`), make: (m, t, lang) => personal(m.groups?.ev !== undefined ? m : reGroup(m, 'ev2', 'ev'), t, lang) },
]

/** The same match with group `from` read as `to` (indices included). */
function reGroup(m: RegExpExecArray, from: string, to: string): RegExpExecArray {
  const copy = Object.assign([...m], m) as RegExpExecArray
  copy.groups = { ...m.groups, [to]: m.groups?.[from] } as Record<string, string>
  if (m.indices?.groups) {
    copy.indices = Object.assign([...m.indices], { groups: { ...m.indices.groups, [to]: m.indices.groups[from] } }) as RegExpIndicesArray
  }
  return copy
}

/** Sentences that aim at automation but matched no rule: they get an example, not the general grammar. */
const NEAR: Array<{ lang: Lang; re: RegExp; topic: HintTopic }> = [
  { lang: 'en', re: re(String.raw`^remind\s+(?:the\s+)?(?:room|channel|everyone)`), topic: 'remind-room' },
  { lang: 'en', re: re(String.raw`^remind\s+me\b`), topic: 'remind-me' },
  { lang: 'en', re: re(String.raw`^${VERB_EN}\s+(?:the\s+)?(?:week'?s|weekly)\s+(?:${NOUN_EN}|digest)`), topic: 'weekly' },
  { lang: 'en', re: re(String.raw`^${VERB_EN}\s+(?:the\s+|today'?s\s+)?(?:daily\s+)?${NOUN_EN}\s+(?:every|each|daily|at)`), topic: 'post' },
  { lang: 'en', re: re(String.raw`^stop\s+(?:posting|reminding)`), topic: 'stop' },
  { lang: 'fr', re: re(String.raw`^(?:rappelle|previens)\s+(?:au\s+|le\s+)?(?:salon|canal)`), topic: 'remind-room' },
  { lang: 'fr', re: re(String.raw`^rappelle[- ]?moi\b`), topic: 'remind-me' },
  { lang: 'fr', re: re(String.raw`^${VERB_FR}\s+(?:le\s+)?${NOUN_FR}\s+(?:de la semaine|hebdomadaire)`), topic: 'weekly' },
  { lang: 'fr', re: re(String.raw`^${VERB_FR}\s+(?:le\s+)?${NOUN_FR}\s+(?:chaque|tous|a\s)`), topic: 'post' },
  { lang: 'fr', re: re(String.raw`^(?:arrete|arreter)\s+de\s+(?:poster|publier|rappeler|me rappeler)`), topic: 'stop' },
  { lang: 'de', re: re(String.raw`^erinnere\s+(?:den\s+)?(?:raum|kanal|alle)`), topic: 'remind-room' },
  { lang: 'de', re: re(String.raw`^erinnere\s+mich\b`), topic: 'remind-me' },
  { lang: 'de', re: re(String.raw`^${VERB_DE}\s+(?:das\s+)?(?:wochenprogramm|programm der woche)`), topic: 'weekly' },
  { lang: 'de', re: re(String.raw`^${VERB_DE}\s+(?:das\s+)?${NOUN_DE}\s+(?:jeden|taglich|um\s)`), topic: 'post' },
]

/**
 * Reads an automation sentence; `null` when the sentence is not about automation at all.
 *
 * @param text the message as typed, without the bot's mention or prefix.
 */
export function readAutomationCommand(text: string): AutomationCommand | null {
  if (badInput(text) !== null) return null
  const t0 = squash(txt(text.replace(/[\u2019\u02bc]/g, "'").replace(/[\u2013\u2014]/g, '-')))
  const polite = match(t0, POLITE)
  const start = polite ? polite[0].length : 0
  const end = t0.f.replace(/[\s.!?…]+$/u, '').length
  const t: Txt = { o: t0.o.slice(start, end), f: t0.f.slice(start, end) }
  if (t.f === '') return null
  for (const rule of RULES) {
    const m = match(t, rule.re)
    const cmd = m ? rule.make(m, t, rule.lang) : null
    if (cmd) return cmd
  }
  for (const near of NEAR) {
    if (match(t, near.re)) return { type: 'hint', topic: near.topic, problem: 'unreadable', lang: near.lang }
  }
  return null
}

/** Whether `text` is a readable clock followed by more words ("9:00 at the Village: Breakfast"). */
function startsWithClock(text: string): boolean {
  const m = /^(\S+(?:\s*(?:am|pm|h|uhr))?)\s+\S/iu.exec(text.trim())
  return m !== null && /\d/.test(m[1]!) && typeof readTime(m[1]!) === 'string'
}

const CLOCK_ONLY = re(String.raw`^(?:${CLOCK}|\d{1,2})$`)

/** A wall time `HH:MM` (24 h) from `9:00`, `8h30`, `9 Uhr`, `9am`, a bare `9` (read as 09:00); or why not. */
function readTime(typed: string): string | { problem: 'missing-time' | 'bad-time'; typed?: string } {
  const s = typed.trim()
  if (s === '') return { problem: 'missing-time' }
  const f = txt(s).f
  if (!CLOCK_ONLY.test(f)) return { problem: 'bad-time', typed: s }
  const clock = readClock(f)
  if (!clock || !validClock(clock) || clock.h === 24) return { problem: 'bad-time', typed: s }
  if (clock.mode === 'bare') clock.mode = '24'
  const minutes = minutesOf(clock)
  if (minutes === null || minutes >= 24 * 60 || (clock.mode === 'ampm' && (clock.h < 1 || clock.h > 12))) return { problem: 'bad-time', typed: s }
  return hhmm(minutes)
}

const UNIT_MIN = re(String.raw`^(?:minutes?|mins?|min\.?|m|minuten)$`)
const UNIT_H = re(String.raw`^(?:hours?|hrs?|h|heures?|stunden?|std\.?)$`)
const WORD_LEADS: Record<string, number> = {
  'an hour': 60, 'one hour': 60, 'half an hour': 30, 'a quarter of an hour': 15, 'a quarter hour': 15,
  'une heure': 60, 'une demi-heure': 30, 'une demi heure': 30, 'un quart d\'heure': 15, 'deux heures': 120,
  'eine stunde': 60, 'einer stunde': 60, 'eine halbe stunde': 30, 'einer halben stunde': 30, 'eine viertelstunde': 15, 'einer viertelstunde': 15, 'zwei stunden': 120,
}

/** Minutes from `10 minutes`, `1 h`, `90 min`, `an hour`, `une demi-heure`, `einer Stunde`; `null` when unreadable or out of range. */
export function readLead(folded: string, _lang: Lang): number | null {
  const s = folded.trim().replace(/\s+/g, ' ')
  let minutes: number | null = WORD_LEADS[s] ?? null
  if (minutes === null) {
    const m = /^(\d{1,4})(?:[.,](\d))?\s*([\p{L}.]+)$/u.exec(s)
    if (!m) return null
    const n = Number(m[1]) + (m[2] ? Number(m[2]) / 10 : 0)
    if (UNIT_MIN.test(m[3]!)) minutes = n
    else if (UNIT_H.test(m[3]!)) minutes = n * 60
    else return null
  }
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > MAX_LEAD_MIN) return null
  return minutes
}

const VOCAB = { en, fr, de }
const VENUE_PREP: Record<Lang, string> = {
  en: String.raw`(?:at the|in the|on the|at|in|@)`,
  fr: String.raw`(?:a la|a l'|au|aux|a|dans la|dans le|dans l'|dans|sur la|sur le|sur l'|@)`,
  de: String.raw`(?:in der|im|auf der|auf dem|am|an der|beim|bei der|in|@)`,
}
const ANY_EVENT: Record<Lang, RegExp> = {
  en: re(String.raw`^(?:events?|things?|sessions?|activit(?:y|ies)|items?|one)$`),
  fr: re(String.raw`^(?:evenements?|activites?|sessions?|trucs?)$`),
  de: re(String.raw`^(?:veranstaltung(?:en)?|events?|termine?|programmpunkte?|punkte?)$`),
}

/**
 * What a room reminder covers, from `event`, `workshop`, `workshop at Ground Control`,
 * `talks and workshops`, `event at the Village`: kinds (empty = every kind) and a venue as typed.
 */
function readWhat(what: Txt, lang: Lang): { kinds: EventKind[]; venue?: string } | { bad: string } {
  const m = re(String.raw`^(?<kinds>.+?)(?:\s+${VENUE_PREP[lang]}\s+(?<venue>.+))?$`).exec(what.f)
  if (!m) return { bad: what.o }
  const kindsText = m.groups!.kinds!
  const venueSpan = m.indices?.groups?.venue
  const venue = venueSpan ? what.o.slice(venueSpan[0], venueSpan[1]).trim().replace(/^["“„«]\s*|\s*["”“»]$/g, '') : undefined
  const kinds: EventKind[] = []
  for (const word of kindsText.split(/\s*(?:,|\band\b|\bor\b|\bet\b|\bou\b|\bund\b|\boder\b)\s*/u).filter(Boolean)) {
    if (ANY_EVENT[lang].test(word)) continue
    const kind = VOCAB[lang].kinds.find((k) => re(`^(?:${k.re})$`).test(word))
    if (!kind || kind.kind === 'other') return { bad: word }
    if (!kinds.includes(kind.kind)) kinds.push(kind.kind)
  }
  return { kinds, ...(venue ? { venue } : {}) }
}
