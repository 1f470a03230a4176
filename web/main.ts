/**
 * The festival on a phone (`/`) and on a venue screen (`/display`, `/display?venue=…`): plain DOM.
 *
 * The page holds the festival itself (IndexedDB) and is a peer of the bot that served it; every
 * change made here is a signed operation in the page's own namespace, checked by the bot and by every
 * other peer with the same namespace rule.
 */
import './style.css'
import * as Y from 'yjs'
import { Repo } from '../core/repo.ts'
import type { Festival } from '../core/festival.ts'
import { namespaceName } from '../core/doc.ts'
import { newEntityId } from '../core/ids.ts'
import { dayOf, instantAt } from '../core/time.ts'
import { freeGaps, venueIsFree, type Interval } from '../core/slots.ts'
import { checkInstant, isoDay } from '../core/limits.ts'
import { decodeOperation, encodeOperation, signOperationAsync, ZERO_HASH, type Operation } from '../core/operation.ts'
import { festivalTopic } from '../p2p/gossip.ts'
import type { EventData, EventView, FestivalMeta, Rsvp, ScheduleView, EntityId } from '../core/types.ts'
import type { YurtPeer } from '../p2p/peer.ts'
import { openBrowserData } from './store.ts'
import { pageSigner } from './keys.ts'
import { startPagePeer } from './peer.ts'
import { dialAddresses } from './addresses.ts'
import { pickLang, WORDS } from './i18n.ts'

const lang = pickLang(navigator.languages?.length ? navigator.languages : [navigator.language])
const t = WORDS[lang]
/** Dates and times as the browser's own locale writes them (en-GB: 24 h, en-US: 12 h). */
const locale = navigator.language || lang
const MINUTE = 60_000
const app = document.getElementById('app')!
document.documentElement.lang = lang

type Child = Node | string | null | undefined | false
function h(tag: string, attrs: Record<string, string | ((e: Event) => void) | boolean | undefined> = {}, ...children: Child[]): HTMLElement {
  const el = document.createElement(tag)
  for (const [k, v] of Object.entries(attrs)) {
    if (typeof v === 'function') el.addEventListener(k.replace(/^on/, ''), v)
    else if (v === true) el.setAttribute(k, '')
    else if (typeof v === 'string') el.setAttribute(k, v)
  }
  for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(c)
  return el
}

interface State {
  repo: Repo
  festival: Festival
  meta: FestivalMeta
  signer: Awaited<ReturnType<typeof pageSigner>>['signer']
  kind: 'webcrypto' | 'noble'
  peer: YurtPeer | null
  status: 'connecting' | 'connected' | 'offline'
}
let state: State | null = null

/** One formatter per zone and style: building an `Intl.DateTimeFormat` costs more than formatting a hundred times. */
function formatter(style: 'time' | 'day' | 'tab', zone: string): Intl.DateTimeFormat {
  const key = `${style} ${zone}`
  let f = formatters.get(key)
  if (!f) {
    const options: Intl.DateTimeFormatOptions =
      style === 'time' ? { hour: '2-digit', minute: '2-digit' } : style === 'day' ? { weekday: 'long', day: 'numeric', month: 'long' } : { weekday: 'short', day: 'numeric' }
    f = new Intl.DateTimeFormat(locale, { timeZone: zone, ...options })
    formatters.set(key, f)
  }
  return f
}
const formatters = new Map<string, Intl.DateTimeFormat>()
const timeFmt = (zone: string) => formatter('time', zone)
const dayFmt = (zone: string) => formatter('day', zone)
/** What the search box holds (kept across renders). */
let query = ''
/** At most this many search results are shown. */
const MAX_RESULTS = 100

function span(ev: EventView, zone: string): string {
  if (ev.start === null) return ''
  const f = timeFmt(zone)
  return ev.end !== null ? `${f.format(ev.start)}–${f.format(ev.end)}` : f.format(ev.start)
}

function nowAndNext(view: ScheduleView, now: number, venue?: string): { now: EventView[]; next: EventView[] } {
  const zone = view.festival.timezone
  const live = view.events.filter((e) => e.status !== 'cancelled' && e.status !== 'unscheduled' && e.start !== null && (!venue || e.venue === venue))
  const current = live.filter((e) => e.start! <= now && (e.end ?? e.start! + 60 * MINUTE) > now)
  const today = dayOf(now, zone)
  const upcoming = live.filter((e) => e.start! > now && dayOf(e.start!, zone) === today).sort((a, b) => a.start! - b.start!)
  return { now: current.sort((a, b) => a.start! - b.start!), next: upcoming.slice(0, venue ? 3 : 6) }
}

function eventLine(ev: EventView, zone: string, withDay = false): HTMLElement {
  const flags = ev.status === 'cancelled' ? ` · ${t.cancelled}` : ev.status === 'conflicting' ? ` · ${t.conflicting}` : ''
  return h(
    'a',
    { class: `event ${ev.status}`, href: `#/event/${encodeURIComponent(ev.id)}`, 'data-event': ev.id },
    h('span', { class: 'time' }, withDay && ev.start !== null ? `${formatter('tab', zone).format(ev.start)} ${span(ev, zone)}` : span(ev, zone)),
    h('span', { class: 'title' }, ev.title),
    h('span', { class: 'meta' }, `${ev.venueName ?? ''}${ev.going.length ? ` · ${t.people(ev.going.length)}` : ''}${flags}`),
  )
}

async function commit(fn: Parameters<Repo['commit']>[2]): Promise<void> {
  const s = state!
  await s.repo.commit(s.meta.id, s.signer, fn)
}

function myName(view: ScheduleView): string {
  return view.names.get(state!.signer.key) ?? ''
}

function statusBar(): HTMLElement {
  const s = state!
  const text = s.status === 'connected' ? t.connected : s.status === 'offline' ? t.offline : t.connecting
  return h('div', { class: `status ${s.status}`, id: 'status' }, text, s.kind === 'noble' ? h('small', {}, ` · ${t.insecure}`) : null)
}

function renderSchedule(view: ScheduleView, now: number): HTMLElement {
  const zone = view.festival.timezone
  const nn = nowAndNext(view, now)
  const nameInput = h('input', { id: 'name', value: myName(view), placeholder: t.yourName, 'aria-label': t.yourName, maxlength: '60' }) as HTMLInputElement
  const nameForm = h(
    'form',
    {
      class: 'name',
      onsubmit: (e) => {
        e.preventDefault()
        const name = nameInput.value.trim()
        if (name) void commit((w) => w.setProfile({ name }))
      },
    },
    nameInput,
    h('button', { type: 'submit' }, t.save),
  )
  const sched = query.trim() ? renderSearch(view, query.trim()) : renderDay(view, now)
  return h(
    'main',
    {},
    h('header', {}, h('h1', {}, view.festival.name), nameForm),
    statusBar(),
    searchBox(),
    h(
      'section',
      { class: 'nownext', id: 'nownext' },
      h('h2', {}, t.now),
      ...(nn.now.length ? nn.now.map((e) => eventLine(e, zone)) : [h('p', { class: 'empty' }, t.nothingNow)]),
      h('h2', {}, t.next),
      ...(nn.next.length ? nn.next.map((e) => eventLine(e, zone)) : [h('p', { class: 'empty' }, t.nothingNext)]),
    ),
    sched,
    renderAddForm(view, now),
  )
}

/** The days that hold events, in order, and the one to show: the route's, else today, else the next, else the first. */
function pickDay(view: ScheduleView, now: number): { days: Map<string, EventView[]>; day: string | null } {
  const zone = view.festival.timezone
  const days = new Map<string, EventView[]>()
  for (const ev of view.events) {
    if (ev.start === null) continue
    const d = dayOf(ev.start, zone)
    let list = days.get(d)
    if (!list) days.set(d, (list = []))
    list.push(ev)
  }
  const sorted = new Map([...days].sort(([a], [b]) => (a < b ? -1 : 1)))
  const routed = /^#\/day\/(\d{4}-\d{2}-\d{2})$/.exec(location.hash)?.[1]
  const today = dayOf(now, zone)
  const keys = [...sorted.keys()]
  const day = routed && sorted.has(routed) ? routed : (keys.find((d) => d >= today) ?? keys[0] ?? null)
  return { days: sorted, day }
}

function byVenue(list: EventView[], zone: string): HTMLElement[] {
  const groups = new Map<string, EventView[]>()
  for (const ev of [...list].sort((a, b) => a.start! - b.start!)) {
    const name = ev.venueName ?? t.noVenue
    let g = groups.get(name)
    if (!g) groups.set(name, (g = []))
    g.push(ev)
  }
  return [...groups].map(([venue, evs]) => h('div', { class: 'venue' }, h('h4', {}, venue), ...evs.map((e) => eventLine(e, zone))))
}

/** One day of the schedule, by venue, under a strip of the festival's days (and "my events"). */
function renderDay(view: ScheduleView, now: number): HTMLElement {
  const zone = view.festival.timezone
  const mine = location.hash === '#/mine'
  const { days, day } = pickDay(view, now)
  const tabs = h(
    'nav',
    { class: 'days', 'aria-label': t.schedule },
    ...[...days.keys()].map((d) =>
      h('a', { href: `#/day/${d}`, 'data-day': d, class: !mine && d === day ? 'chosen' : '', 'aria-current': !mine && d === day ? 'page' : undefined }, formatter('tab', zone).format(days.get(d)![0]!.start!)),
    ),
    h('a', { href: '#/mine', class: mine ? 'chosen' : '', id: 'mine-tab' }, t.mine),
  )
  const sched = h('section', { class: 'schedule', id: 'schedule' }, h('h2', {}, t.schedule), tabs)
  if (mine) {
    const key = state!.signer.key
    const list = view.events.filter((e) => e.start !== null && (e.author === key || e.going.includes(key) || e.maybe.includes(key) || (e.coOrganizers ?? []).includes(key)))
    sched.append(h('h3', {}, t.mine))
    if (list.length === 0) sched.append(h('p', { class: 'empty' }, t.noneMine))
    for (const [d, evs] of pickDay({ ...view, events: list }, now).days) sched.append(h('div', { class: 'day', 'data-day': d }, h('h3', {}, dayFmt(zone).format(evs[0]!.start!)), ...byVenue(evs, zone)))
    return sched
  }
  if (day === null) {
    sched.append(h('p', { class: 'empty' }, t.noEvents))
    return sched
  }
  const evs = days.get(day)!
  sched.append(h('div', { class: 'day', 'data-day': day }, h('h3', {}, dayFmt(zone).format(evs[0]!.start!)), ...byVenue(evs, zone)))
  return sched
}

/** Events whose title, venue, organisers, kind or description hold every word of `q` (case and accents aside). */
function renderSearch(view: ScheduleView, q: string): HTMLElement {
  const zone = view.festival.timezone
  const fold = (x: string) => x.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()
  const words = fold(q).split(/\s+/).filter(Boolean)
  const hits = view.events.filter((e) => {
    if (e.start === null) return false
    const text = fold([e.title, e.venueName ?? '', e.kind, e.authorName, ...(e.organizers ?? []), e.description ?? ''].join(' '))
    return words.every((w) => text.includes(w))
  })
  const sched = h('section', { class: 'schedule', id: 'schedule' }, h('h2', {}, t.results(hits.length)))
  if (hits.length === 0) sched.append(h('p', { class: 'empty' }, t.noResults))
  sched.append(...hits.sort((a, b) => a.start! - b.start!).slice(0, MAX_RESULTS).map((e) => eventLine(e, zone, true)))
  return sched
}

function searchBox(): HTMLElement {
  const input = h('input', { id: 'search', type: 'search', value: query, placeholder: t.search, 'aria-label': t.search, maxlength: '100' }) as HTMLInputElement
  input.addEventListener('input', () => {
    query = input.value
    render()
  })
  return h('form', { class: 'search', role: 'search', onsubmit: (e) => e.preventDefault() }, input)
}

function venueSelect(view: ScheduleView, selected: string | null, id: string): HTMLSelectElement {
  const sel = h('select', { id, 'aria-label': t.venue }, h('option', { value: '' }, t.noVenue)) as HTMLSelectElement
  for (const v of view.venues) {
    const o = h('option', { value: v.id }, v.name) as HTMLOptionElement
    if (v.id === selected) o.selected = true
    sel.append(o)
  }
  return sel
}

function localParts(instant: number, zone: string): { day: string; time: string } {
  const f = new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
  return { day: dayOf(instant, zone), time: f.format(instant) }
}

/** A refused booking, shown under its form until the next submit: why, and one-tap alternatives. */
interface Notice {
  form: 'add' | 'move'
  text: string
  alternatives: Array<{ label: string; day?: string; time?: string; venue?: string }>
}
let notice: Notice | null = null

/**
 * Whether `span` can be booked at `venueId`: as in chat, a time already past or a venue that is
 * full then is refused before anything is written, with free times there that day and other
 * venues free then (`core/slots.ts`). `except` is the event being moved.
 */
function checkBooking(view: ScheduleView, form: Notice['form'], venueId: string | null, slot: Interval, except?: string): Notice | null {
  const zone = view.festival.timezone
  if (slot.start < state!.repo.now()) return { form, text: t.past, alternatives: [] }
  // As the writer (core/limits.ts) would refuse it: said here, rather than nothing happening.
  const allowed = state!.festival.window
  if (checkInstant(slot.start, allowed) || checkInstant(slot.end, allowed)) return { form, text: t.tooFar(isoDay(allowed.from), isoDay(allowed.to)), alternatives: [] }
  const venue = venueId ? view.venues.find((v) => v.id === venueId) : undefined
  if (!venue) return null
  const free = venueIsFree(view, venue, slot, except as EntityId | undefined)
  if (free === true) return null
  const length = slot.end - slot.start
  const day = dayOf(slot.start, zone)
  const window = { start: Math.max(instantAt(day, '08:00', zone), state!.repo.now()), end: instantAt(day, '24:00', zone) }
  const alternatives: Notice['alternatives'] = []
  for (const gap of freeGaps(view, venue, window, length, except as EntityId | undefined).slice(0, 3)) {
    const at = localParts(gap.start, zone)
    alternatives.push({ label: `${timeFmt(zone).format(gap.start)} ${venue.name}`, day: at.day, time: at.time })
  }
  for (const v of view.venues.filter((o) => o.id !== venue.id && o.concurrent !== null && venueIsFree(view, o, slot, except as EntityId | undefined) === true).slice(0, 3)) {
    alternatives.push({ label: `${timeFmt(zone).format(slot.start)} ${v.name}`, venue: v.id })
  }
  const held = free.map((e) => `“${e.title}” ${span(e, zone)}`).join(', ')
  return { form, text: t.taken(venue.name, held), alternatives }
}

/** The notice under `form`, if any: each alternative fills the form and submits it again. */
function noticeFor(form: Notice['form'], inputs: { day: HTMLInputElement; time: HTMLInputElement; venue: HTMLSelectElement; el: () => HTMLFormElement }): HTMLElement | null {
  if (!notice || notice.form !== form) return null
  const n = notice
  return h(
    'div',
    { class: 'notice', role: 'alert', id: `${form}-notice` },
    h('p', {}, n.text),
    n.alternatives.length ? h('p', { class: 'muted' }, t.freeInstead) : null,
    ...n.alternatives.map((alt) =>
      h(
        'button',
        {
          type: 'button',
          class: 'alternative',
          onclick: () => {
            if (alt.day) inputs.day.value = alt.day
            if (alt.time) inputs.time.value = alt.time
            if (alt.venue) inputs.venue.value = alt.venue
            inputs.el().requestSubmit()
          },
        },
        alt.label,
      ),
    ),
  )
}

function renderAddForm(view: ScheduleView, now: number): HTMLElement {
  const zone = view.festival.timezone
  const at = localParts(now + 60 * MINUTE, zone)
  const title = h('input', { id: 'add-title', placeholder: t.title, 'aria-label': t.title, required: true, maxlength: '200' }) as HTMLInputElement
  const day = h('input', { id: 'add-day', type: 'date', value: at.day, 'aria-label': t.day }) as HTMLInputElement
  const time = h('input', { id: 'add-time', type: 'time', value: `${at.time.slice(0, 2)}:00`, 'aria-label': t.start }) as HTMLInputElement
  const minutes = h('input', { id: 'add-minutes', type: 'number', value: '60', min: '5', max: '1440', 'aria-label': t.minutes }) as HTMLInputElement
  const venue = venueSelect(view, view.venues[0]?.id ?? null, 'add-venue')
  const form: HTMLFormElement = h(
    'form',
    {
      class: 'add',
      id: 'add',
      onsubmit: (e) => {
        e.preventDefault()
        const s = state!
        const start = instantAt(day.value, time.value, zone)
        const length = Math.max(5, Number(minutes.value) || 60) * MINUTE
        if (!title.value.trim()) return
        notice = checkBooking(s.festival.view(s.repo.now()), 'add', venue.value || null, { start, end: start + length })
        if (notice) return render()
        const data: EventData = {
          title: title.value.trim(),
          kind: 'other',
          start,
          end: start + length,
          venue: (venue.value || null) as EntityId | null,
          resources: [],
          organizers: [myName(view) || 'web'],
          tags: [],
          state: 'scheduled',
          bookedAt: s.repo.now(),
        }
        const id = newEntityId(s.signer.key)
        clearDrafts(form)
        void commit((w) => w.setEvent(id, data)).then(() => (location.hash = `#/event/${encodeURIComponent(id)}`))
      },
    },
    h('h2', {}, t.addEvent),
    title,
    h('div', { class: 'row' }, day, time, minutes),
    venue,
    noticeFor('add', { day, time, venue, el: () => form }),
    h('button', { type: 'submit' }, t.add),
  ) as HTMLFormElement
  return form
}

function renderEvent(view: ScheduleView, id: string): HTMLElement {
  const zone = view.festival.timezone
  const ev = view.events.find((e) => e.id === id)
  const back = h('a', { href: '#/', class: 'back' }, t.back)
  if (!ev) return h('main', {}, back, h('p', { class: 'empty' }, t.notFound))
  const s = state!
  const mine = s.festival.namespace(s.signer.key)
  const answer = mine.rsvps.get(ev.id as EntityId)
  const rsvp = (value: Rsvp, label: string) =>
    h('button', { class: `rsvp ${answer === value ? 'chosen' : ''}`, 'data-rsvp': value, 'aria-pressed': answer === value ? 'true' : 'false', onclick: () => void commit((w) => w.setRsvp(ev.id, value, value !== 'going' ? undefined : answer === 'going' ? mine.rsvpAt.get(ev.id as EntityId) : s.repo.now())) }, label)
  const body = h(
    'main',
    { class: 'event-page', 'data-event': ev.id },
    back,
    statusBar(),
    h('h1', {}, ev.title),
    h('p', { class: 'when' }, ev.start !== null ? `${dayFmt(zone).format(ev.start)} · ${span(ev, zone)}` : ''),
    h('p', { class: 'where' }, ev.venueName ?? t.noVenue),
    h('p', { class: 'who' }, `${t.by} ${ev.authorName}`),
    ev.status === 'cancelled' ? h('p', { class: 'cancelled-note' }, t.cancelled) : null,
    ev.description ? h('p', { class: 'description' }, ev.description) : null,
    h('p', { class: 'count', id: 'going-count' }, t.people(ev.going.length)),
    h('div', { class: 'rsvps' }, rsvp('going', t.going), rsvp('maybe', t.maybe), rsvp('not-going', t.notGoing)),
  )
  const own = mine.events.get(ev.id as EntityId)
  if (own && ev.status !== 'cancelled') {
    const at = ev.start !== null ? localParts(ev.start, zone) : localParts(s.repo.now(), zone)
    const day = h('input', { id: 'move-day', type: 'date', value: at.day, 'aria-label': t.day }) as HTMLInputElement
    const time = h('input', { id: 'move-time', type: 'time', value: at.time, 'aria-label': t.start }) as HTMLInputElement
    const venue = venueSelect(view, ev.venue, 'move-venue')
    const length = own.start !== null && own.end !== null ? own.end - own.start : 60 * MINUTE
    const form: HTMLFormElement = h(
      'form',
      {
        class: 'move',
        id: 'move',
        onsubmit: (e) => {
          e.preventDefault()
          const start = instantAt(day.value, time.value, zone)
          notice = checkBooking(s.festival.view(s.repo.now()), 'move', venue.value || null, { start, end: start + length }, ev.id)
          if (notice) return render()
          clearDrafts(form)
          void commit((w) => w.setEvent(ev.id, { ...own, start, end: start + length, venue: (venue.value || null) as EntityId | null, bookedAt: s.repo.now() }))
        },
      },
      h('div', { class: 'row' }, day, time),
      venue,
      noticeFor('move', { day, time, venue, el: () => form }),
      h('button', { type: 'submit' }, t.move),
    ) as HTMLFormElement
    body.append(
      form,
      h('button', { class: 'danger', id: 'cancel-event', onclick: () => void commit((w) => w.setEvent(ev.id, { ...own, state: 'cancelled' })) }, t.cancel),
    )
  }
  return body
}

function renderDisplay(view: ScheduleView, now: number, venueParam: string | null): HTMLElement {
  const zone = view.festival.timezone
  const venue = venueParam ? view.venues.find((v) => v.id === venueParam || v.name.toLowerCase() === venueParam.toLowerCase()) : undefined
  const nn = nowAndNext(view, now, venue?.id)
  const big = (ev: EventView) =>
    h('div', { class: 'd-event', 'data-event': ev.id }, h('div', { class: 'd-time' }, span(ev, zone)), h('div', { class: 'd-title' }, ev.title), venue ? null : h('div', { class: 'd-venue' }, ev.venueName ?? ''))
  return h(
    'main',
    { class: 'display' },
    h('header', {}, h('h1', {}, venue ? venue.name : view.festival.name), h('div', { class: 'clock' }, timeFmt(zone).format(now))),
    h('section', { class: 'd-now' }, h('h2', {}, t.now), ...(nn.now.length ? nn.now.map(big) : [h('p', { class: 'empty' }, t.nothingNow)])),
    h('section', { class: 'd-next' }, h('h2', {}, t.next), ...(nn.next.length ? nn.next.map(big) : [h('p', { class: 'empty' }, t.nothingNext)])),
  )
}

/**
 * Fields the person changed and has not submitted, by element id: a re-render (every change from a
 * peer causes one) must not wipe a half-typed form.
 */
const drafts = new Map<string, string>()
document.addEventListener('input', (e) => {
  const el = e.target as HTMLInputElement | HTMLSelectElement
  if (el.id && el.id !== 'search') drafts.set(el.id, el.value)
})
document.addEventListener('change', (e) => {
  const el = e.target as HTMLInputElement | HTMLSelectElement
  if (el.id && el.id !== 'search') drafts.set(el.id, el.value)
})
function clearDrafts(form: HTMLFormElement): void {
  for (const el of form.querySelectorAll<HTMLElement>('[id]')) drafts.delete(el.id)
}
let lastRoute = ''

let scheduled = false
function render(): void {
  if (scheduled) return
  scheduled = true
  requestAnimationFrame(() => {
    scheduled = false
    const s = state
    if (!s) return
    const t0 = performance.now()
    const now = s.repo.now()
    const view = s.festival.view(now)
    const t1 = performance.now()
    const params = new URLSearchParams(location.search)
    const focused = document.activeElement?.id
    let el: HTMLElement
    if (location.pathname === '/display') {
      document.body.classList.add('display-mode')
      el = renderDisplay(view, now, params.get('venue'))
    } else {
      const m = /^#\/event\/(.+)$/.exec(location.hash)
      el = m ? renderEvent(view, decodeURIComponent(m[1]!)) : renderSchedule(view, now)
    }
    const route = location.pathname + location.hash
    if (route !== lastRoute) {
      // Another page: its forms start afresh.
      drafts.clear()
      if (lastRoute) notice = null
      lastRoute = route
    }
    for (const [id, value] of drafts) {
      const field = el.querySelector<HTMLInputElement | HTMLSelectElement>(`#${CSS.escape(id)}`)
      if (field) field.value = value
    }
    app.replaceChildren(el)
    performance.measure('yurt:view', { start: t0, end: t1 })
    performance.measure('yurt:render', { start: t1, end: performance.now() })
    if (focused) {
      // Values come back from drafts (and the search box from `query`); the focus from here.
      document.getElementById(focused)?.focus()
    }
  })
}

/** Set by esbuild (`bin/web.ts`): true only in the browser tests' build. */
declare const __YURT_TEST_HOOKS__: boolean

/**
 * `window.yurt`: what the page holds, read only (for a curious organiser's console and for the
 * tests); in the tests' build also a forger's tools, which no other build contains.
 */
function expose(s: State): void {
  const diagnostics: Record<string, unknown> = {
    key: s.signer.key,
    signing: s.kind,
    festival: s.meta.id,
    offlineReady: () => navigator.serviceWorker?.controller != null,
    connected: () => s.status === 'connected',
    titles: () => s.festival.view(s.repo.now()).events.map((e) => e.title),
    rejected: () => Object.fromEntries(s.repo.rejected),
  }
  ;(globalThis as Record<string, unknown>).yurt = diagnostics
  if (__YURT_TEST_HOOKS__) Object.assign(diagnostics, testHooks(s))
}

/** The tests' tools: a hostile page's forgery, and a peer's delivery. */
function testHooks(s: State): Record<string, unknown> {
  return {
    /** Signs, with this page's key, an update that writes an event into `victim`'s namespace. */
    forge: async (victim: string, title: string): Promise<string> => {
      const doc = new Y.Doc()
      Y.applyUpdate(doc, Y.encodeStateAsUpdate(s.festival.doc))
      doc.clientID = s.signer.clientId
      const before = Y.encodeStateVector(doc)
      doc.getMap(namespaceName(victim as never)).set(`e:${victim.slice(0, 8)}.forged`, { title, kind: 'other', start: s.repo.now(), end: s.repo.now() + 3_600_000, venue: null, resources: [], organizers: ['x'], tags: [], state: 'scheduled', bookedAt: s.repo.now() })
      const update = Y.encodeStateAsUpdate(doc, before)
      const head = s.repo.heads(s.meta.id).get(s.signer.key)
      const op: Operation = await signOperationAsync(
        { festival: s.meta.id, author: s.signer.key, seq: (head?.seq ?? 0) + 1, prev: head?.hash ?? ZERO_HASH, clientId: s.signer.clientId, hlc: s.repo.clock.tick(), update },
        s.signer,
      )
      const bytes = encodeOperation(op)
      // Straight onto the festival's gossip topic, as a hostile page would: nothing here stores it.
      await s.peer?.libp2p.services.pubsub.publish(festivalTopic(s.meta.id), bytes).catch(() => undefined)
      return btoa(String.fromCharCode(...bytes))
    },
    /** Hands this page an operation as if a peer had sent it; returns what its Repo made of it. */
    receive: async (b64: string) => s.repo.receive(decodeOperation(Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)))),
  }
}

interface Info {
  festivals: FestivalMeta[]
  peers: string[]
}

/**
 * What the bot says it holds (`/api/info`). With the bot unreachable, the service worker answers
 * with its last copy; without one (no secure context, first visit) the copy this page kept in
 * localStorage at its last visit; else the error.
 */
async function loadInfo(): Promise<Info> {
  try {
    // index.html asked for it already, while this script loaded.
    const early = (globalThis as { yurtInfo?: Promise<Response | null> }).yurtInfo
    const res = (await early) ?? (await fetch('/api/info', { cache: 'no-store' }))
    if (!res.ok) throw new Error(`/api/info: HTTP ${res.status}`)
    const info = (await res.json()) as Info
    localStorage.setItem('yurt-info', JSON.stringify(info))
    return info
  } catch (err) {
    const kept = localStorage.getItem('yurt-info')
    if (kept) return JSON.parse(kept) as Info
    throw err
  }
}

function registerWorker(): void {
  // Service workers exist only in secure contexts; elsewhere the page needs the bot to open.
  if (!('serviceWorker' in navigator) || !isSecureContext) return
  navigator.serviceWorker.register('/sw.js').catch((err: unknown) => console.warn('no offline copy:', err))
}

async function boot(): Promise<void> {
  app.replaceChildren(h('p', { class: 'status connecting' }, t.connecting))
  registerWorker()
  const info = await loadInfo()
  performance.mark('yurt:info')
  const wanted = new URLSearchParams(location.search).get('festival')
  const meta = info.festivals.find((f) => f.id === wanted || f.name === wanted) ?? info.festivals[0]
  if (!meta) {
    app.replaceChildren(h('p', { class: 'empty' }, t.noFestival))
    return
  }
  const data = await openBrowserData(`yurt-${meta.id}`)
  const repo = await Repo.open(data)
  await repo.adoptFestival(meta)
  const festival = await repo.open(meta.id)
  performance.mark('yurt:festival-open')
  const { signer, kind } = await pageSigner()
  performance.mark('yurt:key')
  state = { repo, festival, meta, signer, kind, peer: null, status: 'connecting' }
  expose(state)
  render()
  repo.onOperation(() => render())
  window.addEventListener('hashchange', render)
  setInterval(render, 30_000)
  // The first address (the page's own port) alone: dialling all at once opens two connections to the
  // same bot and runs the first sync twice. The rest are tried only when it has not answered in 3 s.
  const [first, ...fallbacks] = dialAddresses(info.peers, location)
  const peer = await startPagePeer(repo, first ? [first] : [])
  if (fallbacks.length) {
    setTimeout(() => {
      if (peer.connectedPeers().length === 0) for (const addr of fallbacks) peer.dial(addr).catch(() => undefined)
    }, 3_000)
  }
  performance.mark('yurt:peer-started')
  state.peer = peer
  await peer.follow(meta.id)
  const setStatus = () => {
    const next = peer.connectedPeers().length > 0 ? 'connected' : 'offline'
    if (state && state.status !== next) {
      state.status = next
      const bar = document.getElementById('status')
      if (bar) bar.replaceWith(statusBar())
    }
  }
  peer.on('peer:connect', () => performance.mark('yurt:connected'))
  peer.on('sync', () => performance.mark('yurt:synced'))
  peer.on('peer:connect', setStatus)
  peer.on('peer:disconnect', setStatus)
  peer.on('sync', setStatus)
  setStatus()
  // As a bot does (bin/network.ts): a sync shortly after local changes covers the gossip mesh's first heartbeat.
  let timer: ReturnType<typeof setTimeout> | null = null
  repo.onOperation((_op, origin) => {
    if (origin !== 'local' || timer) return
    timer = setTimeout(() => {
      timer = null
      void peer.syncAll()
    }, 300)
  })
}

boot().catch((err: unknown) => {
  console.error(err)
  app.replaceChildren(h('p', { class: 'error' }, String((err as Error)?.message ?? err)))
})
