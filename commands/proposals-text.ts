/**
 * What the bot says about organisers, the call for proposals, proposals, votes and acceptance, in
 * English, French and German (commands/proposals.ts). Times are formatted by the caller in the
 * room's zone.
 */
import type { Lang } from './intent.ts'

export interface ProposalTexts {
  /** The line `help` shows for the call for proposals. */
  help: string
  onlyCreator(creator: string): string
  noCreator(hosts: string): string
  unknownPerson(name: string, people: string): string
  organiserNamed(name: string, all: string): string
  alreadyOrganiser(name: string): string
  organisedBy(creator: string, others: string): string
  organisedByHosts(hosts: string): string
  onlyOrganisers(names: string): string
  callOpen(until: string | null): string
  callClosedNow: string
  callNone: string
  callClosed: string
  callEnded(until: string): string
  deadlinePast(until: string): string
  noCall: string
  proposed(what: string, usual: boolean): string
  alreadyProposed(title: string): string
  badLength: string
  proposalsHeading: string
  noProposals: string
  votes(n: number): string
  acceptedAt(slot: string): string
  declinedState(reason?: string): string
  late: string
  withdrawnState: string
  unknownProposal(typed: string, known: string): string
  whichProposal(typed: string): string
  notYours(title: string, owner: string): string
  edited(what: string): string
  editAccepted(title: string): string
  withdrew(title: string): string
  voted(title: string, n: number): string
  alreadyVoted(title: string, n: number): string
  unvoted(title: string, n: number): string
  notVoted(title: string): string
  notOpen(title: string): string
  notHost(venue: string, host: string): string
  accepted(what: string, proposer: string): string
  alreadyAccepted(what: string): string
  lateProposal(title: string): string
  mayNotDecline(names: string): string
  declined(title: string, reason?: string): string
  planHeading(venue: string, day: string): string
  planLeftOver(titles: string): string
  planNothing(venue: string, day: string): string
  planAsk: string
  planDone(n: number, venue: string): string
  planSkipped(titles: string): string
}

const EN: ProposalTexts = {
  help: 'Call for proposals: “open the call for proposals until 15 January”, “propose a talk "Mesh networks", 30 min: what it is about”, “proposals”, “+1 Mesh networks”, “accept Mesh networks for Saturday 15:00 at Atelier”, “schedule the top proposals into free slots at Atelier on Saturday”',
  onlyCreator: (c) => `Only ${c}, who started the festival, may name organisers.`,
  noCreator: (h) => `This festival was started before yurt recorded who started it, so nobody can name organisers: it is organised by the hosts of its venues${h ? ` (${h})` : ''}.`,
  unknownPerson: (n, p) => `I don't know anyone called ${n} here yet — they need to say something to me first.${p ? ` People I know: ${p}.` : ''}`,
  organiserNamed: (n, a) => `${n} is now an organiser. Organisers: ${a}.`,
  alreadyOrganiser: (n) => `${n} is already an organiser.`,
  organisedBy: (c, o) => `Organised by ${c} (who started the festival)${o ? ` and ${o}` : ''}.`,
  organisedByHosts: (h) => (h ? `Organised by the hosts of its venues: ${h}.` : 'Nobody organises this festival yet: it has no venues and no recorded creator.'),
  onlyOrganisers: (n) => `Only the festival's organisers (${n}) may do that.`,
  callOpen: (u) => (u ? `The call for proposals is open until ${u}. Propose with “propose a talk "Title", 30 min: what it is about”.` : 'The call for proposals is open, until an organiser closes it. Propose with “propose a talk "Title", 30 min: what it is about”.'),
  callClosedNow: 'The call for proposals is closed: no new proposals. The proposals stay listed (“proposals”).',
  callNone: 'There is no call for proposals yet. An organiser opens one with “open the call for proposals until 15 January”.',
  callClosed: 'The call for proposals is closed.',
  callEnded: (u) => `The call for proposals ended on ${u}.`,
  deadlinePast: (u) => `${u} has already passed: give a deadline ahead, e.g. “open the call for proposals until 15 January”.`,
  noCall: 'No call for proposals is open, so I can’t take proposals. An organiser opens one with “open the call for proposals until 15 January”.',
  proposed: (w, u) => `Proposed: ${w}.${u ? ' (The usual length — say “change my proposal … to 30 min” to change it.)' : ''} Vote with 👍 on this message or “+1 …”.`,
  alreadyProposed: (t) => `You already proposed “${t}”.`,
  badLength: 'A proposal lasts between 5 minutes and 24 hours.',
  proposalsHeading: 'Proposals, most votes first',
  noProposals: 'No proposals yet.',
  votes: (n) => (n === 1 ? '1 vote' : `${n} votes`),
  acceptedAt: (s) => `accepted: ${s}`,
  declinedState: (r) => (r ? `declined: ${r}` : 'declined'),
  late: 'late',
  withdrawnState: 'withdrawn',
  unknownProposal: (t, k) => `I don't know a proposal called “${t}”.${k ? ` Proposals: ${k}.` : ''}`,
  whichProposal: (t) => `Which proposal do you mean by “${t}”?`,
  notYours: (t, o) => `“${t}” is ${o}'s proposal: only they can change or withdraw it.`,
  edited: (w) => `Changed: ${w}.`,
  editAccepted: (t) => `“${t}” is already accepted into the programme: ask the venue's host to move it.`,
  withdrew: (t) => `Withdrawn: “${t}”.`,
  voted: (t, n) => `Your vote for “${t}” is counted: ${EN.votes(n)}.`,
  alreadyVoted: (t, n) => `You already vote for “${t}” (${EN.votes(n)}).`,
  unvoted: (t, n) => `Your vote for “${t}” is taken back: ${EN.votes(n)}.`,
  notVoted: (t) => `You don't vote for “${t}”.`,
  notOpen: (t) => `“${t}” was withdrawn.`,
  notHost: (v, h) => `Only ${h}, who hosts ${v}, may accept proposals there.`,
  accepted: (w, p) => `Accepted: ${w} — ${p}'s proposal is on the programme.`,
  alreadyAccepted: (w) => `Already accepted: ${w}.`,
  lateProposal: (t) => `“${t}” came in after the call's deadline: it can't be accepted.`,
  mayNotDecline: (n) => `Only the organisers (${n}) or a venue's host may decline proposals.`,
  declined: (t, r) => `Declined: “${t}”${r ? ` (${r})` : ''}.`,
  planHeading: (v, d) => `Plan for ${v} on ${d}, by votes:`,
  planLeftOver: (t) => `No room left for: ${t}.`,
  planNothing: (v, d) => `No open proposal fits the free time at ${v} on ${d}.`,
  planAsk: 'Accept this plan? (yes / no)',
  planDone: (n, v) => `Accepted ${n} ${n === 1 ? 'proposal' : 'proposals'} at ${v}:`,
  planSkipped: (t) => `Not accepted (taken or changed meanwhile): ${t}.`,
}

const FR: ProposalTexts = {
  help: 'Appel à propositions : « ouvre l\'appel à propositions jusqu\'au 15 janvier », « je propose un atelier "Réparer son vélo" de 45 min : de quoi il s\'agit », « propositions », « je vote pour Réparer son vélo », « accepte Réparer son vélo samedi 15h à l\'Atelier »',
  onlyCreator: (c) => `Seul·e ${c}, qui a lancé le festival, peut nommer des organisateurs.`,
  noCreator: (h) => `Ce festival date d'avant que yurt note qui l'a lancé : personne ne peut nommer d'organisateurs, il est organisé par les hôtes de ses lieux${h ? ` (${h})` : ''}.`,
  unknownPerson: (n, p) => `Je ne connais encore personne qui s'appelle ${n} ici — il faut d'abord qu'iel m'écrive.${p ? ` Je connais : ${p}.` : ''}`,
  organiserNamed: (n, a) => `${n} est maintenant organisateur·rice. Organisation : ${a}.`,
  alreadyOrganiser: (n) => `${n} est déjà organisateur·rice.`,
  organisedBy: (c, o) => `Organisé par ${c} (qui a lancé le festival)${o ? ` et ${o}` : ''}.`,
  organisedByHosts: (h) => (h ? `Organisé par les hôtes de ses lieux : ${h}.` : 'Personne n\'organise encore ce festival : il n\'a ni lieu ni créateur connu.'),
  onlyOrganisers: (n) => `Seuls les organisateurs du festival (${n}) peuvent faire ça.`,
  callOpen: (u) => (u ? `L'appel à propositions est ouvert jusqu'au ${u}. Proposez avec « je propose un atelier "Titre" de 45 min : de quoi il s'agit ».` : 'L\'appel à propositions est ouvert, jusqu\'à ce qu\'un organisateur le ferme. Proposez avec « je propose un atelier "Titre" de 45 min : de quoi il s\'agit ».'),
  callClosedNow: 'L\'appel à propositions est fermé : plus de nouvelles propositions. Elles restent listées (« propositions »).',
  callNone: 'Pas encore d\'appel à propositions. Un organisateur l\'ouvre avec « ouvre l\'appel à propositions jusqu\'au 15 janvier ».',
  callClosed: 'L\'appel à propositions est fermé.',
  callEnded: (u) => `L'appel à propositions s'est terminé le ${u}.`,
  deadlinePast: (u) => `${u} est déjà passé : donnez une date à venir, par exemple « ouvre l'appel à propositions jusqu'au 15 janvier ».`,
  noCall: 'Aucun appel à propositions n\'est ouvert, je ne peux pas prendre de proposition. Un organisateur l\'ouvre avec « ouvre l\'appel à propositions jusqu\'au 15 janvier ».',
  proposed: (w, u) => `Proposé : ${w}.${u ? ' (Durée habituelle — dites « change ma proposition … à 30 min » pour la changer.)' : ''} Votez avec 👍 sur ce message ou « +1 … ».`,
  alreadyProposed: (t) => `Vous avez déjà proposé « ${t} ».`,
  badLength: 'Une proposition dure entre 5 minutes et 24 heures.',
  proposalsHeading: 'Propositions, les plus votées d\'abord',
  noProposals: 'Pas encore de propositions.',
  votes: (n) => (n <= 1 ? `${n} vote` : `${n} votes`),
  acceptedAt: (s) => `acceptée : ${s}`,
  declinedState: (r) => (r ? `refusée : ${r}` : 'refusée'),
  late: 'hors délai',
  withdrawnState: 'retirée',
  unknownProposal: (t, k) => `Je ne connais pas de proposition « ${t} ».${k ? ` Propositions : ${k}.` : ''}`,
  whichProposal: (t) => `Quelle proposition voulez-vous dire par « ${t} » ?`,
  notYours: (t, o) => `« ${t} » est la proposition de ${o} : seul·e iel peut la changer ou la retirer.`,
  edited: (w) => `Modifié : ${w}.`,
  editAccepted: (t) => `« ${t} » est déjà acceptée au programme : demandez à l'hôte du lieu de la déplacer.`,
  withdrew: (t) => `Retirée : « ${t} ».`,
  voted: (t, n) => `Votre vote pour « ${t} » est compté : ${FR.votes(n)}.`,
  alreadyVoted: (t, n) => `Vous votez déjà pour « ${t} » (${FR.votes(n)}).`,
  unvoted: (t, n) => `Votre vote pour « ${t} » est retiré : ${FR.votes(n)}.`,
  notVoted: (t) => `Vous ne votez pas pour « ${t} ».`,
  notOpen: (t) => `« ${t} » a été retirée.`,
  notHost: (v, h) => `Seul·e ${h}, qui accueille ${v}, peut y accepter des propositions.`,
  accepted: (w, p) => `Acceptée : ${w} — la proposition de ${p} est au programme.`,
  alreadyAccepted: (w) => `Déjà acceptée : ${w}.`,
  lateProposal: (t) => `« ${t} » est arrivée après la date limite de l'appel : elle ne peut pas être acceptée.`,
  mayNotDecline: (n) => `Seuls les organisateurs (${n}) ou l'hôte d'un lieu peuvent refuser une proposition.`,
  declined: (t, r) => `Refusée : « ${t} »${r ? ` (${r})` : ''}.`,
  planHeading: (v, d) => `Plan pour ${v} le ${d}, par votes :`,
  planLeftOver: (t) => `Plus de place pour : ${t}.`,
  planNothing: (v, d) => `Aucune proposition ouverte ne tient dans le temps libre de ${v} le ${d}.`,
  planAsk: 'Accepter ce plan ? (oui / non)',
  planDone: (n, v) => `${n} ${n === 1 ? 'proposition acceptée' : 'propositions acceptées'} à ${v} :`,
  planSkipped: (t) => `Pas acceptées (pris ou changé entre-temps) : ${t}.`,
}

const DE: ProposalTexts = {
  help: 'Call for Proposals: „öffne den Call for Proposals bis 15. Januar“, „ich schlage einen Vortrag "Mesh-Netze" vor, 30 Minuten: worum es geht“, „Vorschläge“, „ich stimme für Mesh-Netze“, „nimm Mesh-Netze für Samstag 15 Uhr im Atelier an“',
  onlyCreator: (c) => `Nur ${c}, wer das Festival angelegt hat, kann Organisator:innen ernennen.`,
  noCreator: (h) => `Dieses Festival ist älter als yurts Eintrag, wer es angelegt hat: niemand kann Organisator:innen ernennen, es organisieren die Gastgeber:innen seiner Orte${h ? ` (${h})` : ''}.`,
  unknownPerson: (n, p) => `Ich kenne hier noch niemanden namens ${n} — die Person muss mir erst etwas schreiben.${p ? ` Ich kenne: ${p}.` : ''}`,
  organiserNamed: (n, a) => `${n} organisiert jetzt mit. Organisation: ${a}.`,
  alreadyOrganiser: (n) => `${n} organisiert schon mit.`,
  organisedBy: (c, o) => `Organisiert von ${c} (hat das Festival angelegt)${o ? ` und ${o}` : ''}.`,
  organisedByHosts: (h) => (h ? `Organisiert von den Gastgeber:innen der Orte: ${h}.` : 'Noch organisiert niemand dieses Festival: es hat keine Orte und keinen bekannten Gründer.'),
  onlyOrganisers: (n) => `Das dürfen nur die Organisator:innen des Festivals (${n}).`,
  callOpen: (u) => (u ? `Der Call for Proposals ist offen bis ${u}. Vorschlagen mit „ich schlage einen Vortrag "Titel" vor, 30 Minuten: worum es geht“.` : 'Der Call for Proposals ist offen, bis ihn jemand aus der Organisation schließt. Vorschlagen mit „ich schlage einen Vortrag "Titel" vor, 30 Minuten: worum es geht“.'),
  callClosedNow: 'Der Call for Proposals ist geschlossen: keine neuen Vorschläge. Die Vorschläge bleiben gelistet („Vorschläge“).',
  callNone: 'Noch kein Call for Proposals. Die Organisation öffnet ihn mit „öffne den Call for Proposals bis 15. Januar“.',
  callClosed: 'Der Call for Proposals ist geschlossen.',
  callEnded: (u) => `Der Call for Proposals endete am ${u}.`,
  deadlinePast: (u) => `${u} ist schon vorbei: nenn eine Frist in der Zukunft, z. B. „öffne den Call for Proposals bis 15. Januar“.`,
  noCall: 'Es ist kein Call for Proposals offen, also nehme ich keine Vorschläge an. Die Organisation öffnet ihn mit „öffne den Call for Proposals bis 15. Januar“.',
  proposed: (w, u) => `Vorgeschlagen: ${w}.${u ? ' (Die übliche Länge — „ändere meinen Vorschlag … auf 30 Minuten“ ändert sie.)' : ''} Abstimmen mit 👍 auf diese Nachricht oder „+1 …“.`,
  alreadyProposed: (t) => `Du hast „${t}“ schon vorgeschlagen.`,
  badLength: 'Ein Vorschlag dauert zwischen 5 Minuten und 24 Stunden.',
  proposalsHeading: 'Vorschläge, die mit den meisten Stimmen zuerst',
  noProposals: 'Noch keine Vorschläge.',
  votes: (n) => (n === 1 ? '1 Stimme' : `${n} Stimmen`),
  acceptedAt: (s) => `angenommen: ${s}`,
  declinedState: (r) => (r ? `abgelehnt: ${r}` : 'abgelehnt'),
  late: 'verspätet',
  withdrawnState: 'zurückgezogen',
  unknownProposal: (t, k) => `Ich kenne keinen Vorschlag „${t}“.${k ? ` Vorschläge: ${k}.` : ''}`,
  whichProposal: (t) => `Welchen Vorschlag meinst du mit „${t}“?`,
  notYours: (t, o) => `„${t}“ ist der Vorschlag von ${o}: nur diese Person kann ihn ändern oder zurückziehen.`,
  edited: (w) => `Geändert: ${w}.`,
  editAccepted: (t) => `„${t}“ ist schon im Programm: bitte die Gastgeber:in des Orts, es zu verschieben.`,
  withdrew: (t) => `Zurückgezogen: „${t}“.`,
  voted: (t, n) => `Deine Stimme für „${t}“ zählt: ${DE.votes(n)}.`,
  alreadyVoted: (t, n) => `Du stimmst schon für „${t}“ (${DE.votes(n)}).`,
  unvoted: (t, n) => `Deine Stimme für „${t}“ ist zurückgenommen: ${DE.votes(n)}.`,
  notVoted: (t) => `Du stimmst nicht für „${t}“.`,
  notOpen: (t) => `„${t}“ wurde zurückgezogen.`,
  notHost: (v, h) => `Nur ${h}, Gastgeber:in von ${v}, kann dort Vorschläge annehmen.`,
  accepted: (w, p) => `Angenommen: ${w} — der Vorschlag von ${p} ist im Programm.`,
  alreadyAccepted: (w) => `Schon angenommen: ${w}.`,
  lateProposal: (t) => `„${t}“ kam nach der Frist des Calls: er kann nicht angenommen werden.`,
  mayNotDecline: (n) => `Nur die Organisator:innen (${n}) oder Gastgeber:innen eines Orts können Vorschläge ablehnen.`,
  declined: (t, r) => `Abgelehnt: „${t}“${r ? ` (${r})` : ''}.`,
  planHeading: (v, d) => `Plan für ${v} am ${d}, nach Stimmen:`,
  planLeftOver: (t) => `Kein Platz mehr für: ${t}.`,
  planNothing: (v, d) => `Kein offener Vorschlag passt in die freie Zeit von ${v} am ${d}.`,
  planAsk: 'Diesen Plan annehmen? (ja / nein)',
  planDone: (n, v) => `${n} ${n === 1 ? 'Vorschlag' : 'Vorschläge'} in ${v} angenommen:`,
  planSkipped: (t) => `Nicht angenommen (inzwischen belegt oder geändert): ${t}.`,
}

export const PROPOSAL_TEXT: Record<Lang, ProposalTexts> = { en: EN, fr: FR, de: DE }
