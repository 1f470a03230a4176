/**
 * Rules for application rounds and capacity, in English, French and German: open and close a
 * round ("applications for X are open: up to 80 people; question: what do you maintain?"), apply
 * ("apply to X: I maintain js-libp2p") and withdraw, list the applications, decide ("accept Alice
 * for X", "mets Carol en liste d'attente pour X", „lehne Bob für X ab“), and say how many people an
 * event or a venue takes ("X is for 20 people", « X : 20 places », „Atelier fasst 30“).
 *
 * @remarks
 * A decision reads "<verb> <person> for <event>". Accepting a *proposal* reads the same way with a
 * slot after "for" ("accept Mesh networks for Saturday 15:00 at Atelier", commands/proposals.ts), so
 * this rule takes the sentence only when every person named is a display name the festival knows
 * (or the words after "for" are exactly a known event's title) and those words hold no time: any
 * sentence with a day or a clock time after "for" is left to the other rules.
 *
 * Words the rules do not read are never dropped: an opening with words besides the limit and the
 * question is asked about, with the reading offered as the choice.
 */
import type { ApplicationDecision } from '../../core/types.ts'
import type { Intent, Lang, ParseContext } from '../intent.ts'
import type { ApplicationIntent } from '../intent-applications.ts'
import { restoreQuotes } from './normalize.ts'
import { cleanName } from './names.ts'
import { eventRef, isOutcome } from './refs.ts'
import { type Outcome, type Rule, fail, first } from './rule.ts'
import { type Txt, fold, group, squash, sub, rx } from './text.ts'
import { findTime } from './time.ts'
import type { Vocab } from './vocab.ts'

const re = (s: string) => new RegExp(s, 'du')
const E = String.raw`(?![\p{L}\p{N}])`

/** The words of one language. Regexes on folded text, with named groups `event`, `venue`, `person`, `answer`, `rest`, `n`. */
interface Words {
  open: readonly RegExp[]
  close: readonly RegExp[]
  apply: readonly RegExp[]
  withdraw: readonly RegExp[]
  list: readonly RegExp[]
  /** Each with the decision it makes. */
  decide: readonly (readonly [RegExp, ApplicationDecision])[]
  capacity: readonly RegExp[]
  venueCapacity: readonly RegExp[]
  /** Where the question begins in the rest of an opening: "question:", "frage:". */
  question: RegExp
  /** One part of an opening's rest that gives the limit, the number in group `n`. */
  limit: RegExp
  /** Between several people: "and", "et", "und". */
  and: string
  /** The question back for words an opening left unread, and the choice that ignores them. */
  unread: (words: string) => string
}

const EN: Words = {
  open: [
    re(String.raw`^(?:the\s+)?applications?\s+(?:for|to)\s+(?<event>.+?)\s+(?:are|is)\s+(?:now\s+)?open(?:ed)?(?:(?:\s*[:,;-]\s*|\s+)(?<rest>.+))?$`),
    re(String.raw`^(?:the\s+)?applications?\s+(?:are|is)\s+(?:now\s+)?open(?:ed)?\s+(?:for|to)\s+(?<event>.+?)(?:\s*[:;-]\s*(?<rest>.+))?$`),
    re(String.raw`^(?:open|start)\s+(?:the\s+)?applications?\s+(?:for|to)\s+(?<event>.+?)(?:\s*[:;-]\s*(?<rest>.+))?$`),
  ],
  close: [
    re(String.raw`^(?:close|end|stop)\s+(?:the\s+)?applications?\s+(?:for|to)\s+(?<event>.+)$`),
    re(String.raw`^(?:the\s+)?applications?\s+(?:for|to)\s+(?<event>.+?)\s+(?:are|is)\s+(?:now\s+)?closed$`),
  ],
  apply: [
    re(String.raw`^(?:i(?:\s+want\s+to|\s+would\s+like\s+to|'d\s+like\s+to|\s+wanna|\s+hereby)\s+|i\s+|let\s+me\s+|can\s+i\s+)?apply\s+(?:to|for)\s+(?<event>.+?)(?:\s*:\s*|\s+-\s+)(?<answer>.+)$`),
    re(String.raw`^(?:i(?:\s+want\s+to|\s+would\s+like\s+to|'d\s+like\s+to|\s+wanna|\s+hereby)\s+|i\s+|let\s+me\s+|can\s+i\s+)?apply\s+(?:to|for)\s+(?<event>.+)$`),
    re(String.raw`^(?:my\s+|here'?s\s+my\s+)?application\s+(?:to|for)\s+(?<event>.+?)\s*:\s*(?<answer>.+)$`),
  ],
  withdraw: [
    re(String.raw`^(?:withdraw|retract|cancel|remove|delete|pull|take\s+back)\s+my\s+application\s+(?:to|for|from)\s+(?<event>.+)$`),
    re(String.raw`^i\s+(?:withdraw|retract)\s+(?:my\s+application\s+)?(?:to|for|from)\s+(?<event>.+)$`),
    re(String.raw`^(?:unapply|withdraw)\s+from\s+(?<event>.+)$`),
  ],
  list: [
    re(String.raw`^(?:show\s+(?:me\s+)?|list\s+|see\s+|view\s+|check\s+)?(?:the\s+|all\s+)?(?:applications|applicants)\s+(?:for|to|of)\s+(?<event>.+)$`),
    re(String.raw`^who\s+(?:has\s+|have\s+)?applied\s+(?:to|for)\s+(?<event>.+)$`),
    re(String.raw`^how\s+many\s+(?:people\s+)?(?:have\s+|has\s+)?applied\s+(?:to|for)\s+(?<event>.+)$`),
  ],
  decide: [
    [re(String.raw`^(?:accept|admit|approve|let\s+in)\s+(?<person>.+?)\s+(?:for|to|into)\s+(?<event>.+)$`), 'accepted'],
    [re(String.raw`^(?:decline|reject|refuse|turn\s+down)\s+(?<person>.+?)\s+(?:for|to|from)\s+(?<event>.+)$`), 'declined'],
    [re(String.raw`^(?:waitlist|wait-list|wait\s+list)\s+(?<person>.+?)\s+(?:for|to|on)\s+(?<event>.+)$`), 'waitlisted'],
    [re(String.raw`^(?:put|add|move)\s+(?<person>.+?)\s+(?:on|to)\s+(?:the\s+)?(?:waiting\s*list|wait\s*list|waitlist)\s+(?:for|of)\s+(?<event>.+)$`), 'waitlisted'],
  ],
  capacity: [
    re(String.raw`^(?<event>.+?)\s+(?:is|will\s+be)\s+(?:for|limited\s+to|capped\s+at|max(?:imum)?)\s+(?<n>\d{1,6})(?:\s+(?:people|persons|participants|attendees|places|spots|seats|ppl|max))?$`),
    re(String.raw`^(?:limit|cap)\s+(?<event>.+?)\s+(?:to|at)\s+(?<n>\d{1,6})(?:\s+(?:people|persons|participants|attendees|places|spots|seats|ppl))?$`),
    re(String.raw`^(?:set\s+)?(?:the\s+)?(?:capacity|max(?:imum)?\s+(?:attendance|attendees|people))\s+(?:of|for)\s+(?<event>.+?)\s+(?:to|is|at|=)\s+(?<n>\d{1,6})(?:\s+(?:people|persons|places|spots|seats))?$`),
    re(String.raw`^(?<event>.+?)\s+(?:has|takes)\s+(?<n>\d{1,6})\s+(?:places|spots|seats)$`),
  ],
  venueCapacity: [
    re(String.raw`^(?<venue>.+?)\s+(?:holds|fits|seats|can\s+hold|can\s+fit|can\s+take|has\s+room\s+for)\s+(?<n>\d{1,6})(?:\s+(?:people|persons|guests))?$`),
  ],
  question: /(?:^|[\s,;.])(?:question|q|asking|we\s+ask)\s*[:?-]\s*/du,
  limit: /^(?:(?:up\s+to|at\s+most|max(?:imum)?|max\.|limit(?:ed)?\s+to|limit|for|we\s+take|taking)\s+)?(?<n>\d{1,5})(?:\s+(?:people|persons|participants|places|spots|seats|applicants|attendees|ppl))?(?:\s+(?:max(?:imum)?|at\s+most))?$/du,
  and: String.raw`and|&`,
  unread: (w) => `I read the rest, but not “${w}”. Open the applications without it?`,
}

const FR: Words = {
  open: [
    re(String.raw`^(?:les\s+)?candidatures\s+(?:sont\s+)?(?:ouvertes|ouvertes)\s+(?:pour|a|au|aux)${E}\s*(?<event>.+?)(?:\s*[:;,]\s*(?<rest>.+))?$`),
    re(String.raw`^(?:les\s+)?candidatures\s+(?:pour|a|au|aux)${E}\s*(?<event>.+?)\s+(?:sont\s+)?ouvertes(?:\s*[:;,]\s*(?<rest>.+))?$`),
    re(String.raw`^(?:ouvre|ouvrez|ouvrir|j'ouvre|on\s+ouvre)\s+les\s+candidatures\s+(?:pour|a|au|aux)${E}\s*(?<event>.+?)(?:\s*[:;]\s*(?<rest>.+))?$`),
  ],
  close: [
    re(String.raw`^(?:ferme|fermez|fermer|je\s+ferme|on\s+ferme|clos|cloture|cloturez)\s+les\s+candidatures\s+(?:pour|a|au|aux|de|du|des)${E}\s*(?<event>.+)$`),
    re(String.raw`^(?:les\s+)?candidatures\s+(?:pour|a|au|aux)${E}\s*(?<event>.+?)\s+(?:sont\s+)?(?:fermees|closes|cloturees)$`),
  ],
  apply: [
    re(String.raw`^(?:je\s+)?(?:postule|candidate|voudrais\s+postuler|veux\s+postuler|souhaite\s+postuler|aimerais\s+postuler)\s+(?:pour|aux|au|a)${E}\s*(?<event>.+?)(?:\s*:\s*|\s+-\s+)(?<answer>.+)$`),
    re(String.raw`^(?:je\s+)?(?:postule|candidate|voudrais\s+postuler|veux\s+postuler|souhaite\s+postuler|aimerais\s+postuler)\s+(?:pour|aux|au|a)${E}\s*(?<event>.+)$`),
    re(String.raw`^(?:ma\s+|voici\s+ma\s+)?candidature\s+(?:pour|aux|au|a)${E}\s*(?<event>.+?)\s*:\s*(?<answer>.+)$`),
  ],
  withdraw: [
    re(String.raw`^(?:je\s+)?(?:retire|retirer|retirez|annule|annuler|annulez|supprime|supprimer)\s+ma\s+candidature\s+(?:pour|aux|au|a|de|du|des)${E}\s*(?<event>.+)$`),
    re(String.raw`^je\s+ne\s+postule\s+plus\s+(?:pour|aux|au|a)${E}\s*(?<event>.+)$`),
  ],
  list: [
    re(String.raw`^(?:montre(?:-moi|\s+moi)?\s+|affiche\s+|liste\s+|voir\s+)?(?:les\s+)?(?:candidatures|candidats|candidates)\s+(?:pour|aux|au|a|de|du|des)${E}\s*(?<event>.+)$`),
    re(String.raw`^qui\s+a\s+(?:postule|candidate)\s+(?:pour|aux|au|a)${E}\s*(?<event>.+)$`),
    re(String.raw`^combien\s+de\s+candidatures\s+(?:pour|aux|au|a)${E}\s*(?<event>.+)$`),
  ],
  decide: [
    [re(String.raw`^(?:accepte|acceptez|accepter|j'accepte|admets|admettez|retiens|retenez)\s+(?<person>.+?)\s+(?:pour|aux|au|a|dans)${E}\s*(?<event>.+)$`), 'accepted'],
    [re(String.raw`^(?:refuse|refusez|refuser|je\s+refuse|rejette|rejetez|decline)\s+(?<person>.+?)\s+(?:pour|aux|au|a|de|du)${E}\s*(?<event>.+)$`), 'declined'],
    [re(String.raw`^(?:mets|mettez|met|mettre|place|placez|ajoute)\s+(?<person>.+?)\s+(?:en|sur\s+la)\s+liste\s+d'attente\s+(?:pour|aux|au|a|de|du|des)${E}\s*(?<event>.+)$`), 'waitlisted'],
    [re(String.raw`^(?:mets|mettez|met|mettre|place|placez)\s+(?<person>.+?)\s+(?:pour|aux|au|a)${E}\s*(?<event>.+?)\s+(?:en|sur\s+la)\s+liste\s+d'attente$`), 'waitlisted'],
  ],
  capacity: [
    re(String.raw`^(?<event>.+?)\s*:\s*(?<n>\d{1,6})\s+(?:places|personnes|participants)(?:\s+max(?:imum)?)?$`),
    re(String.raw`^(?<event>.+?)\s+(?:est\s+|sera\s+)?(?:limitee?s?|plafonnee?s?)\s+a\s+(?<n>\d{1,6})(?:\s+(?:personnes|places|participants))?$`),
    re(String.raw`^(?:limite|limiter|limitez|plafonne)\s+(?<event>.+?)\s+a\s+(?<n>\d{1,6})(?:\s+(?:personnes|places|participants))?$`),
    re(String.raw`^(?<event>.+?)\s+(?:c'est|est)\s+pour\s+(?<n>\d{1,6})\s+personnes(?:\s+max(?:imum)?)?$`),
    re(String.raw`^(?<event>.+?)\s+a\s+(?<n>\d{1,6})\s+places$`),
    re(String.raw`^(?:la\s+)?capacite\s+(?:de\s+la|de\s+l'|du|des|de|pour)\s*(?<event>.+?)\s*(?::|est\s+de|est|=|a)\s*(?<n>\d{1,6})(?:\s+(?:personnes|places))?$`),
  ],
  venueCapacity: [
    re(String.raw`^(?<venue>.+?)\s+(?:accueille|peut\s+accueillir|contient|tient|peut\s+contenir)\s+(?<n>\d{1,6})(?:\s+(?:personnes|places|gens))?$`),
  ],
  question: /(?:^|[\s,;.])question\s*[:?-]\s*/du,
  limit: /^(?:(?:jusqu'a|au\s+plus|max(?:imum)?|max\.|pour|limite\s+a)\s+)?(?<n>\d{1,5})(?:\s+(?:personnes|places|participants|participantes|candidats))?(?:\s+(?:max(?:imum)?|au\s+plus))?$/du,
  and: String.raw`et|&`,
  unread: (w) => `J'ai lu le reste, mais pas « ${w} ». Ouvrir les candidatures sans cela ?`,
}

const DE: Words = {
  open: [
    re(String.raw`^(?:die\s+)?bewerbungen\s+(?:fur|fuer|zu|zum|zur|bei|um)\s+(?<event>.+?)\s+sind\s+(?:jetzt\s+|ab\s+sofort\s+)?(?:offen|geoffnet|eroffnet|moglich)(?:(?:\s*[:;,]\s*|\s+)(?<rest>.+))?$`),
    re(String.raw`^(?:offne|oeffne|offnet|eroffne)\s+(?:die\s+)?bewerbungen\s+(?:fur|fuer|zu|zum|zur|bei|um)\s+(?<event>.+?)(?:\s*[:;]\s*(?<rest>.+))?$`),
    re(String.raw`^bewerbungen\s+offen\s+(?:fur|fuer|zu|zum|zur|bei|um)\s+(?<event>.+?)(?:\s*[:;]\s*(?<rest>.+))?$`),
  ],
  close: [
    re(String.raw`^(?:schliesse|schliess|schließe|schließ|schliesst|beende)\s+(?:die\s+)?bewerbungen\s+(?:fur|fuer|zu|zum|zur|bei|um)\s+(?<event>.+)$`),
    re(String.raw`^(?:die\s+)?bewerbungen\s+(?:fur|fuer|zu|zum|zur|bei|um)\s+(?<event>.+?)\s+sind\s+(?:jetzt\s+)?(?:geschlossen|zu|beendet)$`),
  ],
  apply: [
    re(String.raw`^(?:ich\s+)?bewerbe\s+mich\s+(?:fur|fuer|um|bei|zu|zum|zur|auf)\s+(?<event>.+?)(?:\s*:\s*|\s+-\s+)(?<answer>.+)$`),
    re(String.raw`^(?:ich\s+)?bewerbe\s+mich\s+(?:fur|fuer|um|bei|zu|zum|zur|auf)\s+(?<event>.+)$`),
    re(String.raw`^ich\s+(?:mochte|moechte|will|wurde\s+gern|wuerde\s+gern)\s+mich\s+(?:fur|fuer|um|bei|zu|zum|zur)\s+(?<event>.+?)\s+bewerben(?:\s*:\s*(?<answer>.+))?$`),
    re(String.raw`^(?:meine\s+|hier\s+meine\s+)?bewerbung\s+(?:fur|fuer|um|bei|zu|zum|zur)\s+(?<event>.+?)\s*:\s*(?<answer>.+)$`),
  ],
  withdraw: [
    re(String.raw`^(?:ich\s+)?(?:zieh|ziehe)\s+meine\s+bewerbung\s+(?:fur|fuer|um|bei|zu|zum|zur)\s+(?<event>.+?)\s+(?:zuruck|zurueck)$`),
    re(String.raw`^(?:ich\s+)?(?:zieh|ziehe)\s+meine\s+bewerbung\s+(?:zuruck|zurueck)\s*(?::|fur|fuer|um|bei|zu|zum|zur)\s*(?<event>.+)$`),
    re(String.raw`^(?:losche|loesche|storniere)\s+meine\s+bewerbung\s+(?:fur|fuer|um|bei|zu|zum|zur)\s+(?<event>.+)$`),
  ],
  list: [
    re(String.raw`^(?:zeig(?:e)?\s+(?:mir\s+)?)?(?:die\s+|alle\s+)?(?:bewerbungen|bewerber|bewerberinnen|bewerbenden)\s+(?:fur|fuer|zu|zum|zur|bei|um)\s+(?<event>.+)$`),
    re(String.raw`^wer\s+hat\s+sich\s+(?:fur|fuer|zu|zum|zur|bei|um)\s+(?<event>.+?)\s+beworben$`),
    re(String.raw`^wie\s+viele\s+bewerbungen\s+(?:gibt\s+es\s+)?(?:fur|fuer|zu|zum|zur|bei|um)\s+(?<event>.+)$`),
  ],
  decide: [
    [re(String.raw`^(?:nimm|nehme|nehmt|nehmen\s+wir)\s+(?<person>.+?)\s+(?:fur|fuer|zu|zum|zur|bei|in)\s+(?<event>.+?)\s+an$`), 'accepted'],
    [re(String.raw`^(?:akzeptiere|akzeptier|akzeptiert)\s+(?<person>.+?)\s+(?:fur|fuer|zu|zum|zur|bei)\s+(?<event>.+)$`), 'accepted'],
    [re(String.raw`^(?:lehne|lehn|lehnt)\s+(?<person>.+?)\s+(?:fur|fuer|zu|zum|zur|bei)\s+(?<event>.+?)\s+ab$`), 'declined'],
    [re(String.raw`^(?:setz|setze|setzt|pack|packe)\s+(?<person>.+?)\s+(?:fur|fuer|zu|zum|zur|bei)\s+(?<event>.+?)\s+auf\s+die\s+warteliste$`), 'waitlisted'],
    [re(String.raw`^(?:setz|setze|setzt|pack|packe)\s+(?<person>.+?)\s+auf\s+die\s+warteliste\s+(?:fur|fuer|zu|zum|zur|bei|von)\s+(?<event>.+)$`), 'waitlisted'],
  ],
  capacity: [
    re(String.raw`^(?<event>.+?)\s+hat\s+(?<n>\d{1,6})\s+(?:platze|plaetze)$`),
    re(String.raw`^(?<event>.+?)\s+ist\s+(?:fur|fuer|auf)\s+(?<n>\d{1,6})\s+(?:personen|leute|teilnehmende|teilnehmer)(?:\s+(?:begrenzt|limitiert))?$`),
    re(String.raw`^(?:begrenze|begrenz|limitiere)\s+(?<event>.+?)\s+auf\s+(?<n>\d{1,6})(?:\s+(?:personen|leute|platze|plaetze|teilnehmende))?$`),
    re(String.raw`^(?<event>.+?)\s*:\s*(?<n>\d{1,6})\s+(?:platze|plaetze)$`),
  ],
  venueCapacity: [
    re(String.raw`^(?:(?:in\s+(?:die|den|das|der|dem)|ins|in|im)\s+)?(?<venue>.+?)\s+(?:passen|fasst)\s+(?<n>\d{1,6})(?:\s+(?:personen|leute|menschen))?(?:\s+rein)?$`),
  ],
  question: /(?:^|[\s,;.])frage\s*[:?-]\s*/du,
  limit: /^(?:(?:bis\s+zu|hochstens|hoechstens|maximal|max\.|max|fur)\s+)?(?<n>\d{1,5})(?:\s+(?:leute|personen|teilnehmende|teilnehmer|teilnehmerinnen|platze|plaetze|menschen))?(?:\s+(?:max(?:imal)?|hochstens))?$/du,
  and: String.raw`und|&`,
  unread: (w) => `Den Rest habe ich gelesen, aber nicht „${w}“. Die Bewerbungen ohne das öffnen?`,
}

const WORDS: Record<Lang, Words> = { en: EN, fr: FR, de: DE }


/** Whether a stretch names a known event exactly (folded), so that time words in a title do not count. */
function knownTitle(name: string, ctx: ParseContext): boolean {
  const f = fold(name)
  return ctx.known?.events.some((e) => fold(e.title) === f) ?? false
}

/** The event a stretch names (a pronoun: the last one), or the outcome to answer with; `null` when it holds a time. */
function eventIn(part: Txt | undefined, v: Vocab, ctx: ParseContext, quotes: readonly string[], timeFree = true): string | Outcome | null {
  if (!part) return fail('missing-name')
  const name = cleanName(part, v, quotes)
  if (!name) return fail('missing-name')
  if (timeFree && !knownTitle(name, ctx) && findTime(part, v, ctx).spans.length > 0) return null
  const ref = eventRef(part, v, ctx, quotes)
  return ref ?? fail('missing-name')
}

/** Starts with a verb that makes a change ("add …"): the sentence is some other rule's. */
function startsWithVerb(part: Txt, v: Vocab): boolean {
  return rx('u')`^(?:${v.changeVerbs})(?![\p{L}])`.test(part.f)
}

/** The opening's rest: the limit, the question, and any words neither. */
function readRest(rest: Txt | undefined, w: Words, v: Vocab, ctx: ParseContext, quotes: readonly string[]): { limit?: number; question?: string; unread: string[] } {
  const out: { limit?: number; question?: string; unread: string[] } = { unread: [] }
  if (!rest) return out
  let before = rest
  const q = w.question.exec(rest.f)
  if (q) {
    const question = restoreQuotes(sub(rest, q.index + q[0].length).o, quotes).trim()
    if (question) out.question = ctx.question && !/[?？]$/u.test(question) ? `${question}?` : question
    before = sub(rest, 0, q.index)
  }
  const parts = before.f.split(rx('u')`\s*[;,.]\s*|\s+(?:${w.and})\s+`)
  let at = 0
  for (const part of parts) {
    const start = before.f.indexOf(part, at)
    at = start + part.length
    const p = squash(sub(before, start, start + part.length))
    if (!p.f) continue
    const m = w.limit.exec(p.f)
    if (m?.groups?.n && out.limit === undefined) out.limit = Number(m.groups.n)
    else out.unread.push(p.o)
  }
  return out
}

const openRound: Rule = (t, v, ctx, quotes) => {
  const w = WORDS[v.lang]
  const m = first(t, w.open)
  if (!m) return null
  const event = eventIn(group(t, m, 'event'), v, ctx, quotes)
  if (event === null) return null
  if (isOutcome(event)) return event
  const rest = readRest(group(t, m, 'rest'), w, v, ctx, quotes)
  const intent: ApplicationIntent = { type: 'open-applications', event }
  if (rest.limit !== undefined) intent.limit = rest.limit
  if (rest.question) intent.question = rest.question
  if (rest.unread.length > 0) {
    const words = rest.unread.join(', ')
    return { type: 'ask', question: w.unread(words), choices: [describeOpening(intent, v.lang)], intents: [intent as Intent] }
  }
  return intent as Intent
}

function describeOpening(i: Extract<ApplicationIntent, { type: 'open-applications' }>, lang: Lang): string {
  const parts = [i.event.startsWith('#') ? '' : i.event, i.limit !== undefined ? `${i.limit}` : '', i.question ?? ''].filter(Boolean)
  const head = lang === 'fr' ? 'ouvrir les candidatures' : lang === 'de' ? 'Bewerbungen öffnen' : 'open applications'
  return `${head}: ${parts.join(' · ')}`
}

const byEvent = (key: 'close' | 'withdraw' | 'list', type: 'close-applications' | 'withdraw-application' | 'list-applications'): Rule => (t, v, ctx, quotes) => {
  const m = first(t, WORDS[v.lang][key])
  if (!m) return null
  const event = eventIn(group(t, m, 'event'), v, ctx, quotes)
  if (event === null) return null
  if (isOutcome(event)) return event
  return { type, event } as Intent
}

const apply: Rule = (t, v, ctx, quotes) => {
  const m = first(t, WORDS[v.lang].apply)
  if (!m) return null
  let part = group(t, m, 'event')
  let answerPart = group(t, m, 'answer')
  // "apply to IPFS Dev Meetings I maintain js-libp2p": a known title at the start, the rest the answer.
  if (part && !answerPart && ctx.known) {
    const f = part.f
    const title = ctx.known.events
      .map((e) => fold(e.title))
      .filter((x) => f.startsWith(x) && f.length > x.length && f[x.length] === ' ')
      .sort((a, b) => b.length - a.length)[0]
    if (title) {
      answerPart = squash(sub(part, title.length))
      part = sub(part, 0, title.length)
    }
  }
  const event = eventIn(part, v, ctx, quotes, false)
  if (event === null) return null
  if (isOutcome(event)) return event
  const answer = answerPart ? restoreQuotes(answerPart.o, quotes).trim() : ''
  return { type: 'apply', event, answer } as Intent
}

const decide: Rule = (t, v, ctx, quotes) => {
  const w = WORDS[v.lang]
  for (const [r, decision] of w.decide) {
    r.lastIndex = 0
    const m = r.exec(t.f)
    if (!m) continue
    const personPart = group(t, m, 'person')
    const eventPart = group(t, m, 'event')
    if (!personPart || !eventPart) continue
    const people = personPart.o
      .split(rx('iu')`\s*,\s*|\s+(?:${w.and})\s+`)
      .map((p) => restoreQuotes(p, quotes).replace(/^@/u, '').trim())
      .filter(Boolean)
    const known = new Set((ctx.known?.people ?? []).map(fold))
    const allKnown = people.length > 0 && people.every((p) => known.has(fold(p)))
    const eventName = cleanName(eventPart, v, quotes)
    if (!eventName) continue
    // A slot after "for" is a proposal's acceptance (commands/proposals.ts), never a person's.
    if (!knownTitle(eventName, ctx) && findTime(eventPart, v, ctx).spans.length > 0) return null
    if (!allKnown && !knownTitle(eventName, ctx)) return null
    const event = eventRef(eventPart, v, ctx, quotes)
    if (!event) return fail('missing-name')
    if (isOutcome(event)) return event
    return { type: 'decide-application', people, event, decision } as Intent
  }
  return null
}

const capacity: Rule = (t, v, ctx, quotes) => {
  const w = WORDS[v.lang]
  const mv = first(t, w.venueCapacity)
  if (mv) {
    const part = group(t, mv, 'venue')!
    const venue = cleanName(part, v, quotes)
    if (venue && !startsWithVerb(part, v) && findTime(part, v, ctx).spans.length === 0) return { type: 'venue-capacity', venue, capacity: Number(mv.groups!.n) } as Intent
  }
  const m = first(t, w.capacity)
  if (!m) return null
  const part = group(t, m, 'event')
  if (!part || startsWithVerb(part, v)) return null
  const event = eventIn(part, v, ctx, quotes)
  if (event === null) return null
  if (isOutcome(event)) return event
  return { type: 'set-capacity', event, capacity: Number(m.groups!.n) } as Intent
}

/** The rules, most specific first: openings and closings before the list ("applications for X …"). */
export const APPLICATION_RULES: readonly Rule[] = [
  openRound,
  byEvent('close', 'close-applications'),
  byEvent('withdraw', 'withdraw-application'),
  apply,
  byEvent('list', 'list-applications'),
  decide,
  capacity,
]
