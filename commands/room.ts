/**
 * Room-level commands: which festival a room plans, its language and zone, announcements.
 *
 * @remarks Read before the festival grammar, because they make sense without a festival.
 * Returns `null` for anything else.
 */
import type { Lang } from './intent.ts'

export type RoomCommand = { lang?: Lang } & (
  | { type: 'new-festival'; name: string; timezone?: string; startDate?: string; endDate?: string }
  | { type: 'bind'; name: string }
  | { type: 'language'; value: string }
  | { type: 'timezone'; value: string }
  | { type: 'announce'; on: boolean }
  | { type: 'festivals' }
  | { type: 'share' }
  | { type: 'join'; code: string }
)

const unquote = (s: string) => s.trim().replace(/^["“„«‘'»]\s*|\s*["”“»’'«]$/g, '').trim()

export function readRoomCommand(text: string): RoomCommand | null {
  const t = text.trim().replace(/[.!]+$/, '')
  let m = t.match(/^(new festival|nouveau festival|neues festival|create festival|crée le festival|erstelle festival)\s+(.+?)(?:\s+(?:in|en|à|im|zone)\s+([A-Za-z_]+\/[A-Za-z_/+-]+|UTC))?(?:\s+(?:from|du|vom)\s+(\d{4}-\d{2}-\d{2})\s+(?:to|au|bis)\s+(\d{4}-\d{2}-\d{2}))?$/i)
  if (m) {
    const lang: Lang = /^nouveau|^crée/i.test(m[1]!) ? 'fr' : /^neues|^erstelle/i.test(m[1]!) ? 'de' : 'en'
    const cmd: RoomCommand = { type: 'new-festival', name: unquote(m[2]!), lang }
    if (m[3]) cmd.timezone = m[3]
    if (m[4]) cmd.startDate = m[4]
    if (m[5]) cmd.endDate = m[5]
    return cmd.name ? cmd : null
  }
  m = t.match(/^(this room plans|ce salon organise|dieser raum plant)\s+(.+)$/i)
  if (m) return { type: 'bind', name: unquote(m[2]!), lang: /^ce/i.test(m[1]!) ? 'fr' : /^dieser/i.test(m[1]!) ? 'de' : 'en' }
  m = t.match(/^(language|langue|sprache)\s*:?\s*(\p{L}+)$/iu)
  if (m) return { type: 'language', value: LANGUAGE_NAMES[m[2]!.toLowerCase()] ?? m[2]!.toLowerCase() }
  m = t.match(/^(time ?zone|fuseau(?: horaire)?|zeitzone)\s*:?\s*(\S+)$/i)
  if (m) return { type: 'timezone', value: m[2]! }
  m = t.match(/^(announcements?|annonces|ankündigungen)\s+(on|off|oui|non|an|aus)$/i)
  if (m) return { type: 'announce', on: /^(on|oui|an)$/i.test(m[2]!) }
  if (/^(festivals|list festivals|liste des festivals)\??$/i.test(t)) return { type: 'festivals' }
  m = t.match(/^(share|partage|partager|teilen)( (the |le |das )?festival)?$/i)
  if (m) return { type: 'share', lang: /^partage/i.test(m[1]!) ? 'fr' : /^teilen/i.test(m[1]!) ? 'de' : 'en' }
  m = text.trim().match(/^(join|rejoindre|rejoins|beitreten)\s+(\S+)$/i)
  if (m) return { type: 'join', code: m[2]!, lang: /^rejoin/i.test(m[1]!) ? 'fr' : /^beitreten/i.test(m[1]!) ? 'de' : 'en' }
  return null
}

/** Languages by the names people type ("langue français", "Sprache Deutsch"), to their codes. */
const LANGUAGE_NAMES: Record<string, string> = {
  english: 'en', anglais: 'en', englisch: 'en',
  french: 'fr', français: 'fr', francais: 'fr', französisch: 'fr',
  german: 'de', allemand: 'de', deutsch: 'de',
}
