/**
 * Reads the corpus files (`test/corpus/*.txt`): cases of chat messages, each followed by the effect
 * it must have. The format is described in `test/corpus/README.md`; a malformed line is an error
 * naming the file and line, never a case silently dropped.
 */
import { readFileSync } from 'node:fs'
import { basename } from 'node:path'
import { instantAt } from '../../core/time.ts'
import { EVENT_KINDS, type EventKind } from '../../core/types.ts'
import type { Lang } from '../../commands/intent.ts'
import { NOW, PEOPLE, ZONE } from './fixture.ts'

/** What one message must do. */
export type Expect =
  | {
      type: 'add-event'
      title: string
      kind: EventKind
      start: number
      end: number
      venue: string | null
      capacity: number | null
      organizers: string[]
      resources: string[]
      description: string | null
    }
  | { type: 'change-event'; title: string; fields: EventFields }
  | { type: 'rsvp'; title: string; answer: 'going' | 'maybe' | 'not-going'; day?: string }
  | { type: 'add-venue'; name: string; capacity?: number | null; concurrent?: number | null }
  | { type: 'remove-venue'; name: string }
  | { type: 'add-resource'; name: string; count?: number }
  | { type: 'add-series'; title: string; kind: EventKind; first: number; end: number; venue: string | null; rrule: string }
  | { type: 'ask'; re?: RegExp }
  | { type: 'reply'; re: RegExp }
  | { type: 'refuse'; re?: RegExp }
  | { type: 'nothing' }

/** Fields of an event a change may set (absent = unchanged). */
export interface EventFields {
  title?: string
  kind?: EventKind
  start?: number
  end?: number
  venue?: string | null
  capacity?: number | null
  organizers?: string[]
  resources?: string[]
  description?: string | null
  cancelled?: boolean
}

/** One message of a case and what it must do. */
export interface Step {
  speaker: string
  text: string
  expects: Expect[]
  /** Asking back is an acceptable answer too (`? or ask`). */
  askOk: boolean
  /** `file:line` of the message. */
  where: string
}

/** A conversation of one or more messages from the fixture's state. */
export interface Case {
  id: string
  lang: Lang
  /** The intent label for the tables (`@intent`). */
  intent: string
  /** The room's language (`@room`). */
  room: Lang
  /** The clock, UTC ms (`@now`). */
  now: number
  steps: Step[]
}

/** Thrown for a malformed corpus line. */
export class CorpusFormatError extends Error {
  override name = 'CorpusFormatError'
}

/** Splits an expectation into words, keeping `"quoted strings"` and `/regexes/` whole. */
function tokens(s: string, where: string): string[] {
  const out: string[] = []
  let i = 0
  while (i < s.length) {
    if (s[i] === ' ') {
      i++
      continue
    }
    if (s[i] === '"') {
      const j = s.indexOf('"', i + 1)
      if (j < 0) throw new CorpusFormatError(`${where}: unclosed quote`)
      out.push(s.slice(i, j + 1))
      i = j + 1
    } else if (s[i] === '/') {
      const j = s.lastIndexOf('/')
      if (j <= i) throw new CorpusFormatError(`${where}: unclosed regex`)
      out.push(s.slice(i, j + 1))
      i = j + 1
    } else {
      let j = s.indexOf(' ', i)
      if (j < 0) j = s.length
      out.push(s.slice(i, j))
      i = j
    }
  }
  return out
}

const unquote = (t: string) => (t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1) : t)
const regex = (t: string, where: string): RegExp => {
  if (!/^\/.*\/$/.test(t)) throw new CorpusFormatError(`${where}: expected /regex/, got ${t}`)
  return new RegExp(t.slice(1, -1), 'iu')
}

function kindOf(t: string | undefined, where: string): EventKind {
  if (!t || !EVENT_KINDS.includes(t as EventKind)) throw new CorpusFormatError(`${where}: unknown kind ${t}`)
  return t as EventKind
}

/** `2027-06-05 15:00-17:00` → start and end instants (an end before the start is the next day). */
function span(day: string | undefined, range: string | undefined, where: string): { start: number; end: number } {
  if (!day || !/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new CorpusFormatError(`${where}: expected a day YYYY-MM-DD, got ${day}`)
  const m = /^(\d{2}:\d{2})-(\d{2}:\d{2})$/.exec(range ?? '')
  if (!m) throw new CorpusFormatError(`${where}: expected HH:MM-HH:MM, got ${range}`)
  const start = instantAt(day, m[1]!, ZONE)
  let end = instantAt(day, m[2]!, ZONE)
  if (end <= start) {
    const d = new Date(`${day}T12:00:00Z`)
    d.setUTCDate(d.getUTCDate() + 1)
    end = instantAt(d.toISOString().slice(0, 10), m[2]!, ZONE)
  }
  return { start, end }
}

/** A list after a keyword: `org Alice; Bob` up to the next keyword. */
function list(words: string[], i: number, keywords: Set<string>): { items: string[]; next: number } {
  const parts: string[] = []
  let j = i
  while (j < words.length && !keywords.has(words[j]!)) parts.push(unquote(words[j++]!))
  return { items: parts.join(' ').split(';').map((s) => s.trim()).filter(Boolean), next: j }
}

const EVENT_KEYS = new Set(['on', 'at', 'cap', 'org', 'res', 'desc', 'to', 'kind', 'cancelled'])

function eventFields(words: string[], from: number, where: string): EventFields {
  const f: EventFields = {}
  let i = from
  while (i < words.length) {
    const k = words[i++]!
    switch (k) {
      case 'on': {
        const s = span(words[i], words[i + 1], where)
        f.start = s.start
        f.end = s.end
        i += 2
        break
      }
      case 'at': {
        const v = unquote(words[i++] ?? '')
        f.venue = v === 'none' ? null : v
        break
      }
      case 'cap': {
        const v = words[i++]
        f.capacity = v === 'none' ? null : Number(v)
        if (f.capacity !== null && !Number.isInteger(f.capacity)) throw new CorpusFormatError(`${where}: cap needs a number`)
        break
      }
      case 'org': {
        const l = list(words, i, EVENT_KEYS)
        f.organizers = l.items
        i = l.next
        break
      }
      case 'res': {
        const l = list(words, i, EVENT_KEYS)
        f.resources = l.items
        i = l.next
        break
      }
      case 'desc': {
        const v = words[i++]
        f.description = v === 'none' ? null : unquote(v ?? '')
        break
      }
      case 'to':
        f.title = unquote(words[i++] ?? '')
        break
      case 'kind':
        f.kind = kindOf(words[i++], where)
        break
      case 'cancelled':
        f.cancelled = true
        break
      default:
        throw new CorpusFormatError(`${where}: unknown word ${k} in an event expectation`)
    }
  }
  return f
}

function expectation(line: string, where: string): Expect | 'ask-ok' {
  const w = tokens(line, where)
  const [sign, what] = w
  if (sign === '?') {
    if (what === 'or' && w[2] === 'ask') return 'ask-ok'
    if (what === 'ask') return w[2] ? { type: 'ask', re: regex(w[2], where) } : { type: 'ask' }
    if (what === 'reply') return { type: 'reply', re: regex(w[2] ?? '', where) }
    if (what === 'refuse') return w[2] ? { type: 'refuse', re: regex(w[2], where) } : { type: 'refuse' }
    if (what === 'nothing') return { type: 'nothing' }
  }
  if (sign === '+' && what === 'event') {
    const title = unquote(w[2] ?? '')
    const kind = kindOf(w[3], where)
    if (w[4] !== 'on') throw new CorpusFormatError(`${where}: + event "title" kind on DAY HH:MM-HH:MM …`)
    const f = eventFields(w, 4, where)
    return {
      type: 'add-event',
      title,
      kind,
      start: f.start!,
      end: f.end!,
      venue: f.venue ?? null,
      capacity: f.capacity ?? null,
      organizers: f.organizers ?? [],
      resources: f.resources ?? [],
      description: f.description ?? null,
    }
  }
  if (sign === '~' && what === 'event') return { type: 'change-event', title: unquote(w[2] ?? ''), fields: eventFields(w, 3, where) }
  if (sign === '~' && what === 'rsvp') {
    const answer = w[3]
    if (answer !== 'going' && answer !== 'maybe' && answer !== 'not-going') throw new CorpusFormatError(`${where}: rsvp answer going|maybe|not-going`)
    const out: Expect = { type: 'rsvp', title: unquote(w[2] ?? ''), answer }
    if (w[4]) out.day = w[4]
    return out
  }
  if (sign === '+' && what === 'venue') {
    const out: Extract<Expect, { type: 'add-venue' }> = { type: 'add-venue', name: unquote(w[2] ?? '') }
    for (let i = 3; i < w.length; i += 2) {
      if (w[i] === 'cap') out.capacity = Number(w[i + 1])
      else if (w[i] === 'concurrent') out.concurrent = w[i + 1] === 'many' ? null : Number(w[i + 1])
      else throw new CorpusFormatError(`${where}: + venue "name" [cap n] [concurrent n|many]`)
    }
    return out
  }
  if (sign === '-' && what === 'venue') return { type: 'remove-venue', name: unquote(w[2] ?? '') }
  if (sign === '+' && what === 'resource') {
    const out: Extract<Expect, { type: 'add-resource' }> = { type: 'add-resource', name: unquote(w[2] ?? '') }
    if (w[3] === 'count') out.count = Number(w[4])
    return out
  }
  if (sign === '+' && what === 'series') {
    // + series "title" kind first DAY HH:MM-HH:MM [at venue] rrule RRULE
    const title = unquote(w[2] ?? '')
    const kind = kindOf(w[3], where)
    if (w[4] !== 'first') throw new CorpusFormatError(`${where}: + series "title" kind first DAY HH:MM-HH:MM [at venue] rrule RULE`)
    const s = span(w[5], w[6], where)
    let i = 7
    let venue: string | null = null
    if (w[i] === 'at') {
      venue = unquote(w[i + 1] ?? '')
      i += 2
    }
    if (w[i] !== 'rrule' || !w[i + 1]) throw new CorpusFormatError(`${where}: series needs rrule RULE`)
    return { type: 'add-series', title, kind, first: s.start, end: s.end, venue, rrule: w[i + 1]! }
  }
  throw new CorpusFormatError(`${where}: cannot read expectation "${line}"`)
}

/** Reads one corpus file. `lang` is the language its sentences are written in. */
export function loadCorpus(path: string, lang: Lang): Case[] {
  const file = basename(path)
  const lines = readFileSync(path, 'utf8').split('\n')
  const cases: Case[] = []
  let now = NOW
  let intent = 'other'
  let room: Lang = 'en'
  let current: Case | null = null
  const close = () => {
    if (!current) return
    for (const s of current.steps) {
      if (s.expects.length === 0) throw new CorpusFormatError(`${s.where}: a message needs at least one expectation`)
    }
    cases.push(current)
    current = null
  }
  lines.forEach((raw, n) => {
    const where = `${file}:${n + 1}`
    const line = raw.replace(/\s+$/, '')
    if (line.trim() === '') return close()
    if (line.startsWith('#')) return
    if (line.startsWith('@')) {
      close()
      const [key, ...rest] = line.slice(1).split(/\s+/)
      const value = rest.join(' ')
      if (key === 'now') {
        const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})$/.exec(value)
        if (!m) throw new CorpusFormatError(`${where}: @now YYYY-MM-DDTHH:MM (Paris time)`)
        now = instantAt(m[1]!, m[2]!, ZONE)
      } else if (key === 'intent') intent = value
      else if (key === 'room') {
        if (value !== 'en' && value !== 'fr' && value !== 'de') throw new CorpusFormatError(`${where}: @room en|fr|de`)
        room = value
      } else throw new CorpusFormatError(`${where}: unknown directive @${key}`)
      return
    }
    const msg = /^([a-z]+)> (.+)$/.exec(line)
    if (msg) {
      const speaker = msg[1]!
      if (!(speaker in PEOPLE)) throw new CorpusFormatError(`${where}: unknown speaker ${speaker}`)
      current ??= { id: where, lang, intent, room, now, steps: [] }
      current.steps.push({ speaker, text: msg[2]!, expects: [], askOk: false, where })
      return
    }
    if (/^\s+[+~?-] /.test(line)) {
      const step = current?.steps.at(-1)
      if (!step) throw new CorpusFormatError(`${where}: an expectation before any message`)
      const e = expectation(line.trim(), where)
      if (e === 'ask-ok') step.askOk = true
      else step.expects.push(e)
      return
    }
    throw new CorpusFormatError(`${where}: cannot read "${line}"`)
  })
  close()
  return cases
}
