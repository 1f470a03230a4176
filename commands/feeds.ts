/**
 * "calendar", « agenda », „Kalender“: the festival's feed links; "my calendar", « mon agenda »,
 * „mein Kalender“: the speaker's personal feed, sent in a direct message (bin/feeds.ts serves them).
 */
import type { Reply } from '../adapters/types.ts'
import type { AuthorKey, FestivalId } from '../core/types.ts'
import type { Lang } from './intent.ts'

/** A sentence asking for feed links. */
export type FeedCommand = { type: 'calendar' | 'my-calendar'; lang: Lang }

/** What the bot needs of the process for feed links (bin/cli.ts provides it). */
export interface FeedHooks {
  /** The feed server's root URL, ending in `/` (e.g. `http://192.168.1.20:8088/`); `null` when `--http off`. */
  base: string | null
  /** The personal token of `author` in `festival` (made on first use, kept in the data directory). */
  tokenFor(festival: FestivalId, author: AuthorKey): Promise<string>
  /**
   * Sends `reply` to `user` of `platform` in a direct message; `false` when that platform's adapter
   * cannot send direct messages (or none runs here).
   */
  sendDirect(platform: string, user: string, reply: Reply): Promise<boolean>
}

const MINE = /^(?:my (?:calendar|calender|ical|agenda|feed|calendar feed)|send me my (?:calendar|agenda)|mon (?:agenda|calendrier)|mon flux(?: ical)?|envoie[- ]moi mon (?:agenda|calendrier)|mein(?:en)? kalender|meine termine als kalender|schick mir meinen kalender)$/iu
const ALL: readonly [RegExp, Lang][] = [
  [/^(?:calendar|calender|ical|icalendar|ics|subscribe|webcal|calendar (?:link|links|feed|feeds)|subscribe to (?:the )?(?:festival|calendar|programme|program)|(?:the )?festival calendar|how do i subscribe)$/iu, 'en'],
  [/^(?:agenda|calendrier|s'abonner|s’abonner|abonnement|lien (?:du |de l'|de l’)?(?:agenda|calendrier)|le calendrier|l'agenda|l’agenda|s'abonner (?:à|au) (?:l'agenda|l’agenda|calendrier|festival))$/iu, 'fr'],
  [/^(?:kalender|kalender abonnieren|kalenderlink|kalender-link|den kalender|festival abonnieren|abonnieren)$/iu, 'de'],
]

/** Reads a feed request, or `null`. */
export function readFeedCommand(text: string): FeedCommand | null {
  const t = text.trim().replace(/[.!?？]+$/u, '').replace(/\s+/g, ' ').trim()
  if (MINE.test(t)) return { type: 'my-calendar', lang: /^(?:mon|envoie)/i.test(t) ? 'fr' : /^(?:mein|schick)/i.test(t) ? 'de' : 'en' }
  for (const [re, lang] of ALL) if (re.test(t)) return { type: 'calendar', lang }
  return null
}

const TEXT = {
  en: {
    off: 'This yurt serves no web page (yurt chat, or --http off), so there are no calendar feeds here.',
    links: (n: string) => `Subscribe to ${n} in your calendar app (it stays up to date):`,
    ics: 'iCalendar',
    json: 'JSON',
    frab: 'frab (conference apps: Giggity, ConfClerk, EventFahrplan)',
    mine: 'Say “my calendar” for a feed of just your events.',
    personal: (n: string) => `Your events at ${n} (the ones you go to or organise) — keep this link to yourself:`,
    sent: 'I sent you your personal calendar link in a direct message.',
    noDirect: 'I cannot send direct messages on this chat platform; ask me “my calendar” in a direct message.',
  },
  fr: {
    off: "Ce yurt ne sert pas de page web (yurt chat, ou --http off) : il n'y a pas d'agenda à suivre ici.",
    links: (n: string) => `Abonnez-vous à ${n} dans votre agenda (il reste à jour) :`,
    ics: 'iCalendar',
    json: 'JSON',
    frab: 'frab (applis de conférence : Giggity, ConfClerk, EventFahrplan)',
    mine: 'Dites « mon agenda » pour un agenda de vos seuls événements.',
    personal: (n: string) => `Vos événements à ${n} (ceux où vous allez ou que vous organisez) — gardez ce lien pour vous :`,
    sent: 'Je vous ai envoyé votre lien d’agenda personnel en message privé.',
    noDirect: 'Je ne peux pas envoyer de message privé sur cette plateforme ; demandez-moi « mon agenda » en message privé.',
  },
  de: {
    off: 'Dieses yurt stellt keine Webseite bereit (yurt chat, oder --http off), also gibt es hier keine Kalender.',
    links: (n: string) => `${n} in der Kalender-App abonnieren (bleibt aktuell):`,
    ics: 'iCalendar',
    json: 'JSON',
    frab: 'frab (Konferenz-Apps: Giggity, ConfClerk, EventFahrplan)',
    mine: 'Sag „mein Kalender“ für einen Kalender nur mit deinen Terminen.',
    personal: (n: string) => `Deine Termine bei ${n} (die du besuchst oder organisierst) — behalte diesen Link für dich:`,
    sent: 'Ich habe dir deinen persönlichen Kalender-Link als Direktnachricht geschickt.',
    noDirect: 'Auf dieser Plattform kann ich keine Direktnachrichten schicken; frag mich „mein Kalender“ in einer Direktnachricht.',
  },
} as const

/** The feed links of a festival, as the bot says them: webcal, iCalendar, JSON and the frab schedule for conference apps. */
export function calendarReply(lang: Lang, festival: { id: string; name: string }, base: string | null): Reply {
  const t = TEXT[lang]
  if (!base) return { tone: 'info', blocks: [{ type: 'text', text: t.off }] }
  const ics = `${base}feeds/${festival.id}.ics`
  const items = [`webcal: ${ics.replace(/^https?:\/\//, 'webcal://')}`, `${t.ics}: ${ics}`, `${t.json}: ${base}feeds/${festival.id}.json`]
  items.push(`${t.frab}: ${base}feeds/${festival.id}.frab.json  ${base}feeds/${festival.id}.frab.xml`)
  return { tone: 'info', blocks: [{ type: 'text', text: t.links(festival.name) }, { type: 'list', items }, { type: 'text', text: t.mine }] }
}

/**
 * Answers "my calendar": the personal link goes in a direct message; the room is told so. In a
 * direct message, the answer itself holds the link.
 */
export async function myCalendarReply(
  lang: Lang,
  festival: { id: FestivalId; name: string },
  who: { platform: string; user: string; author: AuthorKey; direct: boolean },
  hooks: FeedHooks | undefined,
): Promise<Reply> {
  const t = TEXT[lang]
  if (!hooks?.base) return { tone: 'info', blocks: [{ type: 'text', text: t.off }] }
  const token = await hooks.tokenFor(festival.id, who.author)
  const url = `${hooks.base}feeds/me/${token}.ics`
  const personal: Reply = { tone: 'info', blocks: [{ type: 'text', text: t.personal(festival.name) }, { type: 'text', text: url }, { type: 'text', text: url.replace(/^https?:\/\//, 'webcal://') }] }
  if (who.direct) return personal
  if (await hooks.sendDirect(who.platform, who.user, personal)) return { tone: 'ok', blocks: [{ type: 'text', text: t.sent }] }
  return { tone: 'refusal', blocks: [{ type: 'text', text: t.noDirect }] }
}
