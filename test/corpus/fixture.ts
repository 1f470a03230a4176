/**
 * The festival every corpus case starts from: Paris P2P at Ground Control, the week of Wednesday
 * 2 June 2027 (Europe/Paris, CEST = UTC+2), written by five people through the same {@link Bot}
 * that reads the corpus, so that "my workshop" and "Bob's talk" mean what they would in a room.
 *
 * @remarks The layout is documented in `test/corpus/README.md` ("The festival"); a change here is a
 * change of every expectation that names a time or a venue.
 */
import type { Bot } from '../../commands/bot.ts'
import { newEntityId } from '../../core/ids.ts'
import { instantAt } from '../../core/time.ts'
import type { EventData, EventKind, FestivalMeta } from '../../core/types.ts'
import type { Repo } from '../../core/repo.ts'

/** The festival's zone. */
export const ZONE = 'Europe/Paris'
/** The default clock of a case: Wednesday 2 June 2027, 10:00 in Paris. */
export const NOW = instantAt('2027-06-02', '10:00', ZONE)
/** The platform name the corpus speaks from. */
export const PLATFORM = 'corpus'
/** The one room of the corpus. */
export const ROOM = '!festival:corpus'

/** Speakers by their user id, with the display name the room shows. */
export const PEOPLE: Record<string, string> = { alice: 'Alice', bob: 'Bob', carol: 'Carol', dana: 'Dana', eve: 'Eve' }

interface VenueSpec {
  name: string
  aliases?: string[]
  capacity?: number
  /** 1 for a stage, `null` for a zone. */
  concurrent: number | null
  host: string
}

const VENUES: VenueSpec[] = [
  { name: 'Ground Control', aliases: ['GC'], concurrent: null, host: 'alice' },
  { name: 'Scène', aliases: ['Main stage'], capacity: 300, concurrent: 1, host: 'alice' },
  { name: 'Conférence', capacity: 120, concurrent: 1, host: 'alice' },
  { name: 'Atelier', capacity: 30, concurrent: 1, host: 'bob' },
  { name: 'Village', concurrent: null, host: 'carol' },
  { name: 'Bar', capacity: 60, concurrent: 1, host: 'carol' },
  { name: 'Projection', aliases: ['Cinéma'], capacity: 80, concurrent: 1, host: 'dana' },
]

const RESOURCES: Array<{ name: string; count: number; owner: string }> = [
  { name: 'projector', count: 2, owner: 'alice' },
  { name: 'PA', count: 1, owner: 'carol' },
  { name: 'microphone', count: 4, owner: 'carol' },
]

interface EventSpec {
  title: string
  kind: EventKind
  day: string
  from: string
  to: string
  /** The end is on the next day. */
  overnight?: boolean
  venue: string | null
  author: string
  organizers?: string[]
  capacity?: number
  description?: string
}

/** The programme of the fixture week (times local to Paris). */
export const EVENTS: EventSpec[] = [
  { title: 'Morning yoga', kind: 'other', day: '2027-06-02', from: '09:30', to: '10:30', venue: 'Village', author: 'dana' },
  { title: 'Crypto apéro', kind: 'meetup', day: '2027-06-02', from: '18:30', to: '20:00', venue: 'Bar', author: 'alice' },
  { title: 'Les Zazous', kind: 'concert', day: '2027-06-02', from: '21:00', to: '22:30', venue: 'Scène', author: 'carol' },
  { title: 'Datenschutz für alle', kind: 'talk', day: '2027-06-03', from: '16:00', to: '16:45', venue: 'Conférence', author: 'dana' },
  { title: 'History of P2P', kind: 'talk', day: '2027-06-03', from: '19:00', to: '19:45', venue: 'Conférence', author: 'alice', organizers: ['Bob'] },
  { title: 'Intro to Yjs', kind: 'workshop', day: '2027-06-04', from: '10:00', to: '12:00', venue: 'Atelier', author: 'alice' },
  { title: 'Mesh networks', kind: 'talk', day: '2027-06-04', from: '14:00', to: '14:45', venue: 'Conférence', author: 'bob' },
  { title: 'DJ set', kind: 'party', day: '2027-06-04', from: '23:00', to: '02:00', overnight: true, venue: 'Scène', author: 'carol' },
  { title: 'IPFS basics', kind: 'workshop', day: '2027-06-05', from: '15:00', to: '17:00', venue: 'Atelier', author: 'bob', capacity: 20 },
  { title: 'Hackers', kind: 'projection', day: '2027-06-05', from: '20:30', to: '22:15', venue: 'Projection', author: 'dana' },
  { title: 'Open mic', kind: 'other', day: '2027-06-05', from: '21:00', to: '23:00', venue: 'Bar', author: 'bob' },
  { title: 'Repair café', kind: 'stand', day: '2027-06-06', from: '11:00', to: '15:00', venue: 'Village', author: 'carol' },
  { title: 'Atelier vélo', kind: 'workshop', day: '2027-06-06', from: '14:00', to: '16:00', venue: 'Atelier', author: 'carol' },
]

/** RSVPs already given: person → event title → answer. */
const RSVPS: Array<[string, string, 'going' | 'maybe']> = [
  ['bob', 'History of P2P', 'going'],
  ['carol', 'History of P2P', 'going'],
  ['carol', 'IPFS basics', 'maybe'],
  ['eve', 'Les Zazous', 'going'],
]

/**
 * Writes the fixture into a new festival of `repo`, each entity by its own author (one operation
 * per author), and binds the corpus room to it.
 */
export async function buildFixture(repo: Repo, bot: Bot): Promise<FestivalMeta> {
  const festival = await repo.createFestival({ name: 'Paris P2P', timezone: ZONE })
  await bot.bindRoom(PLATFORM, ROOM, festival)
  const signer = (who: string) => bot.signerFor(PLATFORM, who)
  const venueIds = new Map<string, ReturnType<typeof newEntityId>>()
  const resourceIds = new Map<string, ReturnType<typeof newEntityId>>()
  const eventIds = new Map<string, ReturnType<typeof newEntityId>>()
  for (const who of Object.keys(PEOPLE)) {
    const key = signer(who).key
    for (const v of VENUES) if (v.host === who) venueIds.set(v.name, newEntityId(key))
    for (const r of RESOURCES) if (r.owner === who) resourceIds.set(r.name, newEntityId(key))
    for (const e of EVENTS) if (e.author === who) eventIds.set(e.title, newEntityId(key))
  }
  for (const who of Object.keys(PEOPLE)) {
    await repo.commit(festival.id, signer(who), (w) => {
      w.setProfile({ name: PEOPLE[who]!, handle: `${PLATFORM}:${who}` })
      for (const v of VENUES) {
        if (v.host !== who) continue
        w.setVenue(venueIds.get(v.name)!, { name: v.name, aliases: v.aliases ?? [], capacity: v.capacity ?? null, concurrent: v.concurrent, policy: 'open' })
      }
      for (const r of RESOURCES) if (r.owner === who) w.setResource(resourceIds.get(r.name)!, { name: r.name, count: r.count })
      for (const e of EVENTS) {
        if (e.author !== who) continue
        const start = instantAt(e.day, e.from, ZONE)
        const endDay = e.overnight ? nextDay(e.day) : e.day
        const data: EventData = {
          title: e.title,
          kind: e.kind,
          start,
          end: instantAt(endDay, e.to, ZONE),
          venue: e.venue ? venueIds.get(e.venue)! : null,
          resources: [],
          organizers: e.organizers ?? [],
          tags: [],
          state: 'scheduled',
          bookedAt: NOW - 7 * 24 * 3_600_000,
        }
        // Organisers who are people of the room are co-organisers: their edits count (DESIGN.md).
        const co = (e.organizers ?? []).map((name) => Object.keys(PEOPLE).find((id) => PEOPLE[id] === name)).filter((id) => id !== undefined)
        if (co.length > 0) data.coOrganizers = co.map((id) => signer(id).key)
        if (e.capacity !== undefined) data.capacity = e.capacity
        if (e.description !== undefined) data.description = e.description
        w.setEvent(eventIds.get(e.title)!, data)
      }
      for (const [person, title, answer] of RSVPS) if (person === who) w.setRsvp(eventIds.get(title)!, answer)
    })
  }
  return festival
}

function nextDay(day: string): string {
  const d = new Date(`${day}T12:00:00Z`)
  d.setUTCDate(d.getUTCDate() + 1)
  return d.toISOString().slice(0, 10)
}
