/**
 * A room that plans no festival yet: its first change starts one, named after the room; anything
 * else gets "nothing is planned here yet", with the sentence that starts.
 *
 * @remarks
 * What starts a festival is a change that makes something new (an event, a venue, a resource, a
 * series). A question, or a change of something that would have to exist already (move, cancel,
 * RSVP, undo), finds nothing to work on, so it is answered with how to begin instead. The festival
 * is named after the room (the adapter's {@link Envelope.roomName}: the Matrix room name or
 * canonical alias, the Rocket.Chat channel name), `yurt` when the room has no name (the terminal,
 * a direct room); a name another festival held here already has gets a number (`Orga 2`), so that
 * `this room plans <name>` stays unambiguous. A festival's name and zone are part of its genesis
 * record, which its id is the hash of (core/festival.ts): they cannot be changed later, so the
 * reply says how to start another one instead, or plan an existing one.
 */
import type { Envelope } from '../adapters/types.ts'
import type { FestivalMeta } from '../core/types.ts'
import type { Intent, Lang } from './intent.ts'

/** The name of a festival started where the room has none. */
export const DEFAULT_FESTIVAL_NAME = 'yurt'

/** Longest festival name kept from a room name (the genesis record's limit). */
const MAX_NAME = 200

/** Intents that make something new, and so start a festival in a room that plans none. */
const STARTING: ReadonlySet<Intent['type']> = new Set(['add-event', 'add-venue', 'add-resource', 'add-series'])

/** Whether `intent`, said in a room that plans no festival, starts one. */
export function startsFestival(intent: Intent): boolean {
  return STARTING.has(intent.type)
}

/**
 * The name of the festival a room starts: the room's name (whitespace folded, at most 200
 * characters), else {@link DEFAULT_FESTIVAL_NAME}; numbered (`Orga 2`, `Orga 3` …) when a festival
 * in `held` is already called so (compared without case and accents).
 */
export function festivalNameFor(roomName: string | undefined, held: readonly Pick<FestivalMeta, 'name'>[]): string {
  const base = (roomName ?? '').replace(/\s+/gu, ' ').trim().slice(0, MAX_NAME).trim() || DEFAULT_FESTIVAL_NAME
  const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().trim()
  const taken = new Set(held.map((f) => fold(f.name)))
  if (!taken.has(fold(base))) return base
  for (let n = 2; ; n++) {
    const suffix = ` ${n}`
    const candidate = `${base.slice(0, MAX_NAME - suffix.length).trim()}${suffix}`
    if (!taken.has(fold(candidate))) return candidate
  }
}

/** The room's name from the adapter, undefined when it has none or the lookup fails. */
export async function roomNameOf(envelope: Pick<Envelope, 'roomName'>): Promise<string | undefined> {
  try {
    return (await envelope.roomName?.()) ?? undefined
  } catch {
    return undefined
  }
}

const TEXT: Record<Lang, { started: (name: string, zone: string) => string; nothing: string; orPlan: (names: string) => string; orPlanOne: (name: string) => string }> = {
  en: {
    started: (n, z) =>
      `Started the festival “${n}” (${z}) for this room. Another name or zone: undo, then new festival "Name" in ${z} — or plan an existing one: this room plans <festival>`,
    nothing: 'Nothing is planned here yet. Start with: add workshop "IPFS basics" Saturday 3pm at Ground Control',
    orPlanOne: (n) => ` — or plan the festival held here: this room plans ${n}`,
    orPlan: (ns) => ` — or plan a festival held here (${ns}): this room plans <festival>`,
  },
  fr: {
    started: (n, z) =>
      `Festival « ${n} » (${z}) créé pour ce salon. Autre nom ou fuseau : annule, puis nouveau festival "Nom" en ${z} — ou un festival existant : ce salon organise <festival>`,
    nothing: "Rien n'est encore prévu ici. Pour commencer : ajoute un atelier \"Les bases d'IPFS\" samedi 15h à Ground Control",
    orPlanOne: (n) => ` — ou le festival tenu ici : ce salon organise ${n}`,
    orPlan: (ns) => ` — ou un festival tenu ici (${ns}) : ce salon organise <festival>`,
  },
  de: {
    started: (n, z) =>
      `Festival „${n}“ (${z}) für diesen Raum angelegt. Anderer Name oder andere Zeitzone: rückgängig, dann neues Festival "Name" in ${z} — oder ein bestehendes planen: dieser Raum plant <Festival>`,
    nothing: 'Hier ist noch nichts geplant. Fang an mit: füge Workshop "IPFS-Grundlagen" Samstag 15 Uhr im Ground Control hinzu',
    orPlanOne: (n) => ` — oder das Festival, das hier liegt: dieser Raum plant ${n}`,
    orPlan: (ns) => ` — oder ein Festival, das hier liegt (${ns}): dieser Raum plant <Festival>`,
  },
}

/** The one line that says a festival was started for the room, and what else could be done. */
export function startedLine(festival: Pick<FestivalMeta, 'name' | 'timezone'>, lang: Lang): string {
  return TEXT[lang].started(festival.name, festival.timezone)
}

/**
 * "Nothing is planned here yet", with the sentence that starts a festival, and the festivals held
 * here that the room could plan instead (up to five named, in alphabetical order).
 */
export function nothingPlannedYet(lang: Lang, held: readonly Pick<FestivalMeta, 'name'>[]): string {
  const t = TEXT[lang]
  if (held.length === 0) return t.nothing
  if (held.length === 1) return t.nothing + t.orPlanOne(held[0]!.name)
  const sorted = held.map((f) => f.name).sort((a, b) => a.localeCompare(b, lang))
  const names = sorted.slice(0, 5).join(', ') + (sorted.length > 5 ? ', …' : '')
  return t.nothing + t.orPlan(names)
}
