/**
 * Changes close to the start: when an event that a room is reminded of is moved, changes venue or
 * is cancelled shortly before it starts, the room hears it at once.
 *
 * @remarks
 * "Shortly" is within the room's reminder lead time or the next two hours, whichever is longer,
 * before the event's old or new start. The room the change was made from is not told (the person
 * got a reply there). A moved event's reminder follows by itself: reminders are computed from the
 * current schedule, and what was sent is keyed by the start it was sent for.
 */
import { HOUR, MINUTE } from '../../core/time.ts'
import type { Instant, ScheduleView } from '../../core/types.ts'
import type { Reply } from '../../adapters/types.ts'
import { describeEvent } from '../format.ts'
import type { Automation } from './index.ts'
import { matches } from './due.ts'
import { whenWhere } from './programme.ts'
import { snapshotChanged, snapshotOf } from './store.ts'
import type { SnapshotEntry } from './store.ts'
import { TEXT } from './text.ts'

/** The least time before a start in which changes are announced, ms. */
export const NOTICE_WINDOW_MS = 2 * HOUR

/** Posts the notices for the difference between `before` (every event as last seen) and `view`. */
export async function nearStartNotices(
  a: Automation,
  d: { view: ScheduleView; before: Map<string, SnapshotEntry>; fromRoom: string | undefined; now: Instant },
): Promise<void> {
  const byId = new Map(d.view.events.map((e) => [e.id as string, e]))
  const venueName = (id: string | null) => (id ? (d.view.venues.find((v) => v.id === id)?.name ?? null) : null)
  for (const [platform, room] of await a.store.rooms()) {
    if (`${platform}\0${room}` === d.fromRoom) continue
    const adapter = a.adapter(platform)
    if (!adapter) continue
    const settings = await a.bot.roomSettings(platform, room)
    if (settings.festival !== d.view.festival.id) continue
    const job = (await a.store.room(platform, room)).reminders
    if (!job) continue
    const window = Math.max(job.leadMin * MINUTE, NOTICE_WINDOW_MS)
    const near = (start: Instant | null) => start !== null && start > d.now && start <= d.now + window
    const tz = settings.timezone ?? d.view.festival.timezone
    const lang = settings.lang ?? job.lang
    const t = TEXT[lang]
    const lines: string[] = []
    for (const [id, old] of d.before) {
      if (old[3] === 1 || old[0] === null) continue
      const ev = byId.get(id)
      if (ev && !snapshotChanged(old, snapshotOf(ev))) continue
      if (!near(old[0]) && !(ev && ev.status !== 'cancelled' && near(ev.start))) continue
      const covered = ev ? matches(ev, job) || matches({ kind: ev.kind, venue: old[2] as never }, job) : !job.venue || job.venue.id === old[2]
      if (!covered) continue
      const was = whenWhere(old[0], venueName(old[2]), tz, lang)
      if (!ev || ev.status === 'cancelled') lines.push(t.cancelledSoon(`“${old[4]}”`, was))
      else lines.push(t.changedSoon(describeEvent(ev, tz, lang), was))
    }
    if (lines.length === 0) continue
    const reply: Reply = { tone: 'info', blocks: lines.map((text) => ({ type: 'text' as const, text })) }
    await adapter.post(room, reply).catch((err) => a.log.warn({ err, platform, room }, 'could not post a change notice'))
  }
}
