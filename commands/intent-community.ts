/**
 * Intents about communities, the mesh of city nodes (`commands/community.ts` runs them;
 * `core/community.ts` keeps the members): starting one, a festival joining or leaving it, a room
 * following it, its calendar across the mesh, the per-room switch of its announcements, and the
 * festivals found on the LAN. Names stay as typed; the executor resolves them and answers an
 * unknown one by naming what exists.
 */

export type CommunityIntent =
  /** "new community France P2P". */
  | { type: 'new-community'; name: string }
  /**
   * "Lyon P2P joins France P2P" (`festival` as typed), "we join France P2P" / "this festival joins …"
   * (`festival` absent: the room's festival); `join: false` for leaving.
   */
  | { type: 'community-membership'; community: string; festival?: string; join: boolean }
  /** "this room follows France P2P" (`follow: true`), "this room no longer follows France P2P". */
  | { type: 'follow-community'; community: string; follow: boolean }
  /**
   * "what's on in France P2P this month?": the events of every member festival. `community` absent
   * ("what's on across the mesh"): the room's. `span`: the calendar month of now, the next 7 days,
   * today, or (absent) the next 31 days.
   */
  | { type: 'mesh-query'; community?: string; span?: 'month' | 'week' | 'today' }
  /** "members of France P2P"; `community` absent: the room's. */
  | { type: 'community-members'; community?: string }
  /** "communities": those held here. */
  | { type: 'communities' }
  /** "mesh announcements off": whether this room is told of new events in the other nodes. */
  | { type: 'mesh-announce'; on: boolean }
  /**
   * "co-organise Mesh night with Lyon P2P and Nantes P2P": a meta event of the room's festival,
   * naming the other festivals (city nodes) that co-organise it; `festivals` as typed.
   */
  | { type: 'meta-event'; event: string; festivals: string[] }
  /** "share community France P2P": its join code, which brings another node the whole mesh. */
  | { type: 'share-community'; community: string }
  /** "festivals nearby": festivals that peers found on the LAN (mDNS) hold. */
  | { type: 'nearby' }

const TYPES = new Set<string>(['new-community', 'community-membership', 'follow-community', 'mesh-query', 'community-members', 'communities', 'mesh-announce', 'nearby', 'share-community', 'meta-event'])

/** Whether an intent is one of {@link CommunityIntent}. */
export function isCommunityIntent(intent: { type: string }): intent is CommunityIntent {
  return TYPES.has(intent.type)
}
