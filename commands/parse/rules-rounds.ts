/**
 * Rules for person-to-person rounds, in English, French and German: setting them ("pair people at
 * 19:30 for 5 rounds of 10 minutes at Paris P2P", « fais 5 rencontres de 10 minutes à 19h30 pour
 * Paris P2P », „bilde Paare um 19:30 für 5 Runden à 10 Minuten beim Paris P2P“), calling them off,
 * opting in and out ("I'm in for the rounds", « je suis partant pour les rencontres », „ich bin bei
 * den Runden dabei“; "I'm out of the rounds"), and a venue's tables ("Ground Control has 12 tables").
 *
 * @remarks
 * A setting sentence is read part by part: the number of rounds, their length, the first start (a
 * clock time), and what remains names the event. A sentence that lacks the number, the length or
 * the start is asked about (with an example), never completed by a guess; a missing event is asked
 * by the executor, which knows the programme. The triggers are narrow ("pair people", "rounds" next
 * to a number), so no sentence of the other rules is read here. « une rencontre au hasard » is a
 * random meeting, not rounds, and is left alone.
 */
import type { Intent, Lang } from '../intent.ts'
import { CLOCK, hhmm, minutesOf, readClock, validClock } from './clock.ts'
import { cleanName } from './names.ts'
import { eventRef, isOutcome } from './refs.ts'
import { first, type Outcome, type Rule } from './rule.ts'
import { blank, group, squash, type Txt, rx } from './text.ts'
import type { Vocab } from './vocab.ts'

const re = (s: string) => new RegExp(s, 'du')
const E = String.raw`(?![\p{L}\p{N}])`

const NUMBERS: Record<string, number> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, twelve: 12,
  un: 1, une: 1, deux: 2, trois: 3, quatre: 4, cinq: 5, sept: 7, huit: 8, neuf: 9, dix: 10, douze: 12,
  ein: 1, eine: 1, zwei: 2, drei: 3, vier: 4, funf: 5, fuenf: 5, sechs: 6, sieben: 7, acht: 8, neun: 9, zehn: 10, zwolf: 12,
}
const NUM = String.raw`(?:\d{1,3}|${Object.keys(NUMBERS).sort((a, b) => b.length - a.length).join('|')})`
const num = (s: string) => (/^\d+$/.test(s) ? Number(s) : (NUMBERS[s] ?? NaN))

interface Words {
  /** The start of a sentence that sets rounds. */
  set: readonly RegExp[]
  /** Group `n`: how many rounds. */
  count: RegExp
  /** Group `m`: minutes each. */
  length: RegExp
  /** A clock after one of these words is the first start: group `c`. */
  at: RegExp
  /** Words left around the event's name. */
  link: string
  stop: readonly RegExp[]
  join: readonly RegExp[]
  leave: readonly RegExp[]
  spots: readonly RegExp[]
  /** The question for a setting sentence that lacks parts. */
  ask: (missing: string[]) => string
  parts: { count: string; length: string; start: string }
}

/** « rencontres au hasard », « rencontres aléatoires »: random meetings, another feature's words. */
const NOT_RANDOM = String.raw`(?!\s+(?:au\s+hasard|aleatoires|surprises?)${E})`

const MIN = String.raw`(?:minutes?|mins?|min|mn|minuten|m)${E}`

const EN: Words = {
  set: [
    re(String.raw`^(?:please\s+)?(?:pair|match)(?:\s+up)?\s+(?:the\s+)?(?:people|participants|everyone|everybody|attendees|guests)${E}`),
    re(String.raw`^(?:please\s+)?(?:set\s+up|plan|run|hold|add|start|organi[sz]e)\s+(?:${NUM}\s+)?(?:person[- ]to[- ]person|pairing|speed[- ]?meeting|p2p)\s+rounds${E}`),
    re(String.raw`^(?:person[- ]to[- ]person|pairing|speed[- ]?meeting)\s+rounds${E}`),
  ],
  count: re(String.raw`(?<![\p{L}\p{N}])(?<n>${NUM})\s+(?:(?:person[- ]to[- ]person|pairing|p2p)\s+)?(?:rounds?|meetings?)${E}`),
  length: re(String.raw`(?:(?:of|for|x|at)\s+)?(?<m>\d{1,3})[- ]?${MIN}(?:\s+each)?|(?<m2>\d{1,3})[- ]minute\s+(?:rounds?|meetings?)`),
  at: re(String.raw`(?:(?:at|from|starting(?:\s+at)?)\s+)(?<c>${CLOCK})`),
  link: String.raw`for|at|during|in|of|on|with|each|every`,
  stop: [
    re(String.raw`^(?:cancel|call\s+off|stop|remove|drop|delete)\s+(?:the\s+)?(?:person[- ]to[- ]person\s+|pairing\s+)?rounds(?:\s+(?:for|at|of|during)\s+(?<event>.+))?$`),
    re(String.raw`^no\s+(?:more\s+)?rounds\s+(?:for|at|during)\s+(?<event>.+)$`),
  ],
  join: [
    re(String.raw`^(?:i'?m|i\s+am|im|count\s+me)\s+in\s+(?:for|on)\s+(?:the\s+)?(?:person[- ]to[- ]person\s+|pairing\s+)?rounds(?:\s+(?:of|for|at)\s+(?<event>.+))?$`),
    re(String.raw`^(?:i'?ll|i\s+will|i\s+want\s+to|i'?d\s+like\s+to|let\s+me|can\s+i)\s+(?:join|do|take\s+part\s+in)\s+the\s+rounds(?:\s+(?:of|for|at)\s+(?<event>.+))?$`),
    re(String.raw`^(?:sign\s+me\s+up\s+for|join|add\s+me\s+to)\s+the\s+rounds(?:\s+(?:of|for|at)\s+(?<event>.+))?$`),
  ],
  leave: [
    re(String.raw`^(?:i'?m|i\s+am|im|count\s+me)\s+out\s+(?:of|from|for)\s+(?:the\s+)?rounds(?:\s+(?:of|for|at)\s+(?<event>.+))?$`),
    re(String.raw`^(?:i'?m\s+|i\s+am\s+)?(?:leaving|quitting|skipping)\s+the\s+rounds(?:\s+(?:of|for|at)\s+(?<event>.+))?$`),
    re(String.raw`^(?:take|remove)\s+me\s+(?:out\s+of|off|from)\s+the\s+rounds(?:\s+(?:of|for|at)\s+(?<event>.+))?$`),
  ],
  spots: [
    re(String.raw`^(?<venue>.+?)\s+has\s+(?<n>\d{1,3})\s+(?:tables|meeting\s+(?:spots|points))$`),
    re(String.raw`^(?:there\s+are\s+)?(?<n>\d{1,3})\s+tables\s+(?:at|in)\s+(?<venue>.+)$`),
  ],
  ask: (missing) => `To pair people I need ${missing.join(' and ')}. For example: “pair people at 19:30 for 5 rounds of 10 minutes at Paris P2P”.`,
  parts: { count: 'how many rounds', length: 'how long each lasts', start: 'when the first one starts' },
}

const FR: Words = {
  set: [
    re(String.raw`^(?:fais|faites|faire|organise|organisez|organiser|lance|lancez|lancer|prevois|prevoyez|planifie)\s+(?:des\s+|les\s+)?(?:${NUM}\s+)?(?:rencontres|tours|tete-a-tete)(?!\s+au\s+hasard)${E}`),
    re(String.raw`^(?:forme|formez|former|fais|faites)\s+des\s+(?:paires|binomes|duos)${E}`),
    re(String.raw`^(?:mets|mettez|mettre)\s+les\s+gens\s+(?:en|par)\s+(?:paires|binomes|deux)${E}`),
  ],
  count: re(String.raw`(?<![\p{L}\p{N}])(?<n>${NUM})\s+(?:rencontres|tours|rounds|tete-a-tete|manches)${E}`),
  length: re(String.raw`(?:(?:de|d'une\s+duree\s+de|pendant)\s+)?(?<m>\d{1,3})\s*${MIN}(?:\s+(?:chacun|chacune|chaque))?`),
  at: re(String.raw`(?:(?:a|des|dès|vers)\s+)(?<c>${CLOCK})`),
  link: String.raw`pour|a|au|aux|pendant|lors\s+de|lors\s+du|de|du|des|chaque|chacune\s+des|tous\s+les|toutes\s+les`,
  stop: [
    re(String.raw`^(?:annule|annulez|annuler|supprime|supprimez|arrete|arretez)\s+les\s+rencontres${NOT_RANDOM}(?:\s+(?:de|du|des|pour|a|au|aux|de\s+la|de\s+l')${E}\s*(?<event>.+))?$`),
    re(String.raw`^(?:plus\s+de|pas\s+de)\s+rencontres${NOT_RANDOM}\s+(?:pour|a|au|aux|pendant)${E}\s*(?<event>.+)$`),
  ],
  join: [
    re(String.raw`^(?:je\s+suis|j'suis|chuis)\s+(?:partant|partante|partant\(e\)|partant·e|partant\.e|pret|prete|dispo|de\s+la\s+partie)\s+pour\s+les\s+rencontres${NOT_RANDOM}(?:\s+(?:de|du|des|a|au|aux|pour|de\s+la|de\s+l')${E}\s*(?<event>.+))?$`),
    re(String.raw`^(?:compte|comptez)[- ]moi\s+(?:pour|dans)\s+les\s+rencontres${NOT_RANDOM}(?:\s+(?:de|du|des|a|au|aux|pour)${E}\s*(?<event>.+))?$`),
    re(String.raw`^je\s+(?:participe|m'inscris|viens)\s+aux\s+rencontres${NOT_RANDOM}(?:\s+(?:de|du|des|a|au|aux|pour)${E}\s*(?<event>.+))?$`),
  ],
  leave: [
    re(String.raw`^je\s+ne\s+suis\s+plus\s+(?:partant|partante|partant\(e\)|partant·e|partant\.e|dispo)\s+pour\s+les\s+rencontres${NOT_RANDOM}(?:\s+(?:de|du|des|a|au|aux|pour)${E}\s*(?<event>.+))?$`),
    re(String.raw`^je\s+(?:quitte|sors\s+des|me\s+retire\s+des|laisse\s+tomber)\s+(?:les\s+)?rencontres${NOT_RANDOM}(?:\s+(?:de|du|des|a|au|aux|pour)${E}\s*(?<event>.+))?$`),
    re(String.raw`^je\s+ne\s+(?:participe|fais|viens)\s+plus\s+(?:aux|les)\s+rencontres${NOT_RANDOM}(?:\s+(?:de|du|des|a|au|aux|pour)${E}\s*(?<event>.+))?$`),
  ],
  spots: [
    re(String.raw`^(?<venue>.+?)\s+a\s+(?<n>\d{1,3})\s+tables$`),
    re(String.raw`^il\s+y\s+a\s+(?<n>\d{1,3})\s+tables\s+(?:a|au|dans\s+la|dans\s+le|dans)${E}\s*(?<venue>.+)$`),
  ],
  ask: (missing) => `Pour former les paires, il me faut ${missing.join(' et ')}. Par exemple : « fais 5 rencontres de 10 minutes à 19h30 pour Paris P2P ».`,
  parts: { count: 'le nombre de rencontres', length: 'la durée de chacune', start: "l'heure de la première" },
}

const DE: Words = {
  set: [
    re(String.raw`^(?:bitte\s+)?(?:bilde|bildet|bilden|mach|mache|macht)\s+(?:zweier)?(?:paare|zweiergruppen|tandems)${E}`),
    re(String.raw`^(?:bitte\s+)?(?:bring|bringe)\s+(?:die\s+)?(?:leute|teilnehmenden|teilnehmer)\s+(?:paarweise\s+)?zusammen${E}`),
    re(String.raw`^(?:bitte\s+)?(?:plane|plan|mach|mache|starte|organisiere|veranstalte)\s+(?:${NUM}\s+)?(?:kennenlern|gesprachs|speed-?dating-?)?runden${E}`),
  ],
  count: re(String.raw`(?<![\p{L}\p{N}])(?<n>${NUM})\s+(?:kennenlern|gesprachs)?(?:runden|treffen|gesprache)${E}`),
  length: re(String.raw`(?:(?:a|à|von|zu|je|mit|uber|fur)\s+(?:je\s+)?)?(?<m>\d{1,3})\s*${MIN}(?:\s+(?:jeweils|pro\s+runde|je\s+runde))?|(?<m2>\d{1,3})[- ]?minutige?n?\s+(?:runden|treffen)`),
  at: re(String.raw`(?:(?:um|ab|von)\s+)(?<c>${CLOCK})`),
  link: String.raw`fur|bei|beim|wahrend|zu|zum|zur|im|in|von|vom|an|am|jede[nrs]?|jedem`,
  stop: [
    re(String.raw`^(?:sag|sage|sagt)\s+die\s+runden(?:\s+(?:von|vom|beim|bei|fur|zum|zur)\s+(?<event>.+?))?\s+ab$`),
    re(String.raw`^(?:streiche|losche|stoppe|beende)\s+die\s+runden(?:\s+(?:von|vom|beim|bei|fur|zum|zur)\s+(?<event>.+))?$`),
    re(String.raw`^keine\s+runden\s+(?:mehr\s+)?(?:beim|bei|fur|zum|zur|im)\s+(?<event>.+)$`),
  ],
  join: [
    re(String.raw`^ich\s+bin\s+bei\s+den\s+runden(?:\s+(?:von|vom|beim|bei|fur|zum|zur)\s+(?<event>.+?))?\s+dabei$`),
    re(String.raw`^ich\s+(?:mache|mach)\s+bei\s+den\s+runden(?:\s+(?:von|vom|beim|bei|fur|zum|zur)\s+(?<event>.+?))?\s+mit$`),
    re(String.raw`^(?:zahl|zahle|zahlt)\s+mich\s+(?:fur|bei)\s+(?:die|den)\s+runden(?:\s+(?:von|vom|beim|bei|fur|zum|zur)\s+(?<event>.+?))?\s+ein$`),
  ],
  leave: [
    re(String.raw`^ich\s+bin\s+bei\s+den\s+runden(?:\s+(?:von|vom|beim|bei|fur|zum|zur)\s+(?<event>.+?))?\s+nicht\s+(?:mehr\s+)?dabei$`),
    re(String.raw`^ich\s+(?:steige|steig)\s+aus\s+den\s+runden(?:\s+(?:von|vom|beim|bei|fur|zum|zur)\s+(?<event>.+?))?\s+aus$`),
    re(String.raw`^ich\s+bin\s+(?:aus\s+den\s+runden\s+raus|raus\s+aus\s+den\s+runden)(?:\s+(?:von|vom|beim|bei|fur|zum|zur)\s+(?<event>.+))?$`),
  ],
  spots: [
    re(String.raw`^(?<venue>.+?)\s+hat\s+(?<n>\d{1,3})\s+tische$`),
    re(String.raw`^(?:es\s+gibt\s+)?(?<n>\d{1,3})\s+tische\s+(?:im|in\s+der|in|bei|beim)\s+(?<venue>.+)$`),
  ],
  ask: (missing) => `Um Paare zu bilden, brauche ich ${missing.join(' und ')}. Zum Beispiel: „bilde Paare um 19:30 für 5 Runden à 10 Minuten beim Paris P2P“.`,
  parts: { count: 'die Zahl der Runden', length: 'die Länge jeder Runde', start: 'den Beginn der ersten' },
}

const WORDS: Record<Lang, Words> = { en: EN, fr: FR, de: DE }


/** The event named in a group, as `eventRef` reads it; `undefined` when none was named. */
function eventOf(t: Txt, m: RegExpExecArray, v: Vocab, ctx: Parameters<Rule>[2], quotes: readonly string[]): string | Outcome | undefined {
  const part = group(t, m, 'event')
  return part ? eventRef(part, v, ctx, quotes) : undefined
}

const setRounds: Rule = (t, v, ctx, quotes) => {
  const w = WORDS[v.lang]
  const trigger = first(t, w.set)
  if (!trigger) return null
  let rest = blank(t, 0, trigger[0].length)
  const take = (r: RegExp): RegExpExecArray | null => {
    r.lastIndex = 0
    const m = r.exec(rest.f)
    if (m) rest = blank(rest, m.index, m.index + m[0].length)
    return m
  }
  // The length first: "10-minute rounds" would otherwise read as a count of rounds.
  const len = take(w.length)
  const cnt = take(w.count)
  // "at 19:30: 5 rounds …": the colon after a clock ends the clause, it is not a seconds field.
  for (const m of rest.f.matchAll(/\d:\d\d(:)(?!\d)/gu)) rest = blank(rest, m.index + 4, m.index + 5)
  const clk = take(w.at)
  // "fais 5 rencontres …", "plan 5 person-to-person rounds": the count may be in the trigger.
  const n = cnt ? num(cnt.groups!.n!) : numberIn(trigger[0])
  const minutes = len ? Number(len.groups!.m ?? len.groups!.m2) : NaN
  let clock: string | undefined
  if (clk) {
    const c = readClock(clk.groups!.c!)
    const mins = c && validClock(c) ? minutesOf(c) : null
    if (mins === null || mins >= 24 * 60) return { type: 'no-parse', reason: 'bad-time' }
    clock = hhmm(mins)
  }
  const missing: string[] = []
  if (!Number.isFinite(n)) missing.push(w.parts.count)
  if (!Number.isFinite(minutes)) missing.push(w.parts.length)
  if (!clock) missing.push(w.parts.start)
  if (missing.length) return { type: 'ask', question: w.ask(missing), choices: [] }
  // What remains names the event: the link words around it dropped.
  const lead = rx('du')`^(?:(?:${w.link})(?=\s|$)|[\s:,;.\-–—])+`
  const trail = rx('du')`(?:\s(?:${w.link})|[\s:,;.\-–—])+$`
  let name = squash(rest)
  const cut = name.f.length - (trail.exec(name.f)?.[0].length ?? 0)
  name = { o: name.o.slice(0, cut), f: name.f.slice(0, cut) }
  const from = lead.exec(name.f)?.[0].length ?? 0
  name = squash({ o: name.o.slice(from), f: name.f.slice(from) })
  let event: string | Outcome | undefined
  if (name.f.trim()) {
    event = cleanName(name, v, quotes) ? eventRef(name, v, ctx, quotes) : undefined
    if (isOutcome(event)) return event
  }
  return { type: 'set-rounds', clock: clock!, count: n, minutes, ...(event ? { event } : {}) } as Intent
}

function numberIn(s: string): number {
  const m = rx('u')`(?<![\p{L}\p{N}])(${NUM})(?![\p{L}\p{N}])`.exec(s)
  return m ? num(m[1]!) : NaN
}

const stopRounds: Rule = (t, v, ctx, quotes) => {
  const m = first(t, WORDS[v.lang].stop)
  if (!m) return null
  const event = eventOf(t, m, v, ctx, quotes)
  if (isOutcome(event)) return event
  return { type: 'stop-rounds', ...(event ? { event } : {}) } as Intent
}

const answer = (join: boolean): Rule => (t, v, ctx, quotes) => {
  const w = WORDS[v.lang]
  const m = first(t, join ? w.join : w.leave)
  if (!m) return null
  const event = eventOf(t, m, v, ctx, quotes)
  if (isOutcome(event)) return event
  return { type: 'rounds-answer', join, ...(event ? { event } : {}) } as Intent
}

const venueSpots: Rule = (t, v, _ctx, quotes) => {
  const m = first(t, WORDS[v.lang].spots)
  if (!m) return null
  const venue = cleanName(group(t, m, 'venue')!, v, quotes)
  if (!venue) return null
  return { type: 'venue-spots', venue, spots: Number(m.groups!.n) } as Intent
}

/** The rules, the opt-out before the opt-in (German "… nicht dabei" ends like "… dabei"). */
export const ROUNDS_RULES: readonly Rule[] = [answer(false), answer(true), stopRounds, setRounds, venueSpots]
