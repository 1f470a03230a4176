/**
 * What the bot says about communities (the mesh of city nodes), in English, French and German: the
 * replies to the commands of `commands/community.ts` and the announcements of new events in the
 * other nodes (`commands/announce.ts`). Names arrive unquoted; the texts quote them.
 */
import type { Lang } from './intent.ts'

export interface CommunityText {
  created: (name: string) => string
  exists: (name: string) => string
  /** An unknown community: `known` are those held here (perhaps none). */
  unknown: (typed: string, known: string[]) => string
  several: (typed: string, ids: string[]) => string
  unknownFestival: (typed: string, known: string[]) => string
  noFestival: string
  joined: (festival: string, community: string, members: string[]) => string
  left: (festival: string, community: string) => string
  alreadyMember: (festival: string, community: string) => string
  notMember: (festival: string, community: string) => string
  /** A join or leave by someone who does not organise the festival: refused, nothing written. */
  notOrganiser: (festival: string, community: string, join: boolean) => string
  isCommunity: (name: string) => string
  /** "this room plans <a community>": a community is followed, not planned. */
  notPlanned: (name: string) => string
  followed: (community: string) => string
  alreadyFollowed: (community: string) => string
  unfollowed: (community: string) => string
  notFollowed: (community: string) => string
  /** "What's on" without a community, in a room that follows none: the communities held. */
  whichCommunity: (known: string[]) => string
  heading: (community: string, span: 'month' | 'week' | 'today' | undefined, festivals: number) => string
  nothing: (community: string, span: 'month' | 'week' | 'today' | undefined, members: string[]) => string
  /** After the first lines of a long calendar: how many more. */
  more: (n: number) => string
  /** Festivals listed but not held (not fetched yet, or `--list-only`). */
  pending: (names: string[]) => string
  members: (community: string) => string
  noMembers: (community: string) => string
  communities: string
  noCommunities: string
  announceOn: string
  announceOff: string
  nearby: string
  noneNearby: string
  noNetwork: string
  /** An event's start in its own festival's zone, when that is not the room's. */
  localTime: (clock: string, zone: string) => string
  /** A festival and the nodes that co-organise one of its events. */
  withNodes: (festival: string, others: string[]) => string
  metaEvent: (event: string, festival: string, others: string[]) => string
  ownNode: (festival: string) => string
  noSuchEvent: (typed: string) => string
  whichEvent: (typed: string, titles: string[]) => string
  notAuthor: (event: string, author: string) => string
  /** Before a community's join code. */
  shareCode: (community: string) => string
  /** The line of one event in another node, announced in a room that follows the community. */
  announced: (festival: string, event: string) => string
  /** Several new events at once (an import) in another node. */
  announcedMany: (festival: string, n: number) => string
}

const q = (s: string) => `“${s}”`
const qf = (s: string) => `« ${s} »`
const qd = (s: string) => `„${s}“`
const list = (names: string[], none: string) => (names.length ? names.join(', ') : none)

const EN: CommunityText = {
  created: (n) => `Started the community ${q(n)}; this room follows it. A festival joins by its organisers' word: “we join ${n}” in its room; other city nodes get the whole mesh from its join code (“share community ${n}”).`,
  exists: (n) => `There is already a community ${q(n)}; this room follows it.`,
  unknown: (t, k) => (k.length ? `I know no community ${q(t)}. Communities here: ${k.join(', ')}.` : `I know no community ${q(t)}, and none yet: start one with “new community ${t}”, or join one with its join code (“join yurt1:…”).`),
  several: (t, ids) => `Several communities are called ${q(t)}: ${ids.join(', ')}. Name one by its id.`,
  unknownFestival: (t, k) => `I know no festival ${q(t)}. Festivals here: ${list(k, 'none')}.`,
  noFestival: 'This room plans no festival yet, so it has nothing to join. Name the festival (“Lyon P2P joins France P2P”) or start one here first.',
  joined: (f, c, m) => `${q(f)} is now a member of ${q(c)} (members: ${m.join(', ')}).`,
  left: (f, c) => `${q(f)} has left ${q(c)}.`,
  alreadyMember: (f, c) => `${q(f)} is already a member of ${q(c)}.`,
  notMember: (f, c) => `${q(f)} is not a member of ${q(c)}.`,
  notOrganiser: (f, c, j) => `Only an organiser of ${q(f)} can make it ${j ? 'join' : 'leave'} ${q(c)}, and you are not one of them: nothing was written. Ask one of its organisers.`,
  isCommunity: (n) => `${q(n)} is a community, not a festival: only festivals are members.`,
  notPlanned: (n) => `${q(n)} is a community, not a festival: say “this room follows ${n}” to follow it, and “this room plans …” with one of its festivals.`,
  followed: (c) => `This room follows ${q(c)}: ask “what's on in ${c} this month?”. New events in its other festivals are announced here (“mesh announcements off” stops that).`,
  alreadyFollowed: (c) => `This room already follows ${q(c)}.`,
  unfollowed: (c) => `This room no longer follows ${q(c)}.`,
  notFollowed: (c) => `This room does not follow ${q(c)}.`,
  whichCommunity: (k) => (k.length ? `Which community? Communities here: ${k.join(', ')} (“what's on in ${k[0]} this month?”).` : 'No community is held here yet: start one with “new community France P2P”, or join one with its join code.'),
  heading: (c, s, n) => `${q(c)} ${s === 'month' ? 'this month' : s === 'week' ? 'in the next 7 days' : s === 'today' ? 'today' : 'in the next 31 days'} (${n} festival${n === 1 ? '' : 's'}):`,
  nothing: (c, s, m) => `Nothing planned in ${q(c)} ${s === 'month' ? 'for the rest of this month' : s === 'week' ? 'in the next 7 days' : s === 'today' ? 'today' : 'in the next 31 days'} (members: ${list(m, 'none yet')}).`,
  more: (n) => `… and ${n} more (\`yurt export --community\` writes them all).`,
  pending: (n) => `Listed but not held here yet: ${n.join(', ')}.`,
  members: (c) => `Members of ${q(c)}:`,
  noMembers: (c) => `${q(c)} has no member festival yet: a festival joins with “we join ${c}” in its room.`,
  communities: 'Communities:',
  noCommunities: 'No community yet: “new community France P2P” starts one.',
  announceOn: 'New events in the other festivals of the communities this room follows will be announced here.',
  announceOff: 'New events in the other festivals of the communities this room follows will no longer be announced here.',
  nearby: 'Festivals nearby:',
  noneNearby: 'No festival found nearby yet (peers on this network are found by mDNS; it can take a few seconds).',
  noNetwork: 'The peer is off (--no-p2p): nothing can be shared or found on the network.',
  localTime: (c, z) => `${c} there, ${z}`,
  withNodes: (f, o) => `${f}, with ${o.join(', ')}`,
  metaEvent: (e, f, o) => `${q(e)} is now co-organised by ${f} with ${o.join(', ')}: it is in ${f}'s programme and named with them across the mesh.`,
  ownNode: (f) => `${q(f)} is this room's own festival: name the other city nodes that co-organise it.`,
  noSuchEvent: (e) => `There is no event ${q(e)} in this room's festival.`,
  whichEvent: (e, ts) => `Which event is ${q(e)}? ${ts.map(q).join(', ')}.`,
  notAuthor: (e, a) => `Only ${a}, who created ${q(e)}, can name the nodes that co-organise it: nothing was written.`,
  shareCode: (c) => `The join code of ${q(c)}: another city node that joins it (“join <code>” in its room, or \`yurt join <code>\`) gets every member festival with it.`,
  announced: (f, e) => `New in ${f}: ${e}`,
  announcedMany: (f, n) => `New in ${f}: ${n} events.`,
}

const FR: CommunityText = {
  created: (n) => `Communauté ${qf(n)} créée ; ce salon la suit. Un festival la rejoint sur la parole de ses organisateurs : « nous rejoignons ${n} » dans son salon ; les autres nœuds reçoivent tout le réseau avec son code (« partage la communauté ${n} »).`,
  exists: (n) => `La communauté ${qf(n)} existe déjà ; ce salon la suit.`,
  unknown: (t, k) => (k.length ? `Je ne connais aucune communauté ${qf(t)}. Communautés ici : ${k.join(', ')}.` : `Je ne connais aucune communauté ${qf(t)}, et il n'y en a encore aucune : « nouvelle communauté ${t} » en crée une, ou rejoignez-en une avec son code (« rejoindre yurt1:… »).`),
  several: (t, ids) => `Plusieurs communautés s'appellent ${qf(t)} : ${ids.join(', ')}. Nommez-en une par son identifiant.`,
  unknownFestival: (t, k) => `Je ne connais aucun festival ${qf(t)}. Festivals ici : ${list(k, 'aucun')}.`,
  noFestival: "Ce salon n'organise encore aucun festival, il n'a donc rien à faire adhérer. Nommez le festival (« Lyon P2P rejoint France P2P ») ou commencez-en un ici.",
  joined: (f, c, m) => `${qf(f)} est maintenant membre de ${qf(c)} (membres : ${m.join(', ')}).`,
  left: (f, c) => `${qf(f)} a quitté ${qf(c)}.`,
  alreadyMember: (f, c) => `${qf(f)} est déjà membre de ${qf(c)}.`,
  notMember: (f, c) => `${qf(f)} n'est pas membre de ${qf(c)}.`,
  notOrganiser: (f, c, j) => `Seul un organisateur de ${qf(f)} peut lui faire ${j ? 'rejoindre' : 'quitter'} ${qf(c)}, et vous n'en êtes pas : rien n'a été écrit. Demandez à l'un de ses organisateurs.`,
  isCommunity: (n) => `${qf(n)} est une communauté, pas un festival : seuls les festivals en sont membres.`,
  notPlanned: (n) => `${qf(n)} est une communauté, pas un festival : dites « ce salon suit ${n} » pour la suivre, et « ce salon organise … » avec l'un de ses festivals.`,
  followed: (c) => `Ce salon suit ${qf(c)} : demandez « quoi de neuf chez ${c} ce mois-ci ? ». Les nouveaux événements de ses autres festivals sont annoncés ici (« annonces du réseau non » les arrête).`,
  alreadyFollowed: (c) => `Ce salon suit déjà ${qf(c)}.`,
  unfollowed: (c) => `Ce salon ne suit plus ${qf(c)}.`,
  notFollowed: (c) => `Ce salon ne suit pas ${qf(c)}.`,
  whichCommunity: (k) => (k.length ? `Quelle communauté ? Communautés ici : ${k.join(', ')} (« quoi de neuf chez ${k[0]} ? »).` : 'Aucune communauté ici pour l’instant : « nouvelle communauté France P2P » en crée une, ou rejoignez-en une avec son code.'),
  heading: (c, s, n) => `${qf(c)} ${s === 'month' ? 'ce mois-ci' : s === 'week' ? 'dans les 7 prochains jours' : s === 'today' ? "aujourd'hui" : 'dans les 31 prochains jours'} (${n} festival${n === 1 ? '' : 's'}) :`,
  nothing: (c, s, m) => `Rien de prévu chez ${qf(c)} ${s === 'month' ? "d'ici la fin du mois" : s === 'week' ? 'dans les 7 prochains jours' : s === 'today' ? "aujourd'hui" : 'dans les 31 prochains jours'} (membres : ${list(m, 'aucun pour l’instant')}).`,
  more: (n) => `… et ${n} de plus (\`yurt export --community\` les écrit tous).`,
  pending: (n) => `Listés mais pas encore reçus ici : ${n.join(', ')}.`,
  members: (c) => `Membres de ${qf(c)} :`,
  noMembers: (c) => `${qf(c)} n'a encore aucun festival membre : un festival la rejoint avec « nous rejoignons ${c} » dans son salon.`,
  communities: 'Communautés :',
  noCommunities: 'Aucune communauté pour l’instant : « nouvelle communauté France P2P » en crée une.',
  announceOn: 'Les nouveaux événements des autres festivals des communautés que ce salon suit seront annoncés ici.',
  announceOff: 'Les nouveaux événements des autres festivals des communautés que ce salon suit ne seront plus annoncés ici.',
  nearby: 'Festivals à proximité :',
  noneNearby: "Aucun festival trouvé à proximité pour l'instant (les pairs du réseau local sont trouvés par mDNS, en quelques secondes).",
  noNetwork: 'Le pair est éteint (--no-p2p) : rien ne peut être partagé ni trouvé sur le réseau.',
  localTime: (c, z) => `${c} sur place, ${z}`,
  withNodes: (f, o) => `${f}, avec ${o.join(', ')}`,
  metaEvent: (e, f, o) => `${qf(e)} est maintenant co-organisé par ${f} avec ${o.join(', ')} : il est au programme de ${f} et nommé avec eux dans tout le réseau.`,
  ownNode: (f) => `${qf(f)} est le festival de ce salon : nommez les autres nœuds qui co-organisent.`,
  noSuchEvent: (e) => `Il n'y a pas d'événement ${qf(e)} dans le festival de ce salon.`,
  whichEvent: (e, ts) => `Quel événement est ${qf(e)} ? ${ts.map(qf).join(', ')}.`,
  notAuthor: (e, a) => `Seul·e ${a}, qui a créé ${qf(e)}, peut nommer les nœuds qui le co-organisent : rien n'a été écrit.`,
  shareCode: (c) => `Le code de ${qf(c)} : un autre nœud qui la rejoint (« rejoindre <code> » dans son salon, ou \`yurt join <code>\`) reçoit avec lui tous les festivals membres.`,
  announced: (f, e) => `Nouveau chez ${f} : ${e}`,
  announcedMany: (f, n) => `Nouveau chez ${f} : ${n} événements.`,
}

const DE: CommunityText = {
  created: (n) => `Community ${qd(n)} gegründet; dieser Raum folgt ihr. Ein Festival tritt auf das Wort seiner Organisator·innen bei: „wir treten ${n} bei“ in seinem Raum; andere Knoten bekommen mit ihrem Code das ganze Netz („teile die Community ${n}“).`,
  exists: (n) => `Die Community ${qd(n)} gibt es schon; dieser Raum folgt ihr.`,
  unknown: (t, k) => (k.length ? `Ich kenne keine Community ${qd(t)}. Communities hier: ${k.join(', ')}.` : `Ich kenne keine Community ${qd(t)}, und noch gar keine: „neue Community ${t}“ gründet eine, oder tritt einer mit ihrem Code bei („beitreten yurt1:…“).`),
  several: (t, ids) => `Mehrere Communities heißen ${qd(t)}: ${ids.join(', ')}. Nenne eine bei ihrer Kennung.`,
  unknownFestival: (t, k) => `Ich kenne kein Festival ${qd(t)}. Festivals hier: ${list(k, 'keine')}.`,
  noFestival: 'Dieser Raum plant noch kein Festival, hat also nichts, das beitreten könnte. Nenne das Festival („Lyon P2P tritt France P2P bei“) oder beginne hier eines.',
  joined: (f, c, m) => `${qd(f)} ist jetzt Mitglied von ${qd(c)} (Mitglieder: ${m.join(', ')}).`,
  left: (f, c) => `${qd(f)} hat ${qd(c)} verlassen.`,
  alreadyMember: (f, c) => `${qd(f)} ist schon Mitglied von ${qd(c)}.`,
  notMember: (f, c) => `${qd(f)} ist kein Mitglied von ${qd(c)}.`,
  notOrganiser: (f, c, j) => `Nur wer ${qd(f)} organisiert, kann es ${qd(c)} ${j ? 'beitreten' : 'verlassen'} lassen, und du gehörst nicht dazu: nichts wurde geschrieben. Frag eine Organisatorin oder einen Organisator.`,
  isCommunity: (n) => `${qd(n)} ist eine Community, kein Festival: Mitglieder sind nur Festivals.`,
  notPlanned: (n) => `${qd(n)} ist eine Community, kein Festival: sag „dieser Raum folgt ${n}“, um ihr zu folgen, und „dieser Raum plant …“ mit einem ihrer Festivals.`,
  followed: (c) => `Dieser Raum folgt ${qd(c)}: frag „was läuft bei ${c} diesen Monat?“. Neue Veranstaltungen ihrer anderen Festivals werden hier angekündigt („Netzwerk-Ankündigungen aus“ stellt das ab).`,
  alreadyFollowed: (c) => `Dieser Raum folgt ${qd(c)} schon.`,
  unfollowed: (c) => `Dieser Raum folgt ${qd(c)} nicht mehr.`,
  notFollowed: (c) => `Dieser Raum folgt ${qd(c)} nicht.`,
  whichCommunity: (k) => (k.length ? `Welche Community? Communities hier: ${k.join(', ')} („was läuft bei ${k[0]}?“).` : 'Hier gibt es noch keine Community: „neue Community France P2P“ gründet eine, oder tritt einer mit ihrem Code bei.'),
  heading: (c, s, n) => `${qd(c)} ${s === 'month' ? 'diesen Monat' : s === 'week' ? 'in den nächsten 7 Tagen' : s === 'today' ? 'heute' : 'in den nächsten 31 Tagen'} (${n} Festival${n === 1 ? '' : 's'}):`,
  nothing: (c, s, m) => `Bei ${qd(c)} ist ${s === 'month' ? 'für den Rest des Monats' : s === 'week' ? 'in den nächsten 7 Tagen' : s === 'today' ? 'heute' : 'in den nächsten 31 Tagen'} nichts geplant (Mitglieder: ${list(m, 'noch keine')}).`,
  more: (n) => `… und ${n} weitere (\`yurt export --community\` schreibt alle).`,
  pending: (n) => `Aufgeführt, aber hier noch nicht vorhanden: ${n.join(', ')}.`,
  members: (c) => `Mitglieder von ${qd(c)}:`,
  noMembers: (c) => `${qd(c)} hat noch kein Mitgliedsfestival: ein Festival tritt mit „wir treten ${c} bei“ in seinem Raum bei.`,
  communities: 'Communities:',
  noCommunities: 'Noch keine Community: „neue Community France P2P“ gründet eine.',
  announceOn: 'Neue Veranstaltungen der anderen Festivals der Communities, denen dieser Raum folgt, werden hier angekündigt.',
  announceOff: 'Neue Veranstaltungen der anderen Festivals der Communities, denen dieser Raum folgt, werden hier nicht mehr angekündigt.',
  nearby: 'Festivals in der Nähe:',
  noneNearby: 'Noch kein Festival in der Nähe gefunden (Peers im lokalen Netz werden per mDNS gefunden, das dauert ein paar Sekunden).',
  noNetwork: 'Der Peer ist aus (--no-p2p): nichts lässt sich teilen oder im Netz finden.',
  localTime: (c, z) => `${c} dort, ${z}`,
  withNodes: (f, o) => `${f}, mit ${o.join(', ')}`,
  metaEvent: (e, f, o) => `${qd(e)} wird jetzt von ${f} gemeinsam mit ${o.join(', ')} organisiert: es steht im Programm von ${f} und wird im ganzen Netz mit ihnen genannt.`,
  ownNode: (f) => `${qd(f)} ist das Festival dieses Raums: nenne die anderen Knoten, die mitorganisieren.`,
  noSuchEvent: (e) => `Im Festival dieses Raums gibt es keine Veranstaltung ${qd(e)}.`,
  whichEvent: (e, ts) => `Welche Veranstaltung ist ${qd(e)}? ${ts.map(qd).join(', ')}.`,
  notAuthor: (e, a) => `Nur ${a}, wer ${qd(e)} angelegt hat, kann die mitorganisierenden Knoten nennen: nichts wurde geschrieben.`,
  shareCode: (c) => `Der Code von ${qd(c)}: ein anderer Knoten, der ihr beitritt („beitreten <code>“ in seinem Raum oder \`yurt join <code>\`), bekommt damit alle Mitgliedsfestivals.`,
  announced: (f, e) => `Neu bei ${f}: ${e}`,
  announcedMany: (f, n) => `Neu bei ${f}: ${n} Veranstaltungen.`,
}

export const COMMUNITY_TEXT: Record<Lang, CommunityText> = { en: EN, fr: FR, de: DE }
