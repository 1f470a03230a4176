/**
 * The posted programme of a day (or a week): events by time and venue, what changed since the last
 * post, and conflicts.
 *
 * @remarks Pure: a schedule view and the previous post's snapshot in, a reply and the new snapshot
 * out. "Nothing planned" is said only when no event of the range is left; cancellations since the
 * last post are still listed below it.
 */
import { dayOf, formatDay, formatDayLong, formatTime } from '../../core/time.ts'
import type { EventView, Instant, ScheduleView } from '../../core/types.ts'
import type { Reply, ReplyBlock } from '../../adapters/types.ts'
import type { Lang } from '../intent.ts'
import { capitalise, scheduleBlocks } from '../format.ts'
import { snapshotChanged, snapshotOf } from './store.ts'
import type { SnapshotEntry } from './store.ts'
import { TEXT } from './text.ts'

/** Most events listed in one post; more are counted. */
export const MAX_POSTED = 150

export interface ProgrammeRange {
  every: 'day' | 'week'
  /** The first day, `YYYY-MM-DD` in `tz`. */
  day: string
  /** The range, UTC ms: [from, until). */
  from: Instant
  until: Instant
  /** The room's zone. */
  tz: string
  lang: Lang
}

/** `Sat 11 Jan 19:00 at Ground Control`: when and where an event was or is. */
export function whenWhere(start: Instant | null, venueName: string | null, tz: string, lang: Lang): string {
  const at = { en: 'at', fr: 'à', de: 'in' }[lang]
  const when = start === null ? '—' : `${formatDay(dayOf(start, tz), lang)} ${formatTime(start, tz)}`
  return venueName ? `${when} ${at} ${venueName}` : when
}

/**
 * Builds the post for a range.
 *
 * @param previous the snapshot taken by the last post of this job; absent for the first post (then
 *   nothing is marked new).
 * @returns the reply and the snapshot of every event now (to keep for the next post).
 */
export function programmePost(
  view: ScheduleView,
  range: ProgrammeRange,
  previous: Record<string, SnapshotEntry> | undefined,
): { reply: Reply; snapshot: Record<string, SnapshotEntry> } {
  const t = TEXT[range.lang]
  const { tz, lang } = range
  const venueName = (id: string | null) => (id ? (view.venues.find((v) => v.id === id)?.name ?? null) : null)
  const inRange = (start: Instant | null, end: Instant | null) => start !== null && end !== null && start < range.until && end > range.from

  const events = view.events.filter((e) => e.status !== 'cancelled' && e.status !== 'unscheduled' && inRange(e.start, e.end))
  const shown = events.slice(0, MAX_POSTED)
  const dayText = formatDayLong(range.day, lang)
  const heading = capitalise(range.every === 'day' ? t.programmeOf(dayText) : t.weekOf(dayText))

  const blocks: ReplyBlock[] = []
  if (events.length === 0) {
    blocks.push({ type: 'text', text: range.every === 'day' ? t.nothingPlanned(dayText) : t.nothingPlannedWeek })
  } else {
    const dayBlocks = scheduleBlocks(shown, tz, lang)
    let i = 0
    for (const block of dayBlocks) {
      if (block.type !== 'list') continue
      block.items = block.items.map((line) => {
        const ev = shown[i++]!
        const mark = markOf(ev, previous?.[ev.id], previous !== undefined, (id) => venueName(id), tz, lang)
        return mark ? `${line} — ${mark}` : line
      })
    }
    if (range.every === 'day' && dayBlocks.length === 1 && dayBlocks[0]!.type === 'list') dayBlocks[0]!.heading = heading
    else blocks.push({ type: 'text', text: heading })
    blocks.push(...dayBlocks)
    if (events.length > shown.length) blocks.push({ type: 'text', text: `… +${events.length - shown.length}` })
    const clashing = events.filter((e) => e.status === 'conflicting').length
    if (clashing > 0) blocks.push({ type: 'text', text: t.conflicts(clashing) })
  }
  if (events.length === 0 && blocks.length === 1 && range.every === 'week') blocks.unshift({ type: 'text', text: heading })

  // What was in the range at the last post and is no longer: cancelled, removed, moved elsewhere.
  const gone: string[] = []
  if (previous) {
    const byId = new Map(view.events.map((e) => [e.id as string, e]))
    for (const [id, before] of Object.entries(previous)) {
      if (before[3] === 1 || !inRange(before[0], before[1])) continue
      const now = byId.get(id)
      const was = whenWhere(before[0], venueName(before[2]), tz, lang)
      if (!now) gone.push(t.removed(`“${before[4]}”`))
      else if (now.status === 'cancelled') gone.push(t.cancelledWas(`“${now.title}”`, was))
      else if (!inRange(now.start, now.end)) gone.push(t.movedAway(`“${now.title}”`, whenWhere(now.start, now.venueName, tz, lang)))
    }
  }
  if (gone.length > 0) blocks.push({ type: 'list', heading: t.changedSince, items: gone })

  const snapshot: Record<string, SnapshotEntry> = {}
  for (const e of view.events) snapshot[e.id] = snapshotOf(e)
  return { reply: { tone: 'info', blocks }, snapshot }
}

function markOf(
  ev: EventView,
  before: SnapshotEntry | undefined,
  hadPost: boolean,
  venueName: (id: string | null) => string | null,
  tz: string,
  lang: Lang,
): string {
  const t = TEXT[lang]
  if (!hadPost) return ''
  if (!before || before[3] === 1) return t.isNew
  if (snapshotChanged(before, snapshotOf(ev))) {
    const sameDay = before[0] !== null && ev.start !== null && dayOf(before[0], tz) === dayOf(ev.start, tz)
    const at = { en: 'at', fr: 'à', de: 'in' }[lang]
    const was = sameDay
      ? `${formatTime(before[0]!, tz)}${venueName(before[2]) ? ` ${at} ${venueName(before[2])}` : ''}`
      : whenWhere(before[0], venueName(before[2]), tz, lang)
    return t.movedFrom(was)
  }
  return ''
}
