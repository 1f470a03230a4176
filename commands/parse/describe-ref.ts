/**
 * An event named by what people know about it rather than by its title: whose it is, what kind, which
 * day, a word of its title — "bob's workshop", "my ipfs workshop", "la conf d'alice", "le truc de bob
 * samedi", "alices Vortrag", "the mesh talk", "bobs Ding am Samstag".
 *
 * @remarks Pure: it reads a phrase into parts, and {@link matchDescribed} filters a list of events by
 * them. A phrase that names neither an owner nor a kind nor a day is no description (the title
 * matcher handles it). Everything is compared folded (lowercase, no accents).
 */
import type { EventKind } from '../../core/types.ts'
import { LANGS } from '../intent.ts'
import { fold, rx } from './text.ts'
import { de } from './vocab-de.ts'
import { en } from './vocab-en.ts'
import { fr } from './vocab-fr.ts'

const VOCABS = { en, fr, de }

/** What a describing phrase says. */
export interface Description {
  /** A person's name as typed ("bob"), or `me` for "my", "mon", "mein". */
  owner?: string
  kind?: EventKind
  /** ISO weekday, 1 = Monday. */
  weekday?: number
  /** Words left that must be found in the title. */
  words: string[]
}

const ME = /^(?:my|mon|ma|mes|mein|meine|meinen|meinem|meiner)\s+/u
const ARTICLES = /^(?:(?:the|a|an|le|la|les|l'|un|une|au|aux|du|der|die|das|den|dem|des|zum|zur|beim|im|a la)\s+|l')/u
/** Words that name no kind and no title: "thing", "truc", "Ding", "one", "event". */
const VAGUE = new Set(['thing', 'one', 'event', 'session', 'truc', 'machin', 'evenement', 'ding', 'sache', 'veranstaltung', 'termin', 'am', 'on', 'le', 'de', 'du', 'this', 'that', 'ce', 'cette'])

/**
 * Reads "bob's saturday thing" into its parts, with the names of the festival's people, or
 * `null` when the phrase is no description.
 */
export function readDescription(typed: string, people: readonly string[]): Description | null {
  let f = fold(typed).replace(/[?!.,]+$/u, '').trim()
  const out: Description = { words: [] }
  const isPerson = (w: string) => people.some((p) => fold(p) === w || fold(p).split(/\s+/)[0] === w)
  const me = ME.exec(f)
  if (me) {
    out.owner = 'me'
    f = f.slice(me[0].length)
  } else {
    f = f.replace(ARTICLES, '')
    // "bob's workshop", "alices vortrag" (German genitive), "bobs ding"
    const pre = /^(?<who>\p{L}+?)(?:'s|’s|s|')\s+(?<rest>.+)$/u.exec(f)
    // "l'atelier de bob", "la conf d'alice jeudi", "der vortrag von alice"
    const post = /^(?<rest>.+?)\s+(?:de|d'|von|by|from)\s*(?<who>\p{L}+)(?<tail>\s+.+)?$/u.exec(f)
    if (pre?.groups && isPerson(pre.groups.who!)) {
      out.owner = pre.groups.who!
      f = pre.groups.rest!
    } else if (post?.groups && isPerson(post.groups.who!)) {
      out.owner = post.groups.who!
      f = `${post.groups.rest!}${post.groups.tail ?? ''}`
    }
  }
  for (const word of f.split(/\s+/u).filter(Boolean)) {
    const w = word.replace(ARTICLES, '')
    const kind = kindWord(w)
    const day = weekdayOf(w)
    if (kind && !out.kind) out.kind = kind
    else if (day && !out.weekday) out.weekday = day
    else if (!VAGUE.has(w) && w.length > 1) out.words.push(w)
  }
  if (!out.owner && !out.kind && !out.weekday) return null
  return out
}

/**
 * The kind a name means when it is only a kind word, in any language: "workshop", "atelier",
 * "Vortrag", "conf" (articles and possessives already cut). `undefined` for any other name.
 */
export function kindWord(name: string): EventKind | undefined {
  const f = fold(name.trim())
  for (const lang of LANGS) {
    for (const k of VOCABS[lang].kinds) if (k.kind !== 'other' && rx('u')`^(?:${k.re})$`.test(f)) return k.kind
  }
  return undefined
}

function weekdayOf(w: string): number | undefined {
  for (const lang of LANGS) {
    const i = VOCABS[lang].time.weekdays.findIndex((d) => rx('u')`^(?:${d})s?$`.test(w))
    if (i >= 0) return i + 1
  }
  return undefined
}

/** The events of `pool` a {@link Description} fits. */
export function matchDescribed<T extends { title: string; kind: EventKind; authorName: string; author: string; organizers: string[]; start: number | null }>(
  d: Description,
  pool: readonly T[],
  me: string,
  weekdayOf: (start: number) => number,
): T[] {
  return pool.filter((e) => {
    if (d.owner === 'me' && e.author !== me) return false
    if (d.owner && d.owner !== 'me') {
      const who = [e.authorName, ...e.organizers].map((n) => fold(n))
      if (!who.some((n) => n === d.owner || n.split(/\s+/)[0] === d.owner)) return false
    }
    if (d.kind && e.kind !== d.kind) return false
    if (d.weekday && (e.start === null || weekdayOf(e.start) !== d.weekday)) return false
    const title = ` ${fold(e.title).replace(/[^\p{L}\p{N}]+/gu, ' ')} `
    return d.words.every((w) => title.includes(` ${w}`))
  })
}
