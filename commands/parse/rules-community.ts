/**
 * Rules for communities, the mesh of city nodes, in English, French and German: starting one ("new
 * community France P2P", « nouvelle communauté France P2P », „neue Community France P2P“), a
 * festival joining or leaving it ("Lyon P2P joins France P2P", "we join France P2P", « ce festival
 * rejoint France P2P », „wir treten France P2P bei“), a room following it ("this room follows France
 * P2P", « ce salon suit France P2P », „dieser Raum folgt France P2P“), its calendar ("what's on in
 * France P2P this month?", « quoi de neuf chez France P2P ? », „was läuft bei France P2P?“), its
 * members, the per-room switch of its announcements ("mesh announcements off") and "festivals
 * nearby".
 *
 * @remarks
 * The narrow sentences ("new community …", "this room follows …", "this festival joins …") are
 * always read here, whatever the name: the executor answers an unknown community by naming those
 * that exist. The broad ones ("what's on in X", "we join X", "follow X", "X joins Y") are read here
 * only when X names a community held here (`ParseContext.mesh`) or says "community"/"mesh": "what's
 * on in Ground Control this week" stays a venue's programme, "we join the party" an RSVP.
 */
import type { Intent, Lang, ParseContext } from '../intent.ts'
import { cleanName } from './names.ts'
import { first, type Rule } from './rule.ts'
import { fold, group, type Txt, rx } from './text.ts'
import type { Vocab } from './vocab.ts'

const re = (s: string) => new RegExp(s, 'du')
const E = String.raw`(?![\p{L}\p{N}])`

type Span = 'month' | 'week' | 'today'

interface Words {
  create: readonly RegExp[]
  /** Group `who` (absent: the room's festival) and `c` (the community); `join` or `leave` by the group that matched. */
  join: readonly RegExp[]
  leave: readonly RegExp[]
  /** The subjects that mean the room's festival ("we", "this festival"): the whole `who` group. */
  us: RegExp
  /** Narrow subjects ("this festival", "our festival"): read whatever the community's name. */
  thisFestival: RegExp
  /** Following: group `c`; `room` set when the sentence says "this room" (then read whatever the name). */
  follow: readonly RegExp[]
  unfollow: readonly RegExp[]
  /** The calendar: group `c` (absent: the room's community), group `span` (the words of the period). */
  query: readonly RegExp[]
  /** Words of a period, folded, to a span. */
  spans: readonly [RegExp, Span][]
  members: readonly RegExp[]
  communities: RegExp
  /** Group `v`: on or off. */
  announce: readonly RegExp[]
  on: RegExp
  nearby: RegExp
  /** Words that say a name is a community's ("the France P2P community"). */
  marker: RegExp
  /** Its join code: group `c`. */
  share: readonly RegExp[]
  /** A meta event: group `e` (the event), group `f` (the festivals). */
  meta: readonly RegExp[]
  /** The word between the last two festivals of a list. */
  and: string
}

const NAME = String.raw`(?<c>.+?)`

const EN: Words = {
  create: [re(String.raw`^(?:new|create(?:\s+a)?|start(?:\s+a)?|make(?:\s+a)?)\s+(?:new\s+)?community\s+(?:called\s+|named\s+)?(?<c>.+)$`)],
  join: [re(String.raw`^(?:(?<who>.+?)\s+)(?:joins?|joining|is\s+joining|are\s+joining|will\s+join|becomes?\s+(?:a\s+)?member\s+of)\s+(?:the\s+)?(?:community\s+)?${NAME}(?:\s+community)?$`)],
  leave: [re(String.raw`^(?:(?<who>.+?)\s+)(?:leaves?|leaving|is\s+leaving|are\s+leaving|will\s+leave|quits?|is\s+no\s+longer\s+(?:a\s+)?member\s+of)\s+(?:the\s+)?(?:community\s+)?${NAME}(?:\s+community)?$`)],
  us: re(String.raw`^(?:we|we'?re|we\s+are|this\s+festival|our\s+festival|this\s+node|our\s+node)$`),
  thisFestival: re(String.raw`^(?:this|our)\s+(?:festival|node|city\s+node)$`),
  follow: [re(String.raw`^(?<room>this\s+room\s+)?(?:follows?|is\s+following|will\s+follow)\s+(?:the\s+)?(?:community\s+)?${NAME}(?:\s+community)?$`)],
  unfollow: [
    re(String.raw`^(?<room>this\s+room\s+)?(?:unfollows?|stops?\s+following|no\s+longer\s+follows?|doesn'?t\s+follow|does\s+not\s+follow)\s+(?:the\s+)?(?:community\s+)?${NAME}(?:\s+community)?(?:\s+any\s*more)?$`),
  ],
  query: [
    re(String.raw`^(?:what'?s|what\s+is|whats)\s+(?:on|happening|new)\s+(?:across|in)\s+the\s+(?:mesh|community)(?:\s+(?<span>this\s+month|this\s+week|today|tonight))?$`),
    re(String.raw`^(?:so\s+)?(?:what'?s|what\s+is|whats)\s+(?:on|happening|up|new|planned)\s+(?:in|at|across|around|within|throughout)\s+(?:the\s+)?(?:community\s+)?${NAME}(?:\s+community)?(?:\s+(?<span>this\s+month|this\s+week|today|tonight))?$`),
    re(String.raw`^(?:the\s+)?(?:calendar|programme|program|events)\s+of\s+(?:the\s+)?(?:community\s+)?${NAME}(?:\s+community)?(?:\s+(?<span>this\s+month|this\s+week|today))?$`),
  ],
  spans: [[/month/u, 'month'], [/week/u, 'week'], [/today|tonight/u, 'today']],
  members: [re(String.raw`^(?:(?:who\s+are\s+|list\s+)?(?:the\s+)?members\s+of\s+(?:the\s+)?(?:community\s+)?${NAME}(?:\s+community)?|who(?:'?s|\s+is)\s+in\s+(?:the\s+)?community(?:\s+${NAME})?|(?:which|what)\s+festivals\s+are\s+in\s+(?:the\s+)?(?:community\s+)?${NAME})$`)],
  communities: re(String.raw`^(?:list\s+(?:the\s+)?)?communities$|^(?:which|what)\s+communities(?:\s+are\s+there)?$`),
  announce: [re(String.raw`^(?:mesh|community|network)\s+announcements?\s+(?<v>on|off)$`)],
  on: /^on$/u,
  nearby: re(String.raw`^(?:(?:which|what|any)\s+)?festivals\s+(?:are\s+)?(?:nearby|near\s+(?:me|here|by)|around(?:\s+here)?|close\s+by|on\s+the\s+lan)$`),
  marker: re(String.raw`(?:^|\s)community${E}`),
  meta: [
    re(String.raw`^(?:we\s+)?(?:co-?organi[sz]e|co-?host)\s+(?<e>.+?)\s+(?:with|together\s+with)\s+(?<f>.+)$`),
    re(String.raw`^(?<e>.+?)\s+is\s+(?:co-?organi[sz]ed|co-?hosted)\s+(?:with|by)\s+(?<f>.+)$`),
  ],
  and: 'and',
  share: [re(String.raw`^(?:share|(?:give\s+me\s+)?(?:the\s+)?(?:join\s+)?code\s+(?:of|for))\s+(?:the\s+)?(?:community\s+)?${NAME}(?:\s+community)?$`)],
}

const FR: Words = {
  create: [re(String.raw`^(?:(?:cree|creer|fais|demarre)\s+(?:une\s+)?(?:nouvelle\s+)?|nouvelle\s+)communaute\s+(?:appelee\s+|nommee\s+)?(?<c>.+)$`)],
  join: [re(String.raw`^(?:(?<who>.+?)\s+)(?:rejoint|rejoins|rejoignons|rejoignent|rejoindra|adhere\s+a|adherons\s+a|entre\s+dans|entrons\s+dans)\s+(?:la\s+communaute\s+)?${NAME}$`)],
  leave: [re(String.raw`^(?:(?<who>.+?)\s+)(?:quitte|quittons|quittent|quittera|sort\s+de|sortons\s+de)\s+(?:la\s+communaute\s+)?${NAME}$`)],
  us: re(String.raw`^(?:nous|on|ce\s+festival|notre\s+festival|ce\s+noeud|notre\s+noeud)$`),
  thisFestival: re(String.raw`^(?:ce|notre)\s+(?:festival|noeud)$`),
  follow: [re(String.raw`^(?:(?<room>ce\s+salon\s+)(?:suit|suivra)|suivre|suis)\s+(?:la\s+communaute\s+)?${NAME}$`)],
  unfollow: [re(String.raw`^(?:(?<room>ce\s+salon\s+)ne\s+suit\s+plus|ne\s+plus\s+suivre|arrete\s+de\s+suivre|arreter\s+de\s+suivre)\s+(?:la\s+communaute\s+)?${NAME}$`)],
  query: [
    re(String.raw`^(?:quoi\s+de\s+neuf|qu'?est-ce\s+qu'?il\s+y\s+a)\s+dans\s+(?:le\s+reseau|la\s+communaute)(?:\s+(?<span>ce\s+mois(?:-ci)?|cette\s+semaine|aujourd'?hui|ce\s+soir))?$`),
    re(String.raw`^(?:alors\s+)?(?:quoi\s+de\s+neuf|qu'?est-ce\s+qu'?il\s+y\s+a|qu'?y\s+a-t-il|que\s+se\s+passe-t-il|il\s+se\s+passe\s+quoi|quel\s+est\s+le\s+programme)\s+(?:chez|dans|a|du\s+cote\s+de|de)\s+(?:la\s+communaute\s+)?${NAME}(?:\s+(?<span>ce\s+mois(?:-ci)?|cette\s+semaine|aujourd'?hui|ce\s+soir))?$`),
    re(String.raw`^(?:le\s+)?(?:calendrier|programme|agenda)\s+de\s+(?:la\s+communaute\s+)?${NAME}(?:\s+(?<span>ce\s+mois(?:-ci)?|cette\s+semaine|aujourd'?hui))?$`),
  ],
  spans: [[/mois/u, 'month'], [/semaine/u, 'week'], [/aujourd|soir/u, 'today']],
  members: [re(String.raw`^(?:(?:qui\s+sont\s+)?les\s+)?membres\s+de\s+(?:la\s+communaute\s+)?${NAME}$|^quels\s+festivals\s+sont\s+dans\s+(?:la\s+communaute\s+)?${NAME}$`)],
  communities: re(String.raw`^(?:(?:la\s+)?liste\s+des\s+)?communautes$|^quelles\s+communautes$`),
  announce: [re(String.raw`^annonces\s+(?:du\s+reseau|de\s+la\s+communaute|des\s+autres\s+noeuds)\s+(?<v>oui|non|on|off)$`)],
  on: /^(?:oui|on)$/u,
  nearby: re(String.raw`^(?:(?:quels|des)\s+)?festivals\s+(?:a\s+proximite|pres\s+d'ici|autour(?:\s+de\s+nous|\s+d'ici)?|dans\s+le\s+coin|sur\s+le\s+reseau\s+local)$`),
  marker: re(String.raw`(?:^|\s)communaute${E}`),
  meta: [
    re(String.raw`^(?:on\s+|nous\s+)?(?:co-?organis(?:e|ons|er))\s+(?<e>.+?)\s+avec\s+(?<f>.+)$`),
    re(String.raw`^(?<e>.+?)\s+est\s+(?:co-?organise(?:e)?)\s+(?:avec|par)\s+(?<f>.+)$`),
  ],
  and: 'et',
  share: [re(String.raw`^(?:partage|partager|(?:donne(?:-moi)?\s+)?le\s+code\s+de)\s+(?:la\s+communaute\s+)?${NAME}$`)],
}

const DE: Words = {
  create: [re(String.raw`^(?:(?:erstelle|grunde|starte|mach)\s+(?:eine\s+)?(?:neue\s+)?|neue\s+)(?:community|gemeinschaft)\s+(?:namens\s+)?(?<c>.+)$`)],
  join: [
    re(String.raw`^(?:(?<who>.+?)\s+)(?:tritt|treten)\s+(?:der\s+(?:community|gemeinschaft)\s+)?${NAME}\s+bei$`),
    re(String.raw`^(?:(?<who>.+?)\s+)(?:wird|werden)\s+mitglied\s+(?:bei|von|in)\s+(?:der\s+(?:community|gemeinschaft)\s+)?${NAME}$`),
  ],
  leave: [
    re(String.raw`^(?:(?<who>.+?)\s+)(?:verlasst|verlassen|verlaesst)\s+(?:die\s+(?:community|gemeinschaft)\s+)?${NAME}$`),
    re(String.raw`^(?:(?<who>.+?)\s+)(?:tritt|treten)\s+aus\s+(?:der\s+(?:community|gemeinschaft)\s+)?${NAME}\s+aus$`),
  ],
  us: re(String.raw`^(?:wir|dieses\s+festival|unser\s+festival|dieser\s+knoten|unser\s+knoten)$`),
  thisFestival: re(String.raw`^(?:dieses|unser)\s+festival$|^(?:dieser|unser)\s+knoten$`),
  follow: [re(String.raw`^(?:(?<room>dieser\s+raum\s+)folgt|folge|folgen)\s+(?:der\s+(?:community|gemeinschaft)\s+)?${NAME}$`)],
  unfollow: [
    re(String.raw`^(?<room>dieser\s+raum\s+)folgt\s+(?:der\s+(?:community|gemeinschaft)\s+)?${NAME}\s+nicht\s+mehr$`),
    re(String.raw`^(?:entfolge|entfolgen|nicht\s+mehr\s+folgen:?)\s+(?:der\s+(?:community|gemeinschaft)\s+)?${NAME}$`),
  ],
  query: [
    re(String.raw`^(?:was\s+(?:lauft|laeuft|gibt'?s|gibt\s+es))\s+im\s+(?:netz|netzwerk)(?:\s+(?<span>diesen\s+monat|diese\s+woche|heute(?:\s+abend)?))?$`),
    re(String.raw`^(?:und\s+)?(?:was\s+(?:lauft|laeuft|gibt'?s|gibt\s+es|ist\s+los|steht\s+an|geht)|was\s+gibt'?s\s+neues)\s+(?:bei|in|im|in\s+der)\s+(?:der\s+)?(?:community\s+|gemeinschaft\s+)?${NAME}(?:\s+(?<span>diesen\s+monat|diese\s+woche|heute(?:\s+abend)?))?$`),
    re(String.raw`^(?:der\s+)?(?:kalender|programm)\s+(?:von|der)\s+(?:community\s+|gemeinschaft\s+)?${NAME}(?:\s+(?<span>diesen\s+monat|diese\s+woche|heute))?$`),
  ],
  spans: [[/monat/u, 'month'], [/woche/u, 'week'], [/heute/u, 'today']],
  members: [re(String.raw`^(?:(?:wer\s+sind\s+)?die\s+)?mitglieder\s+(?:von|der|bei)\s+(?:community\s+|gemeinschaft\s+)?${NAME}$|^welche\s+festivals\s+sind\s+(?:bei|in)\s+${NAME}$`)],
  communities: re(String.raw`^(?:communities|gemeinschaften)$|^welche\s+(?:communities|gemeinschaften)(?:\s+gibt\s+es)?$`),
  announce: [re(String.raw`^(?:netzwerk|community|gemeinschafts)-?ankundigungen\s+(?<v>an|aus)$`)],
  on: /^an$/u,
  nearby: re(String.raw`^(?:welche\s+)?festivals\s+(?:in\s+der\s+nahe|hier\s+in\s+der\s+nahe|in\s+der\s+umgebung|im\s+lokalen\s+netz)$`),
  marker: re(String.raw`(?:^|\s)(?:community|gemeinschaft)${E}`),
  meta: [
    re(String.raw`^(?:wir\s+)?(?:organisiere|organisieren)\s+(?<e>.+?)\s+gemeinsam\s+mit\s+(?<f>.+)$`),
    re(String.raw`^(?<e>.+?)\s+(?:wird\s+)?gemeinsam\s+mit\s+(?<f>.+?)\s+organisiert$`),
  ],
  and: 'und',
  share: [re(String.raw`^(?:teile|teilen|(?:gib\s+mir\s+)?den\s+code\s+(?:von|der))\s+(?:die\s+|der\s+)?(?:community\s+|gemeinschaft\s+)?${NAME}$`)],
}

const WORDS: Record<Lang, Words> = { en: EN, fr: FR, de: DE }

/** Folded, without a leading article and outer space: how names are compared. */
function key(s: string): string {
  return fold(s)
    .replace(/^(?:the|la|le|les|l'|die|der|das)\s+/u, '')
    .replace(/\s+/gu, ' ')
    .trim()
}

/** Whether a name typed is one of `names` (case, accents and a leading article aside). */
function isOneOf(typed: string, names: readonly string[] | undefined): boolean {
  if (!names) return false
  const k = key(typed)
  return names.some((n) => key(n) === k)
}

/** The name in group `c`, as typed (quotes restored), or `undefined`. */
function nameIn(t: Txt, m: RegExpExecArray, v: Vocab, quotes: readonly string[], g = 'c'): string | undefined {
  const part = group(t, m, g)
  return part ? cleanName(part, v, quotes, '', true)?.replace(/^(?:the|la|die)\s+/iu, '') : undefined
}

/**
 * Whether a name is a community's: one held here, or the sentence says "community" (`t`, folded:
 * "the France P2P community", « la communauté France P2P »).
 */
const communityNamed = (c: string, w: Words, ctx: ParseContext, t?: Txt) => isOneOf(c, ctx.mesh?.communities) || w.marker.test(fold(c)) || (t !== undefined && w.marker.test(t.f))

const create: Rule = (t, v, _ctx, quotes) => {
  const m = first(t, WORDS[v.lang].create)
  if (!m) return null
  const name = nameIn(t, m, v, quotes)
  return name ? ({ type: 'new-community', name } as Intent) : null
}

const membership = (join: boolean): Rule => (t, v, ctx, quotes) => {
  const w = WORDS[v.lang]
  const m = first(t, join ? w.join : w.leave)
  if (!m) return null
  const community = nameIn(t, m, v, quotes)
  const whoPart = group(t, m, 'who')
  if (!community || !whoPart) return null
  const who = key(whoPart.o)
  const named = communityNamed(community, w, ctx, t)
  if (w.thisFestival.test(who)) return { type: 'community-membership', community, join } as Intent
  if (w.us.test(who)) return named ? ({ type: 'community-membership', community, join } as Intent) : null
  // "Lyon P2P joins France P2P": a festival by name, read only when one side is known as such.
  const festival = cleanName(whoPart, v, quotes, '', true)
  if (!festival) return null
  if (!named && !isOneOf(festival, ctx.mesh?.festivals)) return null
  return { type: 'community-membership', community, festival, join } as Intent
}

const follow = (on: boolean): Rule => (t, v, ctx, quotes) => {
  const w = WORDS[v.lang]
  const m = first(t, on ? w.follow : w.unfollow)
  if (!m) return null
  const community = nameIn(t, m, v, quotes)
  if (!community) return null
  if (!group(t, m, 'room') && !communityNamed(community, w, ctx, t)) return null
  return { type: 'follow-community', community, follow: on } as Intent
}

const query: Rule = (t, v, ctx, quotes) => {
  const w = WORDS[v.lang]
  const m = first(t, w.query)
  if (!m) return null
  const community = nameIn(t, m, v, quotes)
  if (community !== undefined && !communityNamed(community, w, ctx, t)) return null
  const spanWords = group(t, m, 'span')?.f
  const span = spanWords ? w.spans.find(([r]) => r.test(spanWords))?.[1] : undefined
  // "the community" alone names the room's.
  const named = community !== undefined && !/^(?:community|mesh|communaute|reseau|gemeinschaft|netz|netzwerk)$/u.test(key(community)) ? community : undefined
  return { type: 'mesh-query', ...(named ? { community: named } : {}), ...(span ? { span } : {}) } as Intent
}

const members: Rule = (t, v, ctx, quotes) => {
  const w = WORDS[v.lang]
  const m = first(t, w.members)
  if (!m) return null
  const community = nameIn(t, m, v, quotes)
  if (community !== undefined && !communityNamed(community, w, ctx, t)) return null
  return { type: 'community-members', ...(community ? { community } : {}) } as Intent
}

const simple: Rule = (t, v) => {
  const w = WORDS[v.lang]
  if (w.communities.test(t.f)) return { type: 'communities' } as Intent
  if (w.nearby.test(t.f)) return { type: 'nearby' } as Intent
  const m = first(t, w.announce)
  if (m) return { type: 'mesh-announce', on: w.on.test(m.groups!.v!) } as Intent
  return null
}

const share: Rule = (t, v, ctx, quotes) => {
  const w = WORDS[v.lang]
  const m = first(t, w.share)
  if (!m) return null
  const community = nameIn(t, m, v, quotes)
  if (!community || !communityNamed(community, w, ctx, t)) return null
  return { type: 'share-community', community } as Intent
}

const meta: Rule = (t, v, ctx, quotes) => {
  const w = WORDS[v.lang]
  const m = first(t, w.meta)
  if (!m) return null
  const event = cleanName(group(t, m, 'e')!, v, quotes)
  const list = group(t, m, 'f')!
  const festivals = list.o
    .split(rx('iu')`\s*,\s*|\s+${w.and}\s+|\s*&\s*`)
    .map((s) => s.trim())
    .filter(Boolean)
  // Only festivals held here: "co-organise X with Bob" names a person, not a city node.
  if (!event || festivals.length === 0 || !festivals.every((f) => isOneOf(f, ctx.mesh?.festivals))) return null
  return { type: 'meta-event', event, festivals } as Intent
}

/** The rules: the narrow ones first, the calendar before "X joins Y" (neither reads the other's sentences). */
/** "join France P2P" with no subject, per language (group `c`: the community). */
const BARE_JOIN: Record<Lang, readonly RegExp[]> = {
  en: [/^(?:let'?s\s+)?join\s+(?:the\s+)?(?:community\s+)?(?<c>.+?)(?:\s+community)?$/du],
  fr: [/^(?:rejoindre|rejoins)\s+(?:la\s+communaute\s+)?(?<c>.+)$/du],
  de: [/^(?:der\s+(?:community\s+|gemeinschaft\s+)?)?(?<c>.+?)\s+beitreten$/du, /^tritt\s+(?:der\s+(?:community\s+|gemeinschaft\s+)?)?(?<c>.+?)\s+bei$/du],
}

/** The question of a bare "join <community>", per language. */
const BARE_JOIN_ASK: Record<Lang, { question: (c: string) => string; join: (c: string) => string; follow: (c: string) => string }> = {
  en: { question: (c) => `Should this festival join “${c}” (its organisers' word), or this room follow it?`, join: (c) => `we join ${c}`, follow: (c) => `this room follows ${c}` },
  fr: { question: (c) => `Ce festival doit-il rejoindre « ${c} » (sur la parole de ses organisateurs), ou ce salon le suivre ?`, join: (c) => `nous rejoignons ${c}`, follow: (c) => `ce salon suit ${c}` },
  de: { question: (c) => `Soll dieses Festival „${c}“ beitreten (auf das Wort seiner Organisatoren), oder dieser Raum ihm folgen?`, join: (c) => `wir treten ${c} bei`, follow: (c) => `dieser Raum folgt ${c}` },
}

/**
 * "join France P2P" said without a subject, naming a community held here and no event: the festival
 * joining and the room following are both what people mean by it, so it is asked (it was read as an
 * RSVP to an event of that name, which does not exist).
 */
const bareJoin: Rule = (t, v, ctx, quotes) => {
  const m = first(t, BARE_JOIN[v.lang])
  if (!m) return null
  const typed = nameIn(t, m, v, quotes)
  // As the community is named here, not as typed ("france p2p").
  const community = typed === undefined ? undefined : ctx.mesh?.communities.find((n) => key(n) === key(typed))
  if (!community || ctx.known?.events.some((e) => key(e.title) === key(community))) return null
  const a = BARE_JOIN_ASK[v.lang]
  return {
    type: 'ask',
    question: a.question(community),
    choices: [a.join(community), a.follow(community)],
    intents: [{ type: 'community-membership', community, join: true } as Intent, { type: 'follow-community', community, follow: true } as Intent],
  }
}

export const COMMUNITY_RULES: readonly Rule[] = [simple, create, share, meta, follow(false), follow(true), query, members, membership(false), membership(true), bareJoin]

