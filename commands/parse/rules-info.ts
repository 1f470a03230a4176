/**
 * Questions about one event or one place, in English, French and German: when / where / what time
 * X starts or ends, what X is about, which venues and resources there are, and whether a venue is
 * free at a time. Read-only intents.
 */
import type { Intent } from '../intent.ts'
import { nameScore } from '../resolve.ts'
import { cleanName } from './names.ts'
import { eventRef, isOutcome } from './refs.ts'
import { type Rule, fail, timeProblem } from './rule.ts'
import { group, squash, rx } from './text.ts'
import { findTime } from './time.ts'

const re = (s: string) => new RegExp(s, 'du')

type Want = Extract<Intent, { type: 'event-info' }>['want']

interface InfoWords {
  /** Questions about one event: group `ev`, and `want` for the rows that say which part. */
  info: readonly { re: RegExp; want: Want }[]
  /** "what time is it": the clock, not an event. */
  notInfo: RegExp
  venues: RegExp
  resources: RegExp
  /** "is the bar free at 7pm": groups `q` (venue and time, in any order). */
  free: readonly RegExp[]
}

const EN: InfoWords = {
  info: [
    { re: re(String.raw`^(?:when|what time|when'?s)\s+(?:(?:does|do|will|did|is)\s+)?(?<ev>.+?)\s+(?:start|starts|begin|begins|kick off|open|opens)$`), want: 'start' },
    { re: re(String.raw`^(?:when|what time|when'?s)\s+(?:(?:does|do|will|is)\s+)?(?<ev>.+?)\s+(?:end|ends|finish|finishes|stop|over|be over|wrap up|done|close)$`), want: 'end' },
    { re: re(String.raw`^(?:where|which (?:venue|room|stage|place))\s+(?:is|are|will be|'s|does|do)\s+(?<ev>.+?)(?:\s+(?:happening|taking place|held|at|happen|take place|be|playing|play|running|on))?$`), want: 'where' },
    { re: re(String.raw`^where'?s\s+(?<ev>.+?)(?:\s+(?:happening|taking place|held|at|playing|running|on))?$`), want: 'where' },
    { re: re(String.raw`^(?:(?:what'?s|what\s+is)\s+(?<ev>.+?)\s+about|tell me (?:more\s+)?about\s+(?<ev2>.+)|(?:(?:what'?s|what\s+is)\s+the\s+)?(?:description|details|info)\s+(?:of|for|on|about)\s+(?<ev3>.+)|describe\s+(?<ev4>.+)|more (?:info|details) (?:on|about)\s+(?<ev5>.+))$`), want: 'about' },
    { re: re(String.raw`^(?:when(?:'s|\s+is|\s+are|\s+will\s+be)|what\s+time\s+is|what\s+day\s+is|how long is|when\s+(?:does|do)\s+(?<ev2>.+?)\s+(?:happen|take place|run))\s*(?<ev>.*?)$`), want: 'when' },
    { re: re(String.raw`^(?<ev>.+?)\s+(?:when|what time)$`), want: 'when' },
    // "is yoga still on?": when it is, or that it is cancelled.
    { re: re(String.raw`^(?:is|are)\s+(?<ev>.+?)\s+still\s+(?:on|happening|going ahead|taking place|planned|a thing)$`), want: 'when' },
  ],
  notInfo: /^(?:what time is it|what's the time|whats the time|what day is it|what day is today|what's the date|when is it)$/u,
  venues: re(String.raw`^(?:(?:which|what)\s+(?:venues|places|rooms|stages|locations|spaces)\s*(?:are there|do we have|are available|exist|have we got|can i book|are on|are open)?|(?:list|show)(?:\s+me)?(?:\s+all)?(?:\s+the)?\s+(?:venues|places|rooms|stages|locations)|(?:all\s+)?(?:the\s+)?venues|venue list|list of venues)$`),
  resources: re(String.raw`^(?:(?:which|what)\s+(?:resources|equipment|gear|stuff)\s*(?:are there|do we have|is there|is available|can i book|exist|have we got)?|(?:list|show)(?:\s+me)?(?:\s+all)?(?:\s+the)?\s+(?:resources|equipment|gear)|(?:all\s+)?(?:the\s+)?resources|resource list)$`),
  free: [re(String.raw`^(?:is|are)\s+(?<q>.+?)\s+(?:free|available|open|booked|taken|busy|occupied)(?<q2>.*)$`)],
}

const FR: InfoWords = {
  info: [
    { re: re(String.raw`^(?:a quelle heure|quand)\s+(?:est-ce que\s+)?(?:commence|debute|ouvre)\s+(?<ev>.+)$`), want: 'start' },
    { re: re(String.raw`^(?:a quelle heure|quand)\s+(?:est-ce que\s+)?(?:finit|se termine|termine|s'arrete|fini)\s+(?<ev>.+)$`), want: 'end' },
    { re: re(String.raw`^(?:a quelle heure|quand)\s+(?<ev>.+?)\s+(?:finit|se termine|termine|s'arrete)(?:-t-il|-t-elle|-il|-elle)?$`), want: 'end' },
    { re: re(String.raw`^(?<ev>.+?)\s+(?:ca\s+)?(?:finit|se termine|termine|s'arrete|fini)(?:-t-il|-t-elle|-il|-elle)?\s+(?:a quelle heure|quand|vers quelle heure)$`), want: 'end' },
    { re: re(String.raw`^(?<ev>.+?)\s+(?:ca\s+)?(?:commence|debute|demarre)(?:-t-il|-t-elle|-il|-elle)?\s+(?:a quelle heure|quand|vers quelle heure)$`), want: 'start' },
    { re: re(String.raw`^(?<ev>.+?)\s+(?:jouent|joue|passe|passent|a lieu|ont lieu)\s+(?:quand|a quelle heure|quel jour)$`), want: 'when' },
    { re: re(String.raw`^ou\s+(?:est|a lieu|se passe|passe|passent|joue|jouent|se trouve|se tient|aura lieu|c'est|sera)\s+(?<ev>.+)$`), want: 'where' },
    { re: re(String.raw`^(?:et\s+)?c'est ou\s+(?<ev>.+)$`), want: 'where' },
    { re: re(String.raw`^(?:et\s+)?(?<ev>.+?)\s+(?:c'est ou|a lieu ou|se passe ou|est ou|passe ou|joue ou)$`), want: 'where' },
    { re: re(String.raw`^(?:de quoi (?:parle|parlera|traite)|c'est quoi|parle-moi de|dis-m'en plus sur|details (?:de|du|sur)|infos sur|(?:(?:montre|affiche|donne|lis)(?:-moi)?\s+)?la description (?:de la|de l'|du|des|de|d'|pour)|description (?:de la|de l'|du|des|de|d'|pour))\s*(?<ev>.+)$`), want: 'about' },
    { re: re(String.raw`^(?:quand|c'est quand|a quelle heure|quel jour|a quelle date)\s+(?:est|a lieu|aura lieu|se passe|c'est|sera|commence|il y a)?\s*(?<ev>.+)$`), want: 'when' },
    { re: re(String.raw`^(?<ev>.+?)\s+(?:c'est quand|a quelle heure|quand)$`), want: 'when' },
    { re: re(String.raw`^(?:est-ce que\s+)?(?<ev>.+?)\s+(?:a|aura)\s+toujours\s+lieu$`), want: 'when' },
  ],
  notInfo: /^(?:quelle heure est-il|il est quelle heure|on est quel jour|quel jour on est|c'est quand|c'est quoi (?:la suite(?:\s.*)?|apres(?:\s.*)?|le programme(?:\s.*)?|ce soir|demain))$/u,
  venues: re(String.raw`^(?:quels?\s+(?:sont\s+les\s+)?(?:lieux|salles|scenes|espaces|endroits)(?:\s+(?:y a-t-il|il y a|avons-nous|on a|existent|sont disponibles|sont dispo))?|(?:liste|montre|affiche|donne)(?:-moi)?\s+(?:des|les|tous les)\s+(?:lieux|salles|scenes)|(?:tous\s+)?les lieux|(?:la\s+)?liste des lieux|il y a quels lieux)$`),
  resources: re(String.raw`^(?:quelles?\s+(?:sont\s+les\s+)?(?:ressources|materiel|equipements?)(?:\s+(?:y a-t-il|il y a|avons-nous|on a|existent|sont disponibles|est disponible))?|(?:liste|montre|affiche|donne)(?:-moi)?\s+(?:des|les|le|tout le)\s+(?:ressources|materiel|equipements?)|(?:toutes\s+)?les ressources|(?:la\s+)?liste des ressources|(?:le\s+)?materiel dispo(?:nible)?|on a quel materiel|on a quelles ressources|il y a quelles ressources|quelles ressources on a|on a quoi comme (?:materiel|ressources))$`),
  free: [
    re(String.raw`^(?:est-ce que|est ce que)\s+(?<q>.+?)\s+est\s+(?:libre|dispo|disponible|pris|prise|occupe|occupee|reserve|reservee)(?<q2>.*)$`),
    re(String.raw`^(?<q>.+?)\s+est(?:-il|-elle)?\s+(?:libre|dispo|disponible|pris|prise|occupe|occupee|reserve|reservee)(?<q2>.*)$`),
  ],
}

const DE: InfoWords = {
  info: [
    { re: re(String.raw`^(?:wann|um wie viel uhr|um wieviel uhr)\s+(?:beginnt|startet|fangt|faengt|geht)\s+(?<ev>.+?)(?:\s+(?:an|los))?$`), want: 'start' },
    { re: re(String.raw`^(?:wann|um wie viel uhr|um wieviel uhr)\s+(?:endet|hort|hoert)\s+(?<ev>.+?)(?:\s+(?:auf|zu ende))?$`), want: 'end' },
    { re: re(String.raw`^(?:wann|um wie viel uhr|um wieviel uhr)\s+(?:ist|is)\s+(?<ev>.+?)\s+(?:zu ende|vorbei|fertig|aus)$`), want: 'end' },
    { re: re(String.raw`^wo\s+(?:ist|is|findet|lauft|laeuft|sind|wird|spielt|spielen)\s+(?<ev>.+?)(?:\s+(?:statt|stat|sein))?$`), want: 'where' },
    { re: re(String.raw`^(?:worum geht(?:'s|s| es)\s+(?:bei|in|im|beim)|was ist|erzahl mir (?:mehr\s+)?(?:uber|von)|erzaehl mir (?:mehr\s+)?(?:uber|von)|infos (?:zu|uber|zum|zur)|details (?:zu|von|uber|zum|zur)|beschreibung (?:von|vom|zu|zum|zur))\s+(?<ev>.+)$`), want: 'about' },
    { re: re(String.raw`^(?:wann|um wie viel uhr|um wieviel uhr|an welchem tag)\s+(?:ist|is|findet|lauft|laeuft|sind|kommt|gibt es|spielen|spielt|tritt|treten|beginnt das|ist eigentlich)?\s*(?<ev>.+?)(?:\s+(?:statt|stat|auf))?$`), want: 'when' },
    { re: re(String.raw`^findet\s+(?<ev>.+?)\s+(?:noch|trotzdem|weiterhin|wie geplant)\s+statt$`), want: 'when' },
  ],
  notInfo: /^(?:wie spat ist es|wie spaet ist es|wieviel uhr ist es|wie viel uhr ist es|welcher tag ist heute|was ist heute fur ein tag|was ist (?:am|an|heute|morgen|ubermorgen|diese|dieses|jetzt|gerade|im|in|auf|an der|in der|bei|beim)(?![\p{L}]).*)$/u,
  venues: re(String.raw`^(?:welche\s+(?:orte|raume|raeume|buhnen|locations|platze)\s*(?:gibt es|haben wir|gibt's|gibts|stehen zur verfugung)?|(?:zeig|liste|zeige|nenn)(?:\s+mir)?\s+(?:alle\s+)?(?:die\s+)?(?:orte|raume|raeume)|(?:alle\s+)?orte|ortsliste|liste der orte)$`),
  resources: re(String.raw`^(?:welche\s+(?:ressourcen|ausrustung|ausruestung|technik|gerate|geraete)\s*(?:gibt es|haben wir|gibt's|gibts|stehen zur verfugung)?|was (?:fur|fuer) (?:technik|ausrustung|material) (?:gibt es|haben wir)|(?:zeig|liste|zeige|nenn)(?:\s+mir)?\s+(?:alle\s+)?(?:die\s+)?(?:ressourcen|ausrustung|technik)|(?:alle\s+)?ressourcen|liste der ressourcen)$`),
  free: [re(String.raw`^(?:ist|sind)\s+(?<q>.+?)\s+(?:frei|verfugbar|verfuegbar|belegt|besetzt|gebucht|noch frei)(?<q2>.*)$`)],
}

const WORDS = { en: EN, fr: FR, de: DE } as const

/** "when is History of P2P?", "où a lieu l'atelier vélo ?", "wann endet der Workshop?". */
export const eventInfo: Rule = (t, v, ctx, quotes) => {
  const w = WORDS[v.lang]
  if (w.notInfo.test(t.f)) return null
  for (const { re: r, want } of w.info) {
    r.lastIndex = 0
    const m = r.exec(t.f)
    if (!m) continue
    const g = ['ev', 'ev2', 'ev3', 'ev4', 'ev5'].map((n) => group(t, m, n)).find((x) => x && x.f.trim())
    if (!g) continue
    const tf = findTime(squash(g), v, ctx)
    if (tf.spec && !tf.problem) continue // "when is … on Saturday": a schedule question, not this one
    const ev = eventRef(squash(g), v, ctx, quotes)
    if (isOutcome(ev)) return ev
    if (!ev) continue
    if (v.notNames.test(ev.toLowerCase())) continue
    return { type: 'event-info', event: ev, want }
  }
  return null
}

/** "which venues are there?", "quelles ressources ?", "welche Orte gibt es?". */
export const listPlaces: Rule = (t, v) => {
  const w = WORDS[v.lang]
  if (w.venues.test(t.f)) return { type: 'list', what: 'venues' }
  if (w.resources.test(t.f)) return { type: 'list', what: 'resources' }
  return null
}

/** "is the bar free at 7pm tonight?", "est-ce que l'atelier est libre demain à 10h ?", "ist die Bar um 19 Uhr frei?". */
export const venueFree: Rule = (t, v, ctx, quotes) => {
  for (const r of WORDS[v.lang].free) {
    const m = r.exec(t.f)
    if (!m) continue
    const q = group(t, m, 'q')
    const q2 = group(t, m, 'q2')
    if (!q) continue
    const both = squash(q2 && q2.f.trim() ? { o: `${q.o} ${q2.o}`, f: `${q.f} ${q2.f}` } : q)
    const tf = findTime(both, v, ctx)
    const problem = timeProblem(tf, v)
    if (problem) return problem
    if (!tf.spec) continue
    const name = cleanName(tf.rest, v, quotes, v.venuePreps)
    if (!name) return fail('missing-name')
    // Only a venue: "is the projector free" or "is Alice free" are not this question.
    const venues = ctx.known?.venues
    if (venues && !venues.some((x) => [x.name, ...x.aliases].some((n) => nameScore(name, n) >= 0.7)) && !rx('u')`(?:${v.venueOne}|${v.venueMany}|${v.venueAny})`.test(name.toLowerCase())) continue
    return { type: 'venue-free', venue: name, time: tf.spec }
  }
  return null
}
