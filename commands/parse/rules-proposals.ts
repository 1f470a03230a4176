/**
 * Rules for the call for proposals, in English, French and German: organisers ("make Bob an
 * organiser"), the call ("open the call for proposals until 15 January", "close the call", "call for
 * proposals?"), proposals ("propose a talk "Mesh networks", 30 min: how we cabled a village"), the
 * list, edits and withdrawals, votes ("+1 Mesh networks", "-1 …"), acceptance ("accept X for
 * Saturday 15:00 at Atelier"), declines ("decline X: no room left") and the plan ("schedule the top
 * proposals into free slots at Atelier on Saturday").
 *
 * @remarks
 * Every rule is anchored on its verb and its own nouns (proposal, call, organiser), so that a
 * sentence of another rule is never taken: "propose a workshop Saturday 3pm at Atelier" (a clock
 * time) stays a booking; "accept …" without a time or a venue is not read here. Names stay as typed.
 */
import type { EventKind } from '../../core/types.ts'
import { addDays, instantAt } from '../../core/time.ts'
import type { Lang } from '../intent.ts'
import type { ProposalIntent } from '../proposal-intent.ts'
import { cleanName, stripArticles } from './names.ts'
import { type Outcome, type Rule, fail, timeProblem } from './rule.ts'
import { type Txt, blank, group, squash, sub, rx } from './text.ts'
import { findTime } from './time.ts'
import { kindAlternation, type Vocab } from './vocab.ts'
import { restoreQuotes } from './normalize.ts'

const re = (s: string) => new RegExp(s, 'du')
const E = String.raw`(?![\p{L}\p{N}])`

/** One language's words for the call for proposals; regex sources on folded text. */
interface Words {
  call: string
  openVerbs: string
  until: string
  closeVerbs: string
  closeTail?: string
  organiser: readonly RegExp[]
  organisers: RegExp
  status: readonly RegExp[]
  proposeLead: string
  proposeTail?: string
  proposals: RegExp
  edit: readonly RegExp[]
  rename: readonly RegExp[]
  pitch: readonly RegExp[]
  withdraw: readonly RegExp[]
  vote: readonly RegExp[]
  unvote: readonly RegExp[]
  accept: readonly RegExp[]
  decline: readonly RegExp[]
  plan: readonly RegExp[]
  /** Words of the plan between "proposals" and the venue ("into free slots"). */
  planFiller: string
  /** Links left around a proposal's name ("for", "pour", "für"). */
  links: string
  languages: readonly [string, string][]
  langLead: string
  dayLead: string
  weekdays: string
  /** A length "de 45 min", with the amount in `n` and the unit in `u`. */
  minuteUnits: string
  hourUnits: string
}

const EN: Words = {
  call: String.raw`(?:the\s+)?(?:call\s+for\s+(?:proposals?|papers|talks|participation|contributions)|cfp|call)`,
  openVerbs: 'open|start|launch|begin',
  until: String.raw`until|till|til|through|to|ending|closing(?:\s+on)?|deadline`,
  closeVerbs: 'close|end|stop|finish',
  organiser: [
    re(String.raw`^(?:make|name|appoint|add|set)\s+(?<name>.+?)\s+(?:as\s+)?(?:an?\s+|the\s+)?(?:co-?)?organi[sz]ers?$`),
    re(String.raw`^(?<name>.+?)\s+(?:is|will be)\s+(?:an?\s+|now\s+an?\s+)?(?:co-?)?organi[sz]ers?(?:\s+too|\s+now)?$`),
  ],
  organisers: re(String.raw`^(?:who(?:'s|\s+is|\s+are|\s+does)?\s+(?:organi[sz](?:es|ing|e)|the\s+organi[sz]ers)(?:\s+(?:this|the\s+festival|it))?|(?:list\s+|show\s+)?(?:the\s+)?organi[sz]ers)$`),
  status: [
    re(String.raw`^(?:is\s+)?(?:the\s+)?(?:call\s+for\s+(?:proposals?|papers|talks)|cfp)(?:\s+(?:still\s+)?open)?$`),
    re(String.raw`^(?:until\s+when|when)\s+(?:is|does)\s+(?:the\s+)?(?:call(?:\s+for\s+(?:proposals?|papers))?|cfp)\s+(?:open|close|end)$`),
    re(String.raw`^(?:is\s+)?(?:the\s+)?call\s+(?:still\s+)?open$`),
  ],
  proposeLead: String.raw`^(?:i(?:'d|\s+would|\s+want\s+to|'d\s+like\s+to|\s+would\s+like\s+to)?\s+)?(?:like\s+to\s+)?(?:propose|suggest|submit|pitch|offer)\s+`,
  proposals: re(String.raw`^(?:(?:list|show|see|what\s+are)\s+(?:me\s+)?(?:the\s+|all\s+(?:the\s+)?)?)?(?:proposals?|submissions)(?:\s+so\s+far)?$`),
  edit: [re(String.raw`^(?:change|edit|update|make|set)\s+(?:my|the)\s+proposal\s+(?<name>.+?)\s+(?:to|into)\s+(?<what>.+)$`)],
  rename: [re(String.raw`^(?:rename|retitle)\s+(?:my|the)\s+proposal\s+(?<name>.+?)\s+(?:to|as)\s+(?<title>.+)$`)],
  pitch: [re(String.raw`^(?:new\s+pitch\s+for|change\s+the\s+pitch\s+of|pitch\s+for)\s+(?:my|the)\s+proposal\s+(?<name>.+?)\s*:\s*(?<pitch>.+)$`)],
  withdraw: [re(String.raw`^(?:withdraw|retract|drop|remove|delete|cancel)\s+(?:my|the)\s+proposal\s+(?<name>.+)$`)],
  vote: [re(String.raw`^(?:\+1(?:\s+(?:for|to))?|\+\s+1|upvote|vote\s+for|i\s+vote\s+for|vote|my\s+vote\s+(?:goes\s+to|for))\s+(?<name>.+)$`)],
  unvote: [
    re(String.raw`^(?:-1|unvote|downvote|(?:remove|withdraw|take\s+back|cancel)\s+my\s+vote\s+(?:for|on|from))\s+(?<name>.+)$`),
    re(String.raw`^i\s+(?:no\s+longer|don'?t)\s+vote\s+for\s+(?<name>.+)$`),
  ],
  accept: [re(String.raw`^accept\s+(?<rest>.+)$`)],
  decline: [
    re(String.raw`^(?:decline|reject|turn\s+down)\s+(?<name>.+?)(?:\s*:\s*|\s+(?:because|as|since)\s+|\s*,\s*)(?<reason>.+)$`),
    re(String.raw`^(?:decline|reject|turn\s+down)\s+(?<name>.+)$`),
  ],
  plan: [re(String.raw`^(?:schedule|plan|fit|put|slot|place)\s+(?:in\s+)?(?:the\s+)?(?:top|best|most\s+voted|highest\s+voted|winning)?\s*(?:\d+\s+)?(?:proposals|submissions)\s*(?<rest>.*)$`)],
  planFiller: String.raw`(?:in|into|to)\s+(?:the\s+)?(?:free\s+)?(?:slots?|gaps?|time)|(?:where|when)\s+(?:there(?:'s|\s+is)\s+)?(?:room|space)`,
  links: 'for|to|on|at|of|the',
  languages: [['english', 'en'], ['french', 'fr'], ['german', 'de'], ['spanish', 'es'], ['italian', 'it']],
  langLead: 'in',
  dayLead: String.raw`(?:on\s+)?(?:the\s+)?`,
  weekdays: 'monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|wed|thu|fri|sat|sun',
  minuteUnits: 'minutes?|mins?|mn|m',
  hourUnits: 'hours?|hrs?|h',
}

const FR: Words = {
  call: String.raw`(?:l'\s*|l\s+|le\s+)?(?:appel\s+(?:a|aux)\s+(?:propositions?|contributions?|communications?|participation|projets?)|cfp|call\s+for\s+(?:proposals|papers)|appel)`,
  openVerbs: 'ouvre|ouvrir|ouvrez|ouvrons|lance|lancer|lancez|lancons',
  until: String.raw`jusqu'\s*au|jusqu\s+au|jusqu'\s*a|jusqu\s+a|jusqu'\s*en|jusque|au|avant\s+le|fin`,
  closeVerbs: 'ferme|fermer|fermez|fermons|clos|clore|cloture|cloturer|cloturez|termine|arrete',
  organiser: [
    re(String.raw`^(?<name>.+?)\s+(?:est|sera|devient)\s+(?:aussi\s+|maintenant\s+)?(?:un\s+|une\s+)?(?:co-?)?organisat(?:eur|rice)s?(?:\s+aussi)?$`),
    re(String.raw`^(?:nomme|nommer|ajoute|ajouter|mets|fais)\s+(?<name>.+?)\s+(?:comme\s+|en\s+)?(?:co-?)?organisat(?:eur|rice)s?$`),
  ],
  organisers: re(String.raw`^(?:qui\s+organise(?:\s+(?:le\s+festival|ce\s+festival))?|qui\s+sont\s+les\s+organisat(?:eur|rice)s|(?:liste\s+|montre\s+)?(?:les\s+)?organisat(?:eur|rice)s)$`),
  status: [
    re(String.raw`^(?:l'|le\s+)?(?:appel\s+(?:a|aux)\s+(?:propositions?|contributions?|communications?)|cfp)(?:\s+(?:est(?:-il)?\s+)?(?:encore\s+|toujours\s+)?ouvert)?$`),
    re(String.raw`^(?:l'|le\s+)?appel\s+(?:est(?:-il)?\s+)?(?:encore\s+|toujours\s+)?ouvert$`),
    re(String.raw`^(?:jusqu'a\s+quand|quand\s+ferme)\s+(?:est\s+ouvert\s+)?(?:l'|le\s+)?(?:appel(?:\s+(?:a|aux)\s+propositions?)?|cfp)(?:\s+est(?:-il)?\s+ouvert)?$`),
  ],
  proposeLead: String.raw`^(?:je\s+|j'|on\s+|nous\s+)?(?:voudrais\s+|veux\s+|souhaite\s+|aimerais\s+)?(?:propose|proposer|proposons|proposez|suggere|soumets)\s+`,
  proposals: re(String.raw`^(?:(?:liste|montre|affiche|voir|quelles\s+sont)\s+(?:-moi\s+|moi\s+)?(?:les\s+|toutes\s+les\s+)?)?(?:les\s+)?propositions(?:\s+(?:recues|pour\s+l'instant))?$`),
  edit: [re(String.raw`^(?:change|changer|modifie|modifier|passe|mets)\s+(?:ma|la)\s+proposition\s+(?<name>.+?)\s+(?:a|en|sur|pour)\s+(?<what>.+)$`)],
  rename: [re(String.raw`^(?:renomme|renommer)\s+(?:ma|la)\s+proposition\s+(?<name>.+?)\s+(?:en|a)\s+(?<title>.+)$`)],
  pitch: [re(String.raw`^(?:nouveau\s+pitch|nouvelle\s+description|nouveau\s+resume)\s+(?:pour|de)\s+(?:ma|la)\s+proposition\s+(?<name>.+?)\s*:\s*(?<pitch>.+)$`)],
  withdraw: [re(String.raw`^(?:je\s+)?(?:retire|retirer|annule|annuler|supprime|supprimer)\s+(?:ma|la)\s+proposition\s+(?<name>.+)$`)],
  vote: [re(String.raw`^(?:\+1(?:\s+pour)?|\+\s+1|je\s+vote\s+pour|vote\s+pour|voter\s+pour|je\s+soutiens|mon\s+vote\s+(?:va\s+a|pour))\s+(?<name>.+)$`)],
  unvote: [re(String.raw`^(?:-1|(?:je\s+)?(?:retire|annule|enleve)\s+mon\s+vote\s+(?:pour|sur|de)|je\s+ne\s+vote\s+plus\s+pour)\s+(?<name>.+)$`)],
  accept: [re(String.raw`^(?:accepte|accepter|acceptez|acceptons|retiens|retenir|prends)\s+(?<rest>.+)$`)],
  decline: [
    re(String.raw`^(?:refuse|refuser|refusez|decline|decliner|rejette|rejeter)\s+(?<name>.+?)(?:\s*:\s*|\s+(?:car|parce\s+que|parce\s+qu')\s*|\s*,\s*)(?<reason>.+)$`),
    re(String.raw`^(?:refuse|refuser|refusez|decline|decliner|rejette|rejeter)\s+(?<name>.+)$`),
  ],
  plan: [re(String.raw`^(?:programme|programmer|planifie|planifier|place|placer|case|caser|mets|mettre|cale|caler)\s+(?:les\s+)?(?:meilleures\s+|premieres\s+|\d+\s+)?(?:propositions)(?:\s+les\s+(?:plus\s+votees|mieux\s+notees))?\s*(?<rest>.*)$`)],
  planFiller: String.raw`(?:dans|sur|aux|en)\s+(?:les\s+|des\s+)?(?:creneaux|trous|places)(?:\s+libres)?|(?:creneaux|trous)\s+libres|ou\s+il\s+y\s+a\s+de\s+la\s+place`,
  links: "pour|a|au|le|la|de|du|d'",
  languages: [['anglais', 'en'], ['francais', 'fr'], ['allemand', 'de'], ['espagnol', 'es'], ['italien', 'it']],
  langLead: 'en',
  dayLead: String.raw`(?:le\s+)?`,
  weekdays: 'lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche',
  minuteUnits: 'minutes?|mins?|mn|m',
  hourUnits: 'heures?|h',
}

const DE: Words = {
  call: String.raw`(?:den\s+|die\s+|der\s+)?(?:call\s+for\s+(?:proposals?|papers|talks|participation)|aufruf\s+(?:fur|fuer|zu|zur)\s+(?:beitragen?|beitraege|vorschlagen?|einreichungen|einreichung)|beitragsaufruf|einreichungen|cfp|call|aufruf)`,
  openVerbs: 'offne|oeffne|offnet|offnen|starte|startet|eroffne|eroeffne',
  until: String.raw`bis\s+(?:zum|am)|bis`,
  closeVerbs: 'schliesse|schliess|schließe|schließ|beende|beendet|schliesst|schließt',
  closeTail: 'ab',
  organiser: [
    re(String.raw`^(?<name>.+?)\s+(?:ist|wird)\s+(?:jetzt\s+|auch\s+)?(?:ein\s+|eine\s+)?(?:mit)?organisator(?:in)?(?:\s+(?:jetzt|auch))?$`),
    re(String.raw`^(?:mach|mache|macht|ernenne|ernennt)\s+(?<name>.+?)\s+zu[mr]?\s+(?:mit)?organisator(?:in)?$`),
  ],
  organisers: re(String.raw`^(?:wer\s+organisiert(?:\s+(?:das\s+festival|es|das))?|wer\s+sind\s+die\s+organisator(?:en|innen)|(?:zeig\s+|liste\s+)?(?:die\s+)?organisator(?:en|innen))$`),
  status: [
    re(String.raw`^(?:ist\s+)?(?:der\s+|die\s+)?(?:call\s+for\s+(?:proposals?|papers)|aufruf\s+(?:fur|fuer|zu|zur)\s+(?:beitragen?|beitraege|vorschlagen?|einreichungen)|beitragsaufruf|cfp)(?:\s+(?:noch\s+)?offen)?$`),
    re(String.raw`^(?:ist\s+)?(?:der\s+)?(?:call|aufruf)\s+(?:noch\s+)?offen$`),
    re(String.raw`^(?:bis\s+wann|wann\s+endet|wann\s+schliesst|wann\s+schließt)\s+(?:ist\s+)?(?:der\s+|die\s+)?(?:call(?:\s+for\s+proposals)?|aufruf|cfp)(?:\s+offen)?$`),
  ],
  proposeLead: String.raw`^(?:ich\s+|wir\s+)?(?:(?:mochte|moechte|will|wurde\s+gerne?|wollen)\s+(?=.*\svorschlagen(?:\s|,|$))|(?:mochte\s+|moechte\s+|will\s+|wurde\s+gerne?\s+)?(?:schlage|schlag|schlagen|reiche|reich)\s+)`,
  proposeTail: String.raw`vorschlagen|vor|ein|einreichen`,
  proposals: re(String.raw`^(?:(?:zeig|zeige|zeigt|liste|welche)\s+(?:mir\s+)?(?:die\s+|alle\s+)?)?(?:die\s+)?(?:vorschlage|vorschlaege|einreichungen)(?:\s+(?:gibt\s+es|bisher))?$`),
  edit: [re(String.raw`^(?:andere|aendere|ander|setze|setz|mach|mache)\s+(?:meinen|den)\s+vorschlag\s+(?<name>.+?)\s+(?:auf|zu|in)\s+(?<what>.+)$`)],
  rename: [re(String.raw`^(?:benenne|benenn)\s+(?:meinen|den)\s+vorschlag\s+(?<name>.+?)\s+(?:in|zu)\s+(?<title>.+?)\s+um$`)],
  pitch: [re(String.raw`^(?:neuer\s+pitch|neue\s+beschreibung)\s+(?:fur|fuer|zu)\s+(?:meinen|meinem|den|dem)\s+vorschlag\s+(?<name>.+?)\s*:\s*(?<pitch>.+)$`)],
  withdraw: [
    re(String.raw`^(?:ich\s+)?(?:ziehe|zieh)\s+(?:meinen|den)\s+vorschlag\s+(?<name>.+?)\s+zuruck$`),
    re(String.raw`^(?:losche|loesche|losch|entferne|entfern)\s+(?:meinen|den)\s+vorschlag\s+(?<name>.+)$`),
  ],
  vote: [re(String.raw`^(?:\+1(?:\s+(?:fur|fuer))?|\+\s+1|ich\s+stimme\s+(?:fur|fuer)|ich\s+stimme(?=\s+dafu)|stimme\s+(?:fur|fuer)|ich\s+bin\s+(?:fur|fuer)|meine\s+stimme\s+(?:geht\s+an|fur|fuer))\s+(?<name>.+)$`)],
  unvote: [
    re(String.raw`^(?:-1)\s+(?<name>.+)$`),
    re(String.raw`^(?:ich\s+)?(?:ziehe|zieh|nehme|nimm)\s+meine\s+stimme\s+(?:fur|fuer|von)\s+(?<name>.+?)\s+zuruck$`),
    re(String.raw`^ich\s+stimme\s+nicht\s+mehr\s+(?:fur|fuer)\s+(?<name>.+)$`),
  ],
  accept: [re(String.raw`^(?:nimm|nehme|nehmt|nehmen\s+wir)\s+(?<rest>.+?)\s+an$`), re(String.raw`^(?:akzeptiere|akzeptier|akzeptiert)\s+(?<rest>.+)$`)],
  decline: [
    re(String.raw`^(?:lehne|lehn|lehnt)\s+(?<name>.+?)\s+ab(?:\s*:\s*|\s*,\s*(?:weil\s+)?|\s+weil\s+)(?<reason>.+)$`),
    re(String.raw`^(?:lehne|lehn|lehnt)\s+(?<name>.+?)\s+ab$`),
  ],
  plan: [re(String.raw`^(?:plane|plan|verplane|verteile|verteil|setze|setz|trage|trag)\s+(?:die\s+)?(?:besten\s+|top\s+|\d+\s+)?(?:vorschlage|vorschlaege)\s*(?<rest>.*?)(?:\s+ein)?$`)],
  planFiller: String.raw`(?:in|auf)\s+(?:die\s+)?(?:freien?\s+)?(?:slots?|lucken|zeiten|platze)|freie\s+(?:slots?|lucken|zeiten)`,
  links: 'fur|fuer|am|um|zum|den|die|das',
  languages: [['englisch', 'en'], ['deutsch', 'de'], ['franzosisch', 'fr'], ['spanisch', 'es'], ['italienisch', 'it']],
  langLead: 'auf',
  dayLead: String.raw`(?:am\s+)?`,
  weekdays: 'montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonnabend|sonntag',
  minuteUnits: 'minuten|minute|min|mins|m',
  hourUnits: 'stunden|stunde|std|h',
}

const WORDS: Record<Lang, Words> = { en: EN, fr: FR, de: DE }

/**
 * A length in minutes somewhere in `t` ("30 min", "1h30", "an hour", "une heure", "45 Minuten"), and the
 * text without it. Hours count up to 8: "15h" is a clock time (French), not a length.
 */
export function readMinutes(t: Txt, w: Words): { minutes: number; rest: Txt } | null {
  const forms: [RegExp, (m: RegExpExecArray) => number][] = [
    [re(String.raw`(?:(?:de|d'|von|of|for|pour|fur|fuer)\s+)?(?<![\p{N}.,:])(?<h>[0-8])\s*h\s*(?<m>[0-5]\d)(?![\p{L}\p{N}])`), (m) => Number(m.groups!.h) * 60 + Number(m.groups!.m)],
    [re(String.raw`(?:(?:de|d'|von|of|for|pour|fur|fuer)\s+)?(?<![\p{N}.,:])(?<n>\d{1,4})\s*(?:${w.minuteUnits})${E}`), (m) => Number(m.groups!.n)],
    [re(String.raw`(?:(?:de|d'|von|of|for|pour|fur|fuer)\s+)?(?<![\p{N}.,:])(?<n>[1-8](?:[.,]5)?)\s*(?:${w.hourUnits})${E}`), (m) => Math.round(Number(m.groups!.n!.replace(',', '.')) * 60)],
    [re(String.raw`(?:(?:de|d'|of|for|pour|fur|fuer)\s+)?(?:an|one|une|eine|1)\s+(?:hour|heure|stunde)${E}`), () => 60],
    [re(String.raw`(?:(?:de|d'|of|for|pour|fur|fuer)\s+)?(?:half\s+an\s+hour|une\s+demi-heure|une\s+demi\s+heure|eine\s+halbe\s+stunde)${E}`), () => 30],
  ]
  for (const [r, value] of forms) {
    const m = r.exec(t.f)
    if (!m) continue
    return { minutes: value(m), rest: squash(blank(t, m.index, m.index + m[0].length)) }
  }
  return null
}

/** "propose a talk "Mesh networks for villages", 30 min: how we cabled a village". */
export const propose: Rule = (t, v, ctx, quotes) => {
  const w = WORDS[v.lang]
  const lead = rx('du')`${w.proposeLead}`.exec(t.f)
  if (!lead) return null
  let body = squash(sub(t, lead[0].length))
  // The pitch follows the first colon (": " — a clock time "15:00" has no space after it).
  let pitch: string | undefined
  const colon = /\s?:\s/u.exec(body.f)
  if (colon) {
    pitch = restoreQuotes(body.o.slice(colon.index + colon[0].length), quotes).trim() || undefined
    body = squash(sub(body, 0, colon.index))
  }
  if (w.proposeTail) body = squash(sub(body, 0, body.f.length - (rx('u')`(?:[\s,]+(?:${w.proposeTail}))+$`.exec(body.f)?.[0].length ?? 0)))
  body = squash({ o: body.o.replace(/[\s,]+(?:vor|vorschlagen)(?=\s*,)/u, (s) => ' '.repeat(s.length)), f: body.f.replace(/[\s,]+(?:vor|vorschlagen)(?=\s*,)/u, (s) => ' '.repeat(s.length)) })
  // The kind word comes first ("a talk", "un atelier", "einen Vortrag"), or the title is quoted.
  const bare = stripArticles(body, v)
  const kindRe = rx('du')`^(?:${kindAlternation(v)})${E}`
  const km = kindRe.exec(bare.f)
  let kind: EventKind = 'other'
  let rest: Txt
  if (km) {
    kind = v.kinds.find((k) => rx('u')`^(?:${k.re})$`.test(km[0]))?.kind ?? 'other'
    rest = squash(sub(bare, km[0].length))
  } else if (/^§\d/u.test(bare.f)) rest = bare
  else return null // "i propose we move the workshop": not a proposal
  const out: Extract<ProposalIntent, { type: 'propose' }> = { type: 'propose', kind, title: '' }
  if (pitch) out.pitch = pitch
  const len = readMinutes(rest, w)
  if (len) {
    out.minutes = len.minutes
    rest = len.rest
  }
  // A clock time makes it a booking ("propose a workshop saturday 3pm"), not a proposal.
  if (findTime(rest, v, ctx).clock !== undefined) return null
  // "in French", "en français", "auf Deutsch".
  for (const [word, code] of w.languages) {
    const m = re(String.raw`(?:^|[\s,])(?:${w.langLead})\s+${word}${E}`).exec(rest.f)
    if (m) {
      out.language = code
      rest = squash(blank(rest, m.index, m.index + m[0].length))
      break
    }
  }
  // A wished day ("on Saturday") and a known venue ("at Atelier").
  const wishes: string[] = []
  const day = re(String.raw`(?:^|[\s,])${w.dayLead}(?<d>${w.weekdays})${E}`).exec(rest.f)
  if (day) {
    wishes.push(group(rest, day, 'd')!.o)
    rest = squash(blank(rest, day.index, day.index + day[0].length))
  }
  for (const venue of ctx.known?.venues ?? []) {
    for (const name of [venue.name, ...venue.aliases]) {
      const folded = name.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
      const m = re(String.raw`(?:^|[\s,])(?:${v.venuePreps})(?:\s+|(?<='))${folded}${E}`).exec(rest.f)
      if (m) {
        wishes.push(venue.name)
        rest = squash(blank(rest, m.index, m.index + m[0].length))
        break
      }
    }
  }
  if (wishes.length) out.wish = wishes.join(', ')
  const quoted = /§(?<i>\d+)/u.exec(rest.f)
  const title = quoted ? quotes[Number(quoted.groups!.i)]?.trim() : cleanName(stripLeading(rest, v), v, quotes, w.links)
  if (!title) return fail('missing-name')
  out.title = title
  return out
}

/** The words before a title after the kind ("called", "namens", ":"). */
function stripLeading(t: Txt, v: Vocab): Txt {
  const m = rx('u')`^(?:(?:${v.called})(?:\s+|$))+`.exec(t.f)
  return m ? squash(sub(t, m[0].length)) : t
}

/** A proposal's name as typed: articles and links off, quotes back in. */
function nameOf(t: Txt | undefined, v: Vocab, quotes: readonly string[], last?: string): string | undefined {
  if (!t) return undefined
  const w = WORDS[v.lang]
  // "+1 it", "je vote pour ça", "ich stimme dafür": the proposal the bot last answered about.
  if (last && /^(?:it|this|that|this one|that one|ca|celle-ci|celle-la|elle|la|das|den|ihn|dafur|dafuer)$/u.test(squash(t).f)) return last
  return cleanName(squash(t), v, quotes, w.links)
}

/** The deadline of "until 15 January" (the end of that day) or "until 15 January 18:00". */
function deadline(t: Txt, v: Vocab, ctx: Parameters<Rule>[2]): number | Outcome {
  const tf = findTime(t, v, ctx)
  const problem = timeProblem(tf, v)
  if (problem) return problem
  if (!tf.spec || tf.rest.f.replace(/\b(?:the|le|la|den|dem)\b/gu, '').trim()) return fail('bad-date', t.o)
  if (tf.spec.dayOnly && tf.day) return instantAt(addDays(tf.day, 1), '00:00', ctx.timezone) - 1
  return tf.spec.start
}

/** The organiser, call and status rules. */
export const callRules: Rule = (t, v, ctx) => {
  const w = WORDS[v.lang]
  const open = rx('du')`^(?:${w.openVerbs})\s+${w.call}(?:\s+(?:${w.until})\s+(?<until>.+))?$`.exec(t.f)
  if (open) {
    const until = group(t, open, 'until')
    if (!until) return { type: 'open-call' }
    const d = deadline(squash(until), v, ctx)
    return typeof d === 'number' ? { type: 'open-call', until: d } : d
  }
  if (rx('du')`^(?:${w.closeVerbs})\s+${w.call}(?:\s+(?:${w.closeTail ?? 'now'}))?$`.test(t.f)) return { type: 'close-call' }
  if (w.status.some((r) => r.test(t.f))) return { type: 'call-status' }
  if (w.organisers.test(t.f)) return { type: 'organisers' }
  for (const r of w.organiser) {
    const m = r.exec(t.f)
    const name = m && group(t, m, 'name')
    if (name) {
      const person = squash(name).o.replace(/^@/u, '')
      if (person.split(/\s+/u).length > 4) return null
      return { type: 'name-organiser', person }
    }
  }
  return null
}

/** Proposals: the list, edits, withdrawals, votes, acceptance, declines and the plan. */
export const proposalRules: Rule = (t, v, ctx, quotes) => {
  const w = WORDS[v.lang]
  if (w.proposals.test(t.f)) return { type: 'proposals' }
  for (const r of w.rename) {
    const m = r.exec(t.f)
    const name = m && nameOf(group(t, m, 'name'), v, quotes)
    const title = m && nameOf(group(t, m, 'title'), v, quotes)
    if (name && title) return { type: 'edit-proposal', proposal: name, title }
  }
  for (const r of w.pitch) {
    const m = r.exec(t.f)
    const name = m && nameOf(group(t, m, 'name'), v, quotes)
    const pitch = m && group(t, m, 'pitch')
    if (name && pitch) return { type: 'edit-proposal', proposal: name, pitch: restoreQuotes(pitch.o, quotes).trim() }
  }
  for (const r of w.edit) {
    const m = r.exec(t.f)
    const name = m && nameOf(group(t, m, 'name'), v, quotes)
    const what = m && group(t, m, 'what')
    if (!name || !what) continue
    const len = readMinutes(squash(what), w)
    if (len && !len.rest.f) return { type: 'edit-proposal', proposal: name, minutes: len.minutes }
    const quoted = /^§(?<i>\d+)$/u.exec(squash(what).f)
    if (quoted) return { type: 'edit-proposal', proposal: name, title: quotes[Number(quoted.groups!.i)]!.trim() }
    return fail('missing-time')
  }
  for (const r of w.withdraw) {
    const m = r.exec(t.f)
    const name = m && nameOf(group(t, m, 'name'), v, quotes)
    if (name) return { type: 'withdraw-proposal', proposal: name }
  }
  for (const [list, vote] of [[w.unvote, false], [w.vote, true]] as const) {
    for (const r of list) {
      const m = r.exec(t.f)
      const name = m && nameOf(group(t, m, 'name'), v, quotes, ctx.last)
      if (name) return { type: 'vote', proposal: name, vote }
    }
  }
  for (const r of w.plan) {
    const m = r.exec(t.f)
    if (!m) continue
    let rest = squash(group(t, m, 'rest') ?? { o: '', f: '' })
    const tf = findTime(rest, v, ctx)
    const problem = timeProblem(tf, v)
    if (problem) return problem
    if (!tf.day) return fail('missing-time')
    rest = squash(tf.rest)
    const filler = re(String.raw`(?:^|\s)(?:${w.planFiller})${E}`).exec(rest.f)
    if (filler) rest = squash(blank(rest, filler.index, filler.index + filler[0].length))
    const venueText = squash(sub(rest, rx('u')`^(?:(?:${v.venuePreps})(?:\s+|(?<='))|(?:de\s+l'|de\s+la|du)\s*)`.exec(rest.f)?.[0].length ?? 0))
    const venue = cleanName(venueText, v, quotes, w.links)
    if (!venue) return fail('missing-name')
    return { type: 'plan-proposals', venue, day: tf.day }
  }
  for (const r of w.accept) {
    const m = r.exec(t.f)
    const rest = m && group(t, m, 'rest')
    if (!rest) continue
    const tf = findTime(squash(rest), v, ctx)
    if (!tf.spec) return null // "accept Bob's application": not a slot
    const problem = timeProblem(tf, v)
    if (problem) return problem
    if (tf.spec.dayOnly || tf.clock === undefined) return fail('missing-time')
    const left = squash(tf.rest)
    const at = rx('du')`^(?<name>.+)\s(?:${v.venuePreps})(?:\s+|(?<='))(?<venue>.+)$`.exec(left.f)
    const name = at && nameOf(group(left, at, 'name'), v, quotes)
    const venue = at && cleanName(group(left, at, 'venue')!, v, quotes)?.replace(/^l\s+(?=\p{L})/iu, '')
    if (!name || !venue) return fail('missing-name')
    return { type: 'accept-proposal', proposal: name, time: tf.spec, venue }
  }
  for (const r of w.decline) {
    const m = r.exec(t.f)
    const name = m && nameOf(group(t, m, 'name'), v, quotes)
    if (!name) continue
    const reason = group(t, m, 'reason')
    const out: Extract<ProposalIntent, { type: 'decline-proposal' }> = { type: 'decline-proposal', proposal: name }
    if (reason) out.reason = restoreQuotes(reason.o, quotes).trim()
    return out
  }
  return null
}

/** The rules of this file, most specific first; tried before the series and event rules. */
export const PROPOSAL_RULES: readonly Rule[] = [callRules, propose, proposalRules]
