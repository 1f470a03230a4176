/**
 * Rules for changing one event, in English, French and German: move it (by verb, or said as a
 * statement: "X is now at the bar", "X s'appelle maintenant Y"), shift it by an amount ("push X
 * back 30 min", "X eine Stunde später"), change its length or end ("make X 2 hours", "X ends at
 * 18:00", "extend X by 30 min"), set its description ("description of X: …"), and remove a venue.
 *
 * @remarks
 * Each sentence names its event by a pronoun, a known title or the words typed (`refs.ts`); the
 * new time, venue or length is read entities first (`event-parts.ts`). A part that cannot be read
 * makes the rule give up, so that a later rule (or the hint) answers: nothing is guessed.
 */
import type { Intent, TimeSpec } from '../intent.ts'
import { readEventParts } from './event-parts.ts'
import { cleanName } from './names.ts'
import { restoreQuotes } from './normalize.ts'
import { eventRef, isOutcome, refName } from './refs.ts'
import { type Outcome, type Rule, fail, first, timeProblem } from './rule.ts'
import { allMatches, group, squash, sub, type Txt, rx } from './text.ts'
import { amountSource, findTime, lengthOf } from './time.ts'
import type { Vocab } from './vocab.ts'

const re = (s: string) => new RegExp(s, 'du')

/** The words of one language for these rules; `LEN` stands for a length ("30 min", "an hour"). */
interface ChangeWords {
  /** Shifts: groups `ev`, the length, and optionally `dir` (a later or earlier word). `sign` when no `dir`. */
  shift: readonly { re: string; sign: 1 | -1 }[]
  later: string
  earlier: string
  /** A new length: groups `ev` and the length. */
  length: readonly string[]
  /** A new end: groups `ev` and `clock` (read with the time rules). */
  endsAt: readonly string[]
  /** Longer or shorter by an amount: groups `ev`, the length. */
  extend: readonly { re: string; sign: 1 | -1 }[]
  /** "X is now called Y": groups `ev`, `new`. */
  renamed: readonly string[]
  /** "X is now at Y" / "X is now on Saturday": groups `ev`, `rest` (a venue or a time). */
  movedTo: readonly string[]
  /** A description: groups `ev`, `text` (as typed). */
  describe: readonly string[]
  /** Removing a venue: group `venue`. */
  removeVenue: readonly string[]
}

const EN: ChangeWords = {
  shift: [
    { re: String.raw`^(?:push|move|shift|bump|put)\s+back\s+(?<ev>.+?)\s+(?:by\s+)?LEN$`, sign: 1 },
    { re: String.raw`^(?:bring|move|shift|pull)\s+forward\s+(?<ev>.+?)\s+(?:by\s+)?LEN$`, sign: -1 },
    // "push", "delay", "postpone" say "later" themselves; "move", "shift", "make", "bring" need a direction.
    { re: String.raw`^(?:push|delay|postpone|bump)\s+(?<ev>.+?)\s+(?:(?<dir1>back|forward|later|earlier|up)\s+)?(?:by\s+)?LEN(?:\s+(?<dir>later|earlier|sooner|back|forward))?$`, sign: 1 },
    { re: String.raw`^(?:move|shift|put|bring|pull|make|start)\s+(?<ev>.+?)\s+(?<dir1>back|forward|later|earlier|up)\s+(?:by\s+)?LEN$`, sign: 1 },
    { re: String.raw`^(?:move|shift|put|bring|pull|make|start)\s+(?<ev>.+?)\s+(?:by\s+)?LEN\s+(?<dir>later|earlier|sooner|back|forward)$`, sign: 1 },
    { re: String.raw`^(?<ev>.+?)\s+(?:(?:is|starts?|will (?:be|start)|should (?:be|start)|begins?)\s+)?(?:by\s+)?LEN\s+(?<dir>later|earlier|sooner)(?:\s+(?:now|instead|please|then))?$`, sign: 1 },
  ],
  later: 'later|back|delay|postpone',
  earlier: 'earlier|forward|sooner|up',
  length: [
    String.raw`^(?:shorten|cut|trim|extend|lengthen|prolong|change|set)\s+(?<ev>.+?)\s+to\s+LEN(?:\s+long)?$`,
    // Not "make X longer by 30 min" (a change of length, in extend): the event's words hold no "longer".
    String.raw`^(?:make|set)\s+(?<ev>(?:(?!\s(?:longer|shorter)(?:\s|$)).)+?)\s+(?:last\s+)?LEN(?:\s+long)?$`,
    String.raw`^(?:change|set)\s+(?:the\s+)?(?:length|duration)\s+of\s+(?<ev>.+?)\s+to\s+LEN$`,
    String.raw`^(?<ev>.+?)\s+(?:lasts|will last|should last|takes|runs|runs for|is|should be|will be)\s+(?:only\s+|just\s+)?LEN(?:\s+long)?(?:\s+(?:now|instead))?$`,
  ],
  endsAt: [
    String.raw`^(?<ev>.+?)\s+(?:ends|finishes|stops|will end|should end|should finish|is over|wraps up|runs until|runs till|goes until|goes till|lasts until|lasts till)\s+(?<clock>.+?)(?:\s+(?:now|instead|then))?$`,
    String.raw`^(?:make|let|have)\s+(?<ev>.+?)\s+(?:end|finish|stop|run until|run till|go until|go till)\s+(?<clock>.+)$`,
    String.raw`^(?:end|finish|stop)\s+(?<ev>.+?)\s+(?<clock>at\s+.+)$`,
  ],
  extend: [
    { re: String.raw`^(?:extend|lengthen|prolong)\s+(?<ev>.+?)\s+(?:by\s+|with\s+)?LEN$`, sign: 1 },
    { re: String.raw`^(?:add|give)\s+(?:another\s+)?LEN\s+(?:more\s+)?to\s+(?<ev>.+)$`, sign: 1 },
    { re: String.raw`^(?:shorten|cut|trim)\s+(?<ev>.+?)\s+(?:by\s+)?LEN$`, sign: -1 },
    { re: String.raw`^(?:make|have)\s+(?<ev>.+?)\s+(?:LEN\s+longer|longer\s+by\s+LEN)$`, sign: 1 },
    { re: String.raw`^(?:make|have)\s+(?<ev>.+?)\s+(?:LEN\s+shorter|shorter\s+by\s+LEN)$`, sign: -1 },
    { re: String.raw`^(?<ev>.+?)\s+(?:should be|will be|is|runs|goes|lasts)\s+LEN\s+longer(?:\s+(?:now|then))?$`, sign: 1 },
    { re: String.raw`^(?<ev>.+?)\s+(?:should be|will be|is|runs|goes|lasts)\s+LEN\s+shorter(?:\s+(?:now|then))?$`, sign: -1 },
  ],
  renamed: [
    String.raw`^(?<ev>.+?)\s+(?:is|will be)\s+(?:now\s+)?(?:called|named|titled)\s+(?<new>.+)$`,
    String.raw`^(?<ev>.+?)\s+(?:has been|was|got)\s+renamed\s+(?:to\s+|as\s+)?(?<new>.+)$`,
  ],
  movedTo: [
    String.raw`^(?<ev>.+?)\s+(?:is|will be|happens|takes place|moves|runs|starts|begins|will start)\s+(?:now|instead)\s+(?<rest>.+)$`,
    String.raw`^(?<ev>.+?)\s+(?:is|has been|was|got)\s+moved\s+(?<rest>(?:to|at|on|in|into)\s+.+)$`,
    String.raw`^(?<ev>.+?)\s+(?:moves|moved)\s+(?<rest>(?:to|into)\s+.+)$`,
    String.raw`^(?<ev>.+?)\s+(?:is|will be|happens|takes place|starts|begins|will start)\s+(?<rest>(?:at|in|on)\s+.+?)\s+(?:now|instead)$`,
  ],
  describe: [
    String.raw`^(?:add\s+(?:a\s+|the\s+)?description\s+(?:to|for)|set\s+(?:the\s+)?description\s+(?:of|for)|(?:the\s+)?description\s+(?:of|for)|describe)\s+(?<ev>.+?)\s*:\s*(?<text>.+)$`,
    String.raw`^(?<ev>.+?)\s+(?:description|desc|blurb|abstract)\s*:\s*(?<text>.+)$`,
  ],
  removeVenue: [
    String.raw`^(?:remove|delete|drop|close|get rid of)\s+(?:the\s+)?(?:venue|place|location|room|stage|space)\s+(?<venue>.+)$`,
    String.raw`^(?:remove|delete|drop)\s+(?<venue>.+?)\s+(?:as\s+a\s+)?(?:venue|place|location)$`,
  ],
}

const FR: ChangeWords = {
  shift: [
    { re: String.raw`^(?:decale|decaler|decalez|repousse|repousser|repoussez|retarde|retarder|retardez|deplace|deplacer|bouge)\s+(?<ev>.+?)\s+(?:de\s+|d')LEN(?:\s+(?<dir>plus tard|plus tot|en avant|en arriere|avant|apres))?$`, sign: 1 },
    { re: String.raw`^(?:avance|avancer|avancez)\s+(?<ev>.+?)\s+(?:de\s+|d')LEN$`, sign: -1 },
    { re: String.raw`^(?<ev>.+?)\s+(?:(?:commence|est|sera|debute|a lieu)\s+)?LEN\s+(?<dir>plus tard|plus tot)(?:\s+(?:finalement|stp|svp))?$`, sign: 1 },
  ],
  later: 'plus tard|en arriere|apres',
  earlier: 'plus tot|en avant|avant',
  length: [
    String.raw`^(?:raccourcis|raccourcir|prolonge|prolonger|rallonge|rallonger)\s+(?<ev>.+?)\s+(?:a|en)\s+LEN$`,
    // "mets-le à 11h" is a time; only "en" makes it a length ("passe X en 2 heures").
    String.raw`^(?:passe|mets|ramene)\s+(?<ev>.+?)\s+en\s+LEN$`,
    String.raw`^(?<ev>.+?)\s+(?:dure|durera|doit durer|va durer|fera|fait)\s+(?:seulement\s+|juste\s+)?LEN$`,
    String.raw`^(?:fais|faire|mets|mettre)\s+(?<ev>.+?)\s+(?:sur|en)\s+LEN$`,
    String.raw`^(?:fais|faites|faire)\s+(?<ev>.+?)\s+durer\s+(?:seulement\s+|juste\s+)?LEN$`,
    String.raw`^(?:fais|faites|faire)\s+durer\s+(?<ev>.+?)\s+(?:seulement\s+|juste\s+)?LEN$`,
    String.raw`^(?:la\s+)?duree\s+(?:de|du|de la|d')\s*(?<ev>.+?)\s*:?\s+LEN$`,
  ],
  endsAt: [
    String.raw`^(?<ev>.+?)\s+(?:finit|finira|se termine|se terminera|termine|terminera|s'arrete|s'arretera|doit finir|doit se terminer|va jusqu'a|dure jusqu'a)\s+(?<clock>.+)$`,
    String.raw`^(?:fais|faire)\s+(?:finir|terminer)\s+(?<ev>.+?)\s+(?<clock>a\s+.+)$`,
  ],
  extend: [
    { re: String.raw`^(?:prolonge|prolonger|prolongez|rallonge|rallonger|allonge|allonger)\s+(?<ev>.+?)\s+(?:de\s+|d')LEN$`, sign: 1 },
    { re: String.raw`^(?:ajoute|ajouter|rajoute)\s+LEN\s+(?:de plus\s+)?(?:a|au|a la|aux|pour)\s+(?<ev>.+)$`, sign: 1 },
    { re: String.raw`^(?:raccourcis|raccourcir|raccourcissez|ecourte|ecourter|reduis|reduire)\s+(?<ev>.+?)\s+(?:de\s+|d')LEN$`, sign: -1 },
    { re: String.raw`^(?:fais|faites|faire)\s+durer\s+(?<ev>.+?)\s+LEN\s+de plus$`, sign: 1 },
    { re: String.raw`^(?<ev>.+?)\s+(?:dure|durera|doit durer|va durer)\s+LEN\s+de plus$`, sign: 1 },
    { re: String.raw`^(?<ev>.+?)\s+(?:dure|durera|doit durer|va durer)\s+LEN\s+de moins$`, sign: -1 },
  ],
  renamed: [
    String.raw`^(?<ev>.+?)\s+s'appelle\s+(?:maintenant|desormais|dorenavant|finalement|plutot)\s+(?<new>.+)$`,
    String.raw`^(?<ev>.+?)\s+(?:est renomme|est renommee|devient)\s+(?:en\s+)?(?<new>.+)$`,
    String.raw`^(?<ev>.+?)\s+s'appellera\s+(?<new>.+)$`,
  ],
  movedTo: [
    String.raw`^(?<ev>.+?)\s+(?:est|sera|a lieu|aura lieu|se passe|se fera|se tient|se tiendra|commence|commencera|debute|debutera|demarre)\s+(?:maintenant|desormais|plutot|finalement|dorenavant)\s+(?<rest>.+)$`,
    String.raw`^(?<ev>.+?)\s+(?:est|sera|a lieu|aura lieu|se passe|se fera|commence|commencera|debute|debutera|demarre)\s+(?<rest>.+?)\s+(?:maintenant|desormais|plutot|finalement|dorenavant)$`,
    String.raw`^(?<ev>.+?)\s+(?:passe|bouge|demenage|est deplace|est deplacee|est decale|est decalee|a ete decale|a ete decalee|a ete deplace|a ete deplacee|est repousse|est repoussee)\s+(?<rest>(?:a|au|aux|a la|a l'|dans|en|le|sur|vers).+)$`,
    String.raw`^(?<ev>.+?)\s+(?:se fera|aura lieu|se passera|se tiendra|sera)\s+(?<rest>(?:a|au|aux|a la|a l'|dans|en|sur)(?:\s|(?<=')).+)$`,
  ],
  describe: [
    String.raw`^(?:ajoute\s+(?:une\s+|la\s+)?description\s+(?:a|au|a la|a l'|aux|pour)|(?:la\s+)?description\s+(?:de la|de l'|du|des|de|d'|pour(?: le| la| l')?)|decris)\s*(?<ev>.+?)\s*:\s*(?<text>.+)$`,
    String.raw`^(?<ev>.+?)\s+description\s*:\s*(?<text>.+)$`,
  ],
  removeVenue: [
    String.raw`^(?:supprime|supprimer|supprimez|retire|retirer|enleve|enlever|ferme|fermer)\s+(?:le\s+|la\s+|l')?(?:lieu|salle|scene|espace|endroit)\s+(?<venue>.+)$`,
  ],
}

const DE: ChangeWords = {
  shift: [
    { re: String.raw`^(?:verschieb|verschiebe|schieb|schiebe|verleg|verlege|setz|setze)\s+(?<ev>.+?)\s+um\s+LEN(?:\s+(?<dir>nach hinten|nach vorne|nach vorn|spater|fruher|vor|zuruck|nach spater))?(?:\s+(?:nach hinten|nach vorne|verschieben))?$`, sign: 1 },
    { re: String.raw`^(?:verschieb|verschiebe|schieb|schiebe|verleg|verlege|setz|setze|leg|lege)\s+(?<ev>.+?)\s+LEN\s+(?<dir>nach hinten|nach vorne|nach vorn|spater|fruher|zuruck)$`, sign: 1 },
    { re: String.raw`^(?:zieh|ziehe|hol|hole)\s+(?<ev>.+?)\s+(?:um\s+)?LEN\s+vor$`, sign: -1 },
    { re: String.raw`^(?<ev>.+?)\s+(?:um\s+)?LEN\s+(?:vorziehen|vorverlegen|nach vorne (?:schieben|verschieben|legen))$`, sign: -1 },
    { re: String.raw`^(?<ev>.+?)\s+(?:um\s+)?LEN\s+(?:(?<dir>nach hinten|nach vorne|spater|fruher)\s+)?(?:verschieben|schieben|verlegen|legen)$`, sign: 1 },
    { re: String.raw`^(?<ev>.+?)\s+(?:(?:beginnt|fangt|startet|ist|kommt|findet)\s+)?(?:um\s+)?LEN\s+(?<dir>spater|fruher|nach hinten|nach vorne)(?:\s+(?:an|los|statt|bitte))?$`, sign: 1 },
  ],
  later: 'nach hinten|spater|zuruck|nach spater',
  earlier: 'nach vorne|nach vorn|fruher|vor',
  length: [
    String.raw`^(?:verkurze|verkurz|verkuerze|verlangere|verlanger|verlaengere|kurze)\s+(?<ev>.+?)\s+auf\s+LEN$`,
    String.raw`^(?<ev>.+?)\s+auf\s+LEN\s+(?:verkurzen|verkuerzen|kurzen|verlangern|verlaengern|setzen|andern|aendern|bringen)$`,
    String.raw`^(?<ev>.+?)\s+(?:dauert|soll dauern|geht|ist)\s+(?:(?:jetzt|nun|nur|doch|dann|insgesamt)\s+)*LEN(?:\s+lang)?$`,
    String.raw`^(?:mach|mache)\s+(?<ev>.+?)\s+(?:(?:doch|nur|mal|bitte|jetzt|lieber)\s+)*LEN(?:\s+lang)?$`,
    String.raw`^(?<ev>.+?)\s+(?:soll\s+)?LEN\s+(?:dauern|lang sein|gehen)$`,
  ],
  endsAt: [
    String.raw`^(?<ev>.+?)\s+(?:endet|hort|hoert|ist zu ende|soll enden|geht bis|dauert bis|lauft bis)\s+(?:(?:jetzt|nun|doch|erst|schon)\s+)*(?<clock>.+?)(?:\s+(?:auf|zu ende))?$`,
    String.raw`^(?<ev>.+?)\s+soll\s+(?<clock>.+?)\s+(?:enden|aufhoren|aufhoeren|zu ende sein|vorbei sein)$`,
    String.raw`^(?:lass|lasse)\s+(?<ev>.+?)\s+(?<clock>.+?)\s+enden$`,
  ],
  extend: [
    { re: String.raw`^(?:verlangere|verlanger|verlaengere|verlaenger)\s+(?<ev>.+?)\s+um\s+LEN$`, sign: 1 },
    { re: String.raw`^(?<ev>.+?)\s+(?:um\s+)?LEN\s+(?:verlangern|verlaengern|langer machen)$`, sign: 1 },
    { re: String.raw`^(?<ev>.+?)\s+(?:um\s+)?LEN\s+(?:verkurzen|verkuerzen|kurzen|kurzer machen)$`, sign: -1 },
    { re: String.raw`^(?:verkurze|verkurz|verkuerze|kurze|kurz)\s+(?<ev>.+?)\s+um\s+LEN$`, sign: -1 },
    { re: String.raw`^(?:mach|mache)\s+(?<ev>.+?)\s+(?:(?:doch|nur|mal|bitte)\s+)*(?:um\s+)?LEN\s+(?:langer|laenger)$`, sign: 1 },
    { re: String.raw`^(?:mach|mache)\s+(?<ev>.+?)\s+(?:(?:doch|nur|mal|bitte)\s+)*(?:um\s+)?LEN\s+(?:kurzer|kuerzer)$`, sign: -1 },
    { re: String.raw`^(?<ev>.+?)\s+(?:dauert|soll|geht)\s+(?:(?:jetzt|nun|doch)\s+)*LEN\s+(?:langer|laenger)(?:\s+(?:dauern|gehen))?$`, sign: 1 },
  ],
  renamed: [
    String.raw`^(?<ev>.+?)\s+hei(?:ss|ß)t\s+(?:jetzt|ab jetzt|nun|neu|ab sofort)\s+(?<new>.+)$`,
    String.raw`^(?<ev>.+?)\s+(?:wird umbenannt in|wurde umbenannt in|hei(?:ss|ß)t neu)\s+(?<new>.+)$`,
    String.raw`^(?<ev>.+?)\s+umbenennen\s+in\s+(?<new>.+)$`,
  ],
  movedTo: [
    String.raw`^(?<ev>.+?)\s+(?:ist|findet|lauft|laeuft|kommt)\s+(?:jetzt|nun|ab jetzt|neu|stattdessen)\s+(?<rest>.+?)(?:\s+statt)?$`,
    String.raw`^(?<ev>.+?)\s+(?:fangt|faengt|beginnt|startet)\s+(?:jetzt|nun|erst|stattdessen)\s+(?<rest>.+?)(?:\s+an)?$`,
    String.raw`^(?<ev>.+?)\s+(?:jetzt|nun|ab jetzt)\s+(?<rest>(?:um|am|auf|im|in der|in)\s+.+)$`,
    String.raw`^(?<ev>.+?)\s+(?:ist|findet|lauft|laeuft)\s+(?<rest>.+?)\s+(?:jetzt|nun|stattdessen)(?:\s+statt)?$`,
    String.raw`^(?<ev>.+?)\s+(?:zieht|wandert|geht|wechselt)\s+(?:um\s+)?(?<rest>(?:in|ins|auf|nach|zum|zur|in die|in den)\s+.+)$`,
  ],
  describe: [
    String.raw`^beschreibung\s+(?:von|vom|fur|fuer|zu|zum|zur)\s+(?<ev>.+?)\s+(?:hinzufugen|hinzufuegen|setzen|eintragen|andern)\s*:\s*(?<text>.+)$`,
    String.raw`^(?:beschreibung\s+(?:von|vom|fur|fuer|zu|zum|zur)|beschreibe|fuge\s+(?:eine\s+)?beschreibung\s+(?:zu|fur|fuer|zum|zur))\s*(?<ev>.+?)\s*:\s*(?<text>.+?)(?:\s+hinzu)?$`,
    String.raw`^(?<ev>.+?)\s+beschreibung\s*:\s*(?<text>.+)$`,
  ],
  removeVenue: [
    String.raw`^(?:entferne|entfern|losche|loesche|losch|streiche|streich)\s+(?:den\s+|die\s+|das\s+)?(?:ort|raum|buhne|saal|bereich|platz)\s+(?<venue>.+)$`,
    String.raw`^(?:den\s+|die\s+|das\s+)?(?:ort|raum|venue)\s+(?<venue>.+?)(?:\s+(?:wieder|bitte|doch|mal))*\s+(?:entfernen|loschen|loeschen|streichen)$`,
  ],
}

const WORDS = { en: EN, fr: FR, de: DE } as const

interface Compiled {
  shift: { re: RegExp; sign: 1 | -1 }[]
  later: RegExp
  earlier: RegExp
  length: RegExp[]
  endsAt: RegExp[]
  extend: { re: RegExp; sign: 1 | -1 }[]
  renamed: RegExp[]
  movedTo: RegExp[]
  describe: RegExp[]
  removeVenue: RegExp[]
}
const cache = new Map<Vocab, Compiled>()

function compiled(v: Vocab): Compiled {
  let c = cache.get(v)
  if (c) return c
  const w = WORDS[v.lang]
  const tv = v.time
  const len = String.raw`(?<n>${amountSource(tv)})[\s-]?(?<u>${tv.hours}|${tv.minutes})(?![\p{L}])(?:\s?(?<m2>\d{2})(?:\s?(?:${tv.minutes}))?(?![\p{L}\p{N}]))?`
  const mk = (s: string) => re(s.replaceAll('LEN', len))
  c = {
    shift: w.shift.map((x) => ({ re: mk(x.re), sign: x.sign })),
    later: rx('u')`^(?:${w.later})$`,
    earlier: rx('u')`^(?:${w.earlier})$`,
    length: w.length.map(mk),
    endsAt: w.endsAt.map(mk),
    extend: w.extend.map((x) => ({ re: mk(x.re), sign: x.sign })),
    renamed: w.renamed.map(mk),
    movedTo: w.movedTo.map(mk),
    describe: w.describe.map(mk),
    removeVenue: w.removeVenue.map(mk),
  }
  cache.set(v, c)
  return c
}

/** The event a group of a match names, or the outcome to answer instead. */
function refOf(t: Txt, m: RegExpExecArray, v: Vocab, ctx: Parameters<Rule>[2], quotes: readonly string[], groupName = 'ev'): string | Outcome | undefined {
  const g = group(t, m, groupName)
  return g ? eventRef(squash(g), v, ctx, quotes) : undefined
}

/** "push X back 30 min", "décale X de 30 minutes", "X eine Stunde später". */
export const shiftEvent: Rule = (t, v, ctx, quotes) => {
  const c = compiled(v)
  for (const { re: r, sign } of c.shift) {
    const m = r.exec(t.f)
    if (!m) continue
    const ms = lengthOf(m.groups ?? {}, v.time)
    if (!ms || ms > 7 * 24 * 3_600_000) continue
    const dir = (m.groups?.dir ?? m.groups?.dir1)?.trim()
    const s = dir ? (c.earlier.test(dir) ? -1 : c.later.test(dir) ? 1 : sign) : sign
    const ev = refOf(t, m, v, ctx, quotes)
    if (isOutcome(ev)) return ev
    if (!ev) return fail('missing-name')
    return { type: 'shift-event', event: ev, byMs: s * ms }
  }
  return null
}

/** "make X 2 hours", "X ends at 18:00", "extend X by 30 min". */
export const setLength: Rule = (t, v, ctx, quotes) => {
  const c = compiled(v)
  for (const r of c.length) {
    const m = r.exec(t.f)
    if (!m) continue
    const ms = lengthOf(m.groups ?? {}, v.time)
    if (!ms) continue
    const ev = refOf(t, m, v, ctx, quotes)
    if (isOutcome(ev)) return ev
    if (!ev) return fail('missing-name')
    return { type: 'set-length', event: ev, durationMs: ms }
  }
  for (const { re: r, sign } of c.extend) {
    const m = r.exec(t.f)
    if (!m) continue
    const ms = lengthOf(m.groups ?? {}, v.time)
    if (!ms) continue
    const ev = refOf(t, m, v, ctx, quotes)
    if (isOutcome(ev)) return ev
    if (!ev) return fail('missing-name')
    return { type: 'set-length', event: ev, extendMs: sign * ms }
  }
  for (const r of c.endsAt) {
    const m = r.exec(t.f)
    if (!m) continue
    const clock = group(t, m, 'clock')
    if (!clock) continue
    const tf = findTime(squash(clock), v, ctx)
    // "ends at 1", "endet um halb eins": a bare hour is the first of its two times after the start,
    // which only the executor knows — never asked, never the wrong half of the day.
    if (tf.problem?.kind === 'ambiguous-hour') {
      const ev = refOf(t, m, v, ctx, quotes)
      if (isOutcome(ev)) return ev
      if (!ev) return fail('missing-name')
      const hh = String(tf.problem.hour % 12).padStart(2, '0')
      return { type: 'set-length', event: ev, endClock: `${hh}:${String(tf.problem.minute ?? 0).padStart(2, '0')}`, endLoose: true }
    }
    const problem = timeProblem(tf, v)
    if (problem) return problem
    if (tf.clock === undefined || tf.day !== undefined || !/^[\s,.!]*$/u.test(tf.rest.f.replace(rx('u')`^(?:${v.time.clockPreps})$`, ''))) continue
    const ev = refOf(t, m, v, ctx, quotes)
    if (isOutcome(ev)) return ev
    if (!ev) return fail('missing-name')
    const hh = String(Math.floor(tf.clock / 60)).padStart(2, '0')
    const mm = String(tf.clock % 60).padStart(2, '0')
    return { type: 'set-length', event: ev, endClock: `${hh}:${mm}` }
  }
  return null
}

/** "X is now called Y", "X s'appelle maintenant Y", "X heißt jetzt Y". */
export const renamedStatement: Rule = (t, v, ctx, quotes) => {
  for (const r of compiled(v).renamed) {
    const m = r.exec(t.f)
    if (!m) continue
    const ev = refOf(t, m, v, ctx, quotes)
    if (isOutcome(ev)) return ev
    const next = group(t, m, 'new')
    const title = next ? cleanName(next, v, quotes, '', true) : undefined
    if (!ev || !title) return fail('missing-name')
    return { type: 'rename-event', event: ev, title }
  }
  return null
}

/** "X is now at the bar", "X est maintenant samedi à 15h", "X findet jetzt im Atelier statt". */
export const movedStatement: Rule = (t, v, ctx, quotes) => {
  for (const r of compiled(v).movedTo) {
    const m = r.exec(t.f)
    if (!m) continue
    const rest = group(t, m, 'rest')
    if (!rest) continue
    const parts = readEventParts(squash(rest), v, ctx, quotes, { mode: 'change', targetPreps: v.moveTo })
    if ('type' in parts) return parts
    if (!parts.time && !parts.venue) continue
    if (parts.event) continue // more words than a time and a place: not this rule's
    const ev = refOf(t, m, v, ctx, quotes)
    if (isOutcome(ev)) return ev
    if (!ev) return fail('missing-name')
    const out: Extract<Intent, { type: 'move-event' }> = { type: 'move-event', event: ev }
    if (parts.time) out.time = parts.time
    if (parts.venue) out.venue = parts.venue
    return out
  }
  return null
}

/** "move history of p2p to 8pm", "déplace X samedi", "verschieb X ins Atelier". */
/** "same time", "même heure", "gleiche Uhrzeit": a move that keeps the time says so. */
const SAME_TIME = /[\s,]+(?:(?:at\s+)?(?:the\s+)?same time|(?:a\s+la\s+)?meme heure|(?:zur\s+|um die\s+)?(?:gleichen?|selben?) (?:zeit|uhrzeit))$/u

export const moveEvent: Rule = (t, v, ctx, quotes) => {
  const m = first(t, v.move)
  if (!m) return null
  const said = group(t, m, 'body')
  if (!said) return null
  const same = SAME_TIME.exec(said.f)
  const body = same ? sub(said, 0, same.index) : said
  const parts = readEventParts(squash(body), v, ctx, quotes, { mode: 'change', targetPreps: v.moveTo })
  if ('type' in parts) return parts
  if (!parts.event) return fail('missing-name')
  if (!parts.time && !parts.venue) return fail('missing-time')
  const ref = refName(parts.event, ctx)
  if (isOutcome(ref)) return ref
  const out: Extract<Intent, { type: 'move-event' }> = { type: 'move-event', event: ref }
  if (parts.time) out.time = parts.time
  if (parts.venue) out.venue = parts.venue
  // "move yoga from 9 to 10", « déplace le yoga de 9h à 10h »: from its time to another, or to 9–10?
  // Asked (it was read as 9:00–10:00, keeping the start and changing the end).
  const time = parts.time
  if (time?.timeOnly && time.end !== undefined && time.endClock && time.clock && FROM_WORDS.test(parts.tf.clockPrep ?? '')) {
    const to: TimeSpec = { start: time.end, dayOnly: false, text: time.text, timeOnly: true, clock: time.endClock }
    const range = `${time.clock}–${time.endClock}`
    const q = {
      en: `Move “${ref}” to ${time.endClock}, or make it ${range}?`,
      fr: `Déplacer « ${ref} » à ${time.endClock}, ou le mettre de ${time.clock} à ${time.endClock} ?`,
      de: `„${ref}“ auf ${time.endClock} verschieben, oder auf ${range} legen?`,
    }[v.lang]
    return { type: 'ask', question: q, choices: [time.endClock, range], intents: [{ ...out, time: to }, out] }
  }
  return out
}

/** The words a range of clock times begins with ("from 9 to 10"). */
const FROM_WORDS = /^(?:from|de|du|von)$/u

/** "description of X: …", "description de X : …", "Beschreibung von X: …". */
export const describeEvent: Rule = (t, v, ctx, quotes) => {
  for (const r of compiled(v).describe) {
    const m = r.exec(t.f)
    if (!m) continue
    const ev = refOf(t, m, v, ctx, quotes)
    if (isOutcome(ev)) return ev
    const text = group(t, m, 'text')
    const said = text ? restoreQuotes(text.o, quotes).trim() : ''
    if (!ev || !said) return fail('missing-name')
    return { type: 'describe-event', event: ev, text: said.slice(0, 2000) }
  }
  return null
}

/** "remove venue X", "supprime le lieu X", "entferne den Ort X". */
export const removeVenue: Rule = (t, v, _ctx, quotes) => {
  for (const r of compiled(v).removeVenue) {
    const m = r.exec(t.f)
    if (!m) continue
    const g = group(t, m, 'venue')
    const venue = g ? cleanName(g, v, quotes) : undefined
    if (!venue) return fail('missing-name')
    return { type: 'remove-venue', venue }
  }
  return null
}


/** Target words of a move said without a verb ("X auf Freitag"), per language. */
const BARE_TO: Record<Vocab['lang'], string> = {
  en: 'to|onto|at',
  fr: "a|au|a la|a l'|vers",
  de: 'auf|ins|in die|in den|zum|zur|nach|in',
}

/**
 * A move without a verb, named by a known title: "intro to yjs auf sa 10 uhr", "les zazous auf
 * donnerstag 20 uhr ins village", "history of p2p to 8pm". The rest must be only a time or a place.
 */
export const moveBare: Rule = (t0, v, ctx, quotes) => {
  if (ctx.question || !ctx.known?.events.length) return null
  // "put hackers in the village instead": "put" says it is a move, and then "in" names the place.
  const put = v.lang === 'en' ? /^(?:put|stick|let'?s put)\s+/u.exec(t0.f) : null
  const instead = v.lang === 'en' ? /\s+instead$/u.exec(t0.f) : null
  const t = put || instead ? squash(sub(t0, put?.[0].length ?? 0, instead?.index ?? t0.f.length)) : t0
  const to = put ? `${BARE_TO[v.lang]}|in the|in|into` : BARE_TO[v.lang]
  const re = rx('dgu')`^(?<ev>.+?)\s+(?:${to})\s+(?<rest>.+)$`
  for (const m of allMatches(re, t.f)) {
    const evT = group(t, m, 'ev')
    const rest = group(t, m, 'rest')
    if (!evT || !rest) continue
    const ref = eventRef(squash(evT), v, ctx, quotes)
    if (typeof ref !== 'string' || !ctx.known.events.some((e) => e.title === ref)) continue
    const prep = t.o.slice(evT.o.length).trim().split(/\s+/)[0] ?? ''
    const parts = readEventParts(squash({ o: `${prep} ${rest.o}`, f: `${prep.toLowerCase()} ${rest.f}` }), v, ctx, quotes, { mode: 'change', targetPreps: to })
    if ('type' in parts) return parts
    if (parts.event || (!parts.time && !parts.venue)) continue
    const out: Extract<Intent, { type: 'move-event' }> = { type: 'move-event', event: ref }
    if (parts.time) out.time = parts.time
    if (parts.venue) out.venue = parts.venue
    return out
  }
  return null
}

/** "doch lieber 15 uhr", "actually 3pm", "plutôt à 16h": the event last talked about, at another time or place. */
const RATHER: Record<Vocab['lang'], RegExp> = {
  en: /^(?:actually|rather|instead|no wait|wait|make that|change that to|better)\s+(?<rest>.+?)(?:\s+instead)?$|^(?<rest2>.+?)\s+instead$/du,
  fr: /^(?:(?:non|ah|bon|pardon|oups|en fait|finalement),?\s+)*(?:plutot|finalement|en fait|non|pardon|mieux)\s+(?<rest>.+?)(?:\s+plutot)?$|^(?<rest2>.+?)\s+plutot$/du,
  de: /^(?:doch lieber|lieber doch|lieber|doch|eher|besser|doch eher|ach nee|nee)\s+(?<rest>.+?)(?:\s+(?:lieber|stattdessen))?$|^(?<rest2>.+?)\s+(?:stattdessen|lieber)$/du,
}

export const moveLast: Rule = (t, v, ctx, quotes) => {
  const m = RATHER[v.lang].exec(t.f)
  if (!m) return null
  const rest = group(t, m as RegExpExecArray, 'rest') ?? group(t, m as RegExpExecArray, 'rest2')
  if (!rest) return null
  const parts = readEventParts(squash(rest), v, ctx, quotes, { mode: 'change', targetPreps: v.moveTo })
  if ('type' in parts) return parts
  if (parts.event || (!parts.time && !parts.venue)) return null
  if (!ctx.last) return fail('no-referent')
  const out: Extract<Intent, { type: 'move-event' }> = { type: 'move-event', event: ctx.last }
  if (parts.time) out.time = parts.time
  if (parts.venue) out.venue = parts.venue
  return out
}
