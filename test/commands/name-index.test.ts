/**
 * The name index loses nothing: on a generated festival of 5,000 events (and on Camp 2019's
 * titles), for a few hundred names as people type them — exactly, with one or two letters wrong,
 * swapped or missing, a word or the start of one, without accents, in capitals, very short — the
 * indexed {@link matchName} answers exactly as the full scan, and the index's candidates hold every
 * name that scores above 0. Also after the festival changes (titles renamed, events gone, added).
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { mapAligned, matchName, nameCandidates, nameCandidatesInOrder, nameScore, prepare, titleCandidates } from '../../commands/resolve.ts'
import { EXAMPLES } from '../helpers/cli.ts'
import { compareEvents } from '../../core/view.ts'
import { changesBetween } from '../../core/deltas.ts'
import { holdsTitle } from '../../commands/parse/index.ts'
import type { AuthorKey, EntityId, EventData, EventView } from '../../core/types.ts'

/** Seeded so that a failure repeats. */
function rng(seed: number): () => number {
  return () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31)
}

const WORDS = [
  'Mesh', 'Routing', 'Local-first', 'CRDT', 'Sync', 'Privacy', 'Radio', 'Garden', 'Music', 'Repair', 'Solar', 'Games',
  'Atelier', 'vélo', 'Conférence', 'Bühne', 'Löten', 'für', 'Anfänger', 'Café', 'crème', 'Yjs', 'P2P', 'IPFS', 'Rust',
  'the', 'of', 'la', 'der', 'Intro', 'to', 'Débutants', 'Sérigraphie', 'Kochen', 'Zoé', 'Jam', 'AI', 'Go', 'Öl', 'x',
  'Hackerspace', 'Knoten', 'Übersetzung', 'Straßenfest', 'Noël', 'Soirée', 'Werkstatt', 'Meetup', 'Meet-up', 'DJ',
]

/** A festival's titles: a few words each, some numbered, some shared, accents and short words among them. */
function bigTitles(n: number, random: () => number): string[] {
  return Array.from({ length: n }, (_, i) => {
    const k = 1 + Math.floor(random() * 4)
    const words = Array.from({ length: k }, () => WORDS[Math.floor(random() * WORDS.length)]!)
    if (random() < 0.5) words.push(String(i))
    return words.join(' ')
  })
}

/** How people type a name: whole, a word, the start of one, one or two slips, no accents, capitals, a bit. */
function typings(name: string, random: () => number): string[] {
  const words = name.split(/\s+/).filter((w) => w.length > 0)
  const word = words[Math.floor(random() * words.length)] ?? name
  const at = Math.floor(random() * Math.max(1, word.length - 1))
  const slip = (w: string, p: number) => w.slice(0, p) + 'q' + w.slice(p + 1)
  return [
    name,
    name.toUpperCase(),
    name.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase(),
    word,
    word.slice(0, 2),
    word.slice(0, 1),
    word.slice(0, Math.max(2, Math.ceil(word.length / 2))),
    slip(word, at),
    slip(slip(word, at), Math.max(0, word.length - 1 - at)),
    word.slice(0, at) + (word[at + 1] ?? '') + (word[at] ?? '') + word.slice(at + 2),
    word.slice(0, at) + word.slice(at + 1),
    word.slice(0, at) + 'e' + word.slice(at),
    words.slice(0, 2).join(''),
    words.slice(-2).join(' '),
    name.slice(1, 4),
    slip(name, Math.floor(random() * name.length)),
  ]
}

interface Item {
  id: number
  title: string
}

function check(items: readonly Item[], typed: string, key: string): number {
  const namesOf = (x: Item) => [x.title]
  const indexed = matchName(typed, items, namesOf, key)
  const scanned = matchName(typed, items, namesOf)
  expect(indexed, typed).toEqual(scanned)
  const candidates = new Set(nameCandidates(prepare(typed), items, namesOf, key))
  let scoring = 0
  for (const item of items) {
    if (nameScore(typed, item.title) > 0) {
      scoring++
      if (!candidates.has(item)) expect.fail(`"${typed}" scores for "${item.title}" but the index dropped it`)
    }
  }
  return scoring
}

describe('the name index', () => {
  it('answers as the full scan on 5,000 generated titles, for typed names exact, misspelled, partial, unaccented', () => {
    const random = rng(11)
    const items: Item[] = bigTitles(5000, random).map((title, id) => ({ id, title }))
    let typed = 0
    let scoring = 0
    for (let k = 0; k < 40; k++) {
      const target = items[Math.floor(random() * items.length)]!
      for (const t of typings(target.title, random)) {
        scoring += check(items, t, 'test: generated')
        typed++
      }
    }
    expect(typed).toBeGreaterThan(600)
    // The typed names did match many titles (the comparison is not of empty answers).
    expect(scoring).toBeGreaterThan(50_000)
  })

  it('answers as the full scan on Camp 2019, with venues and their aliases', () => {
    const camp = JSON.parse(readFileSync(join(EXAMPLES, 'camp2019/everything.schedule.json'), 'utf8')).schedule.conference
    const titles: string[] = camp.days.flatMap((d: { rooms: Record<string, { title: string }[]> }) => Object.values(d.rooms).flat().map((e) => e.title))
    const items: Item[] = titles.map((title, id) => ({ id, title }))
    const random = rng(5)
    for (let k = 0; k < 30; k++) {
      const target = items[Math.floor(random() * items.length)]!
      for (const t of typings(target.title, random)) check(items, t, 'test: camp')
    }
    // Several names per item (a venue and its aliases).
    const venues = Array.from({ length: 100 }, (_, i) => ({ name: `Hall ${i}`, aliases: i % 3 ? [`Salle ${i}`, `H${i}`] : [] }))
    const names = (v: (typeof venues)[number]) => [v.name, ...v.aliases]
    for (const t of ['hall 7', 'salle 12', 'h12', 'sale 30', 'hal', 'Halle 99', 'h', 'salle', '12']) {
      expect(matchName(t, venues, names, 'test: venues'), t).toEqual(matchName(t, venues, names))
    }
  })

  it('keeps answering as the scan while the festival changes: renames, events gone and new ones, duplicates', () => {
    const random = rng(3)
    let items: Item[] = bigTitles(2000, random).map((title, id) => ({ id, title }))
    let next = items.length
    for (let round = 0; round < 8; round++) {
      // Rename a few, drop a few, add a few (as new objects, as a new view would have them).
      items = items
        .filter(() => random() > 0.02)
        .map((x) => (random() < 0.02 ? { id: x.id, title: `${x.title} b` } : x))
      items.push(...bigTitles(50, random).map((title) => ({ id: next++, title })))
      items.push({ id: next++, title: items[0]!.title })
      for (let k = 0; k < 6; k++) {
        const target = items[Math.floor(random() * items.length)]!
        for (const t of typings(target.title, random)) check(items, t, 'test: changing')
      }
      check(items, items[0]!.title, 'test: changing')
    }
  })

  it('finds words new to the festival for a name typed before they came: prefix, typo, swapped letters, same first letter', () => {
    let items: Item[] = bigTitles(300, rng(7)).map((title, id) => ({ id, title }))
    const typed = ['sol', 'solder', 'sodler', 'osl', 'kar', 'karoke', 'akraoke', 'sold', 'k', 'ka']
    for (const t of typed) check(items, t, 'test: vocabulary')
    // New words, each of which some typed name above scores against, in new events (a new view).
    const fresh = ['Soldering', 'Solder', 'Karaoke', 'Kraoke', 'Sodler party', 'Osl', 'Kazoo']
    items = [...items, ...fresh.map((title, i) => ({ id: 1000 + i, title }))]
    let found = 0
    for (const t of typed) {
      check(items, t, 'test: vocabulary')
      found += nameCandidates(prepare(t), items, (x) => [x.title], 'test: vocabulary').filter((x) => x.id >= 1000).length
    }
    expect(found).toBeGreaterThan(10)
  })
})

describe('the name index following a kept view', () => {
  it('finds, in programme order, what a full scan of each view finds: events added, moved, renamed, cancelled, gone', async () => {
    const { Festival, newGenesis } = await import('../../core/festival.ts')
    const { newEntityId } = await import('../../core/ids.ts')
    const random = rng(33)
    const NOW = Date.UTC(2027, 5, 1)
    const DAY = Date.UTC(2027, 5, 4, 6)
    const people = ['a1', 'b2', 'c3'].map((p, i) => ({ key: p.repeat(32) as AuthorKey, clientId: 200 + i }))
    const f = new Festival(newGenesis({ name: 'Index', timezone: 'Europe/Paris', now: NOW }), undefined, { now: () => NOW })
    const venue = newEntityId(people[0]!.key)
    f.change(people[0]!, (w) => w.setVenue(venue, { name: 'Hall', aliases: [], capacity: null, concurrent: null, policy: 'open' }))
    const titles = bigTitles(400, random)
    const events: { id: EntityId; by: (typeof people)[number]; data: EventData }[] = []
    const add = (i: number) => {
      const by = people[i % people.length]!
      const start = DAY + Math.floor(random() * 40) * 30 * 60_000
      const data: EventData = { title: titles[Math.floor(random() * titles.length)]!, kind: 'talk', start, end: start + 3_600_000, venue, resources: [], organizers: [], tags: [], state: 'scheduled', bookedAt: i }
      const id = newEntityId(by.key)
      f.change(by, (w) => w.setEvent(id, data))
      events.push({ id, by, data })
    }
    for (let i = 0; i < 150; i++) add(i)
    const titleOf = (e: EventView) => [e.title]
    let followed = 0
    let lastEvents: readonly EventView[] = f.view(NOW).events
    for (let step = 0; step < 120; step++) {
      const r = random()
      const e = events[Math.floor(random() * events.length)]!
      if (r < 0.3) add(1000 + step)
      else if (r < 0.5) f.change(e.by, (w) => w.setEvent(e.id, (e.data = { ...e.data, start: e.data.start! + 1_800_000, end: e.data.end! + 1_800_000 })))
      else if (r < 0.65) f.change(e.by, (w) => w.setEvent(e.id, (e.data = { ...e.data, title: titles[Math.floor(random() * titles.length)]! })))
      else if (r < 0.8) f.change(e.by, (w) => w.setEvent(e.id, (e.data = { ...e.data, state: e.data.state === 'cancelled' ? 'scheduled' : 'cancelled' })))
      else if (r < 0.9) {
        events.splice(events.indexOf(e), 1)
        f.change(e.by, (w) => w.deleteEvent(e.id))
      } else f.change(people[1]!, (w) => w.setRsvp(e.id, 'going'))
      const view = f.view(NOW)
      if (changesBetween(lastEvents, view.events)?.length === 1) followed++
      lastEvents = view.events
      // Some views are never looked up: the next lookup follows every delta since the last one.
      if (random() < 0.4) continue
      for (const typed of [...typings(events[Math.floor(random() * events.length)]!.data.title, random).slice(0, 8), 'Mesh', 'crdt 12']) {
        const t = prepare(typed)
        const found = nameCandidatesInOrder(t, view.events, titleOf, 'test: following', compareEvents)
        const scoring = view.events.filter((x) => nameScore(typed, x.title) > 0)
        const got = new Set(found)
        for (const x of scoring) if (!got.has(x)) expect.fail(`step ${step}: "${typed}" scores for "${x.title}" but the index dropped it`)
        // Only events of this view, in its order.
        const at = new Map(view.events.map((x, i) => [x, i]))
        const positions = found.map((x) => at.get(x))
        expect(positions.every((p) => p !== undefined), `step ${step}: "${typed}": an event of another view`).toBe(true)
        expect(positions, `step ${step}: "${typed}"`).toEqual([...positions].sort((a, b) => a! - b!))
      }
    }
    expect(followed).toBeGreaterThan(100)
  })
})

describe("the parser's known titles", () => {
  it('are the first event of each title not cancelled, view after view, as a fresh pass would find them', async () => {
    const { knownNamesOf } = await import('../../commands/bot.ts')
    const random = rng(9)
    type Ev = { id: number; title: string; kind: 'talk'; status: 'confirmed' | 'cancelled' }
    const make = (id: number): Ev => ({ id, title: `T${Math.floor(random() * 300)}`, kind: 'talk', status: random() < 0.1 ? 'cancelled' : 'confirmed' })
    let events: Ev[] = Array.from({ length: 1000 }, (_, i) => make(i))
    let next = events.length
    const fresh = (list: Ev[]) => {
      const seen = new Set<string>()
      return list.filter((e) => e.status !== 'cancelled' && !seen.has(e.title) && !!seen.add(e.title))
    }
    for (let round = 0; round < 60; round++) {
      // A change: an event renamed, cancelled, gone, added somewhere, or moved.
      events = events.slice()
      const at = Math.floor(random() * events.length)
      const what = Math.floor(random() * 5)
      if (what === 0) events[at] = { ...events[at]!, title: `T${Math.floor(random() * 300)}` }
      else if (what === 1) events[at] = { ...events[at]!, status: events[at]!.status === 'cancelled' ? 'confirmed' : 'cancelled' }
      else if (what === 2) events.splice(at, 1)
      else if (what === 3) events.splice(at, 0, make(next++))
      else events.splice(Math.floor(random() * events.length), 0, ...events.splice(at, 1))
      const view = { events, venues: [], resources: [], names: new Map() } as unknown as Parameters<typeof knownNamesOf>[0]
      expect(knownNamesOf(view).events, `round ${round}`).toEqual(fresh(events))
    }
  })

  it("are patched from the kept view's changes as a fresh pass would find them: titles shared, moved, cancelled, renamed, gone", async () => {
    const { knownNamesOf } = await import('../../commands/bot.ts')
    const { Festival, newGenesis } = await import('../../core/festival.ts')
    const { newEntityId } = await import('../../core/ids.ts')
    const random = rng(21)
    const NOW = Date.UTC(2027, 5, 1)
    const DAY = Date.UTC(2027, 5, 4, 6)
    const people = ['a1', 'b2', 'c3'].map((p, i) => ({ key: p.repeat(32) as AuthorKey, clientId: 100 + i }))
    const f = new Festival(newGenesis({ name: 'Known', timezone: 'Europe/Paris', now: NOW }), undefined, { now: () => NOW })
    const venue = newEntityId(people[0]!.key)
    f.change(people[0]!, (w) => w.setVenue(venue, { name: 'Hall', aliases: [], capacity: null, concurrent: null, policy: 'open' }))
    const events: { id: EntityId; by: (typeof people)[number]; data: EventData }[] = []
    const fresh = (list: readonly EventView[]) => {
      const seen = new Set<string>()
      return list.filter((e) => e.status !== 'cancelled' && !seen.has(e.title) && !!seen.add(e.title))
    }
    // Few titles, so that most are shared and the first of a title changes often; enough for the index.
    const title = () => `Talk ${Math.floor(random() * 150)}`
    let patched = 0
    let lastEvents: readonly EventView[] = f.view(NOW).events
    for (let step = 0; step < 300; step++) {
      const r = random()
      if (r < 0.35 || events.length < 120) {
        const by = people[Math.floor(random() * people.length)]!
        const start = DAY + Math.floor(random() * 30) * 30 * 60_000
        const data: EventData = { title: title(), kind: 'talk', start, end: start + 3_600_000, venue, resources: [], organizers: [], tags: [], state: 'scheduled', bookedAt: step }
        const id = newEntityId(by.key)
        f.change(by, (w) => w.setEvent(id, data))
        events.push({ id, by, data })
      } else {
        const e = events[Math.floor(random() * events.length)]!
        if (r < 0.55) e.data = { ...e.data, start: DAY + Math.floor(random() * 30) * 30 * 60_000, end: null }
        else if (r < 0.7) e.data = { ...e.data, state: e.data.state === 'cancelled' ? 'scheduled' : 'cancelled' }
        else if (r < 0.85) e.data = { ...e.data, title: title() }
        if (r < 0.55) e.data = { ...e.data, end: e.data.start! + 3_600_000 }
        if (r >= 0.85 && r < 0.92) {
          events.splice(events.indexOf(e), 1)
          f.change(e.by, (w) => w.deleteEvent(e.id))
        } else if (r >= 0.92) f.change(people[0]!, (w) => w.setRsvp(e.id, 'going'))
        else f.change(e.by, (w) => w.setEvent(e.id, e.data))
      }
      const view = f.view(NOW)
      if (changesBetween(lastEvents, view.events)?.length === 1) patched++
      lastEvents = view.events
      // Some views are never asked about: the next one is patched through every change since.
      if (random() < 0.3) continue
      const names = knownNamesOf(view)
      const known = names.events as readonly EventView[]
      expect(known.map((e) => e.id), `step ${step}`).toEqual(fresh(view.events).map((e) => e.id))
      // The titles an aside is checked against (followed through the same changes) are the list's.
      for (let k = 0; k < 150; k += 7) expect(holdsTitle(` talk ${k} `, names), `step ${step}: Talk ${k}`).toBe(known.some((e) => e.title === `Talk ${k}`))
      // The parser's title lookup over the kept list (followed by its deltas) drops nothing, keeps its order.
      for (const typed of ['Talk 3', 'talk', 'Tlak 11', 'alk 1']) {
        const found = titleCandidates(typed, known)
        const got = new Set(found)
        for (const e of known) if (nameScore(typed, e.title) > 0 && !got.has(e)) expect.fail(`step ${step}: "${typed}" scores for "${e.title}" but the lookup dropped it`)
        const at = new Map(known.map((e, i) => [e, i]))
        const positions = found.map((e) => at.get(e))
        expect(positions.every((p) => p !== undefined), `step ${step}: "${typed}": an event not in the list`).toBe(true)
        expect(positions, `step ${step}: "${typed}"`).toEqual([...positions].sort((a, b) => a! - b!))
      }
    }
    // The kept view's changes were what the list followed, not passes over every event; the list was
    // long enough for the name index (not a scan of it).
    expect(patched).toBeGreaterThan(250)
    expect(knownNamesOf(f.view(NOW)).events.length).toBeGreaterThan(64)
  })
})

describe('a list mapped again after changes (mapAligned)', () => {
  it('gives what a fresh map gives, and makes values only for new objects when runs of changes are short', () => {
    const random = rng(7)
    const fresh = () => ({ n: Math.floor(random() * 1e9) })
    let items = Array.from({ length: 2000 }, fresh)
    let last: { items: typeof items; values: number[] } | null = null
    for (let round = 0; round < 300; round++) {
      // Several changes since the last list, as when eight rooms write at once: runs taken out, put in, replaced.
      const next = items.slice()
      let added = 0
      for (let c = 1 + Math.floor(random() * 6); c > 0; c--) {
        const at = Math.floor(random() * next.length)
        const run = 1 + Math.floor(random() * 4)
        const what = random()
        if (what < 0.35) next.splice(at, run)
        else if (what < 0.7) {
          next.splice(at, 0, ...Array.from({ length: run }, fresh))
          added += run
        } else {
          next.splice(at, run, ...Array.from({ length: run }, fresh))
          added += run
        }
      }
      let made = 0
      const values: number[] = mapAligned(next, last, (o) => {
        made++
        return o.n
      })
      expect(values).toEqual(next.map((o) => o.n))
      // The first round maps everything; after it, only what the changes put in (runs overlap rarely).
      if (last) expect(made).toBeLessThanOrEqual(added + 16)
      last = { items: next, values }
      items = next
    }
  })
})
