/**
 * What the bot says about application rounds and capacity (commands/applications.ts), in English,
 * French and German. `what` is an event as `describeEvent` says it; `title` is “quoted”.
 */
import type { ApplicationDecision } from '../core/types.ts'
import type { Lang } from './intent.ts'

export interface ApplicationTexts {
  notOrganiser: (title: string, organiser: string) => string
  opened: (what: string, limit: number | null, question: string | undefined, apply: string, reviewers: string) => string
  closed: (title: string, count: number) => string
  alreadyClosed: (title: string) => string
  noRound: (title: string, example: string) => string
  roundClosed: (title: string) => string
  needAnswer: (title: string, question: string, example: string) => string
  applied: (title: string, reviewers: string, updated: boolean) => string
  saidInRoom: string
  answerTooLong: (max: number) => string
  withdrawn: (title: string) => string
  notApplied: (title: string) => string
  noApplications: (title: string) => string
  summary: (title: string, count: number, accepted: number, limit: number | null, waitlisted: number, declined: number, pending: number) => string
  askInDirect: string
  readableHere: string
  sealedToOthers: string
  countsOnly: string
  decision: Record<ApplicationDecision | 'pending', string>
  notReviewer: (title: string, reviewers: string) => string
  noSuchApplicant: (name: string, title: string, applicants: string) => string
  twoApplicants: (name: string) => string
  decided: (name: string, decision: ApplicationDecision, title: string, accepted: number, limit: number | null) => string
  roundFull: (title: string, limit: number) => string
  capacitySet: (what: string, capacity: number, attendance: string) => string
  venueCapacitySet: (venue: string, capacity: number) => string
  notVenueHost: (venue: string, host: string) => string
  notYourEvent: (title: string, organiser: string) => string
  badCapacity: string
  occurrence: (title: string) => string
  full: (title: string, going: number, limit: number, position: number) => string
  attendance: (going: number, limit: number | null, waiting: number) => string
  waitingNames: (names: string) => string
  promoted: (name: string, title: string) => string
}

const N = (n: number | null) => (n === null ? '∞' : String(n))

const en: ApplicationTexts = {
  notOrganiser: (t, o) => `Only the organiser of ${t} (${o}) can open or close its applications.`,
  opened: (w, l, q, a, r) =>
    `Applications for ${w} are open${l !== null ? `: up to ${l} people` : ''}.${q ? ` Question: ${q}` : ''} People apply with “${a}”. Answers are sealed to the reviewers (${r}): nobody else can read them, on any copy of the festival.`,
  closed: (t, n) => `Applications for ${t} are closed (${n} applied).`,
  alreadyClosed: (t) => `Applications for ${t} are already closed.`,
  noRound: (t, e) => `Applications for ${t} aren't open. Its organiser can open them: “${e}”.`,
  roundClosed: (t) => `Applications for ${t} are closed.`,
  needAnswer: (t, q, e) => `${t} asks: ${q} Answer with “${e}”.`,
  applied: (t, r, u) => `${u ? 'Your application to' : 'You applied to'} ${t}${u ? ' is updated' : ''}. Your answer is sealed: only the reviewers (${r}) can read it.`,
  saidInRoom: 'This room saw what you typed; to keep an answer between you and the reviewers, apply in a direct message with me.',
  answerTooLong: (m) => `That answer is too long: ${m} characters at most.`,
  withdrawn: (t) => `Your application to ${t} is withdrawn.`,
  notApplied: (t) => `You haven't applied to ${t}.`,
  noApplications: (t) => `Nobody has applied to ${t} yet.`,
  summary: (t, n, a, l, w, d, p) => `Applications for ${t}: ${n} — ${a}/${N(l)} accepted, ${w} waitlisted, ${d} declined, ${p} to decide.`,
  askInDirect: 'The answers are sealed: ask me in a direct message to read them.',
  readableHere: 'Answers (sealed to the reviewers; shown here because this is a direct message):',
  sealedToOthers: '(sealed to other reviewers: not readable with your key)',
  countsOnly: 'Only the reviewers see who applied.',
  decision: { accepted: 'accepted', declined: 'declined', waitlisted: 'waitlisted', pending: 'to decide' },
  notReviewer: (t, r) => `Only the reviewers of ${t} (${r}) can decide its applications.`,
  noSuchApplicant: (n, t, a) => `${n} hasn't applied to ${t}.${a ? ` Applicants: ${a}.` : ''}`,
  twoApplicants: (n) => `Two applicants are called ${n}: I can't tell which one you mean.`,
  decided: (n, d, t, a, l) => `${n}: ${d} for ${t} (${a}/${N(l)} accepted).${d === 'accepted' ? ' Counts as going.' : ''}`,
  roundFull: (t, l) => `${t} already has ${l} people accepted, its limit: decline or waitlist someone first.`,
  capacitySet: (w, c, a) => `${w} takes ${c} ${c === 1 ? 'person' : 'people'} now: ${a}.`,
  venueCapacitySet: (v, c) => `${v} holds ${c} ${c === 1 ? 'person' : 'people'} now; its events without a capacity of their own take that many.`,
  notVenueHost: (v, h) => `Only the host of ${v} (${h}) can say how many it holds.`,
  notYourEvent: (t, o) => `Only the organisers of ${t} (${o}) can set how many people it takes.`,
  badCapacity: 'Say a number of people from 1 to 100000, e.g. “limit History of P2P to 20”.',
  occurrence: (t) => `${t} is part of a series: applications and capacity are set on single events for now.`,
  full: (t, g, l, p) => `${t} is full (${g}/${l}): you're number ${p} on the waiting list. You'll get a place when someone leaves.`,
  attendance: (g, l, w) => `${l !== null ? `${g}/${l}` : g} going${w ? `, ${w} waiting` : ''}`,
  waitingNames: (n) => `Waiting list: ${n}.`,
  promoted: (n, t) => `A place opened at ${t}: ${n} is in.`,
}

const fr: ApplicationTexts = {
  notOrganiser: (t, o) => `Seul l'organisateur de ${t} (${o}) peut ouvrir ou fermer ses candidatures.`,
  opened: (w, l, q, a, r) =>
    `Les candidatures pour ${w} sont ouvertes${l !== null ? ` : ${l} personnes au plus` : ''}.${q ? ` Question : ${q}` : ''} On postule avec « ${a} ». Les réponses sont scellées pour les personnes qui les examinent (${r}) : personne d'autre ne peut les lire, sur aucune copie du festival.`,
  closed: (t, n) => `Les candidatures pour ${t} sont fermées (${n} reçues).`,
  alreadyClosed: (t) => `Les candidatures pour ${t} sont déjà fermées.`,
  noRound: (t, e) => `Les candidatures pour ${t} ne sont pas ouvertes. Son organisateur peut les ouvrir : « ${e} ».`,
  roundClosed: (t) => `Les candidatures pour ${t} sont fermées.`,
  needAnswer: (t, q, e) => `${t} demande : ${q} Répondez avec « ${e} ».`,
  applied: (t, r, u) => `${u ? 'Votre candidature à' : 'Vous avez postulé à'} ${t}${u ? ' est mise à jour' : ''}. Votre réponse est scellée : seules les personnes qui examinent (${r}) peuvent la lire.`,
  saidInRoom: "Ce salon a vu ce que vous avez écrit ; pour qu'une réponse reste entre vous et les personnes qui examinent, postulez en message direct avec moi.",
  answerTooLong: (m) => `Cette réponse est trop longue : ${m} caractères au plus.`,
  withdrawn: (t) => `Votre candidature à ${t} est retirée.`,
  notApplied: (t) => `Vous n'avez pas postulé à ${t}.`,
  noApplications: (t) => `Personne n'a encore postulé à ${t}.`,
  summary: (t, n, a, l, w, d, p) => `Candidatures pour ${t} : ${n} — ${a}/${N(l)} acceptées, ${w} en liste d'attente, ${d} refusées, ${p} à décider.`,
  askInDirect: 'Les réponses sont scellées : demandez-moi en message direct pour les lire.',
  readableHere: 'Réponses (scellées pour les personnes qui examinent ; affichées ici parce que c\'est un message direct) :',
  sealedToOthers: '(scellée pour d\'autres personnes : illisible avec votre clé)',
  countsOnly: 'Seules les personnes qui examinent voient qui a postulé.',
  decision: { accepted: 'acceptée', declined: 'refusée', waitlisted: "en liste d'attente", pending: 'à décider' },
  notReviewer: (t, r) => `Seules les personnes qui examinent ${t} (${r}) peuvent décider des candidatures.`,
  noSuchApplicant: (n, t, a) => `${n} n'a pas postulé à ${t}.${a ? ` Candidatures : ${a}.` : ''}`,
  twoApplicants: (n) => `Deux candidatures portent le nom ${n} : je ne sais pas laquelle.`,
  decided: (n, d, t, a, l) => `Candidature de ${n} pour ${t} : ${d === 'accepted' ? 'acceptée' : d === 'declined' ? 'refusée' : "en liste d'attente"} (${a}/${N(l)} acceptées).${d === 'accepted' ? ' Compte parmi les participants.' : ''}`,
  roundFull: (t, l) => `${t} a déjà ${l} personnes acceptées, sa limite : refusez ou mettez quelqu'un en liste d'attente d'abord.`,
  capacitySet: (w, c, a) => `${w} accueille maintenant ${c} ${c === 1 ? 'personne' : 'personnes'} : ${a}.`,
  venueCapacitySet: (v, c) => `${v} accueille maintenant ${c} ${c === 1 ? 'personne' : 'personnes'} ; ses événements sans capacité propre en prennent autant.`,
  notVenueHost: (v, h) => `Seul l'hôte de ${v} (${h}) peut dire combien de personnes y tiennent.`,
  notYourEvent: (t, o) => `Seuls les organisateurs de ${t} (${o}) peuvent fixer le nombre de places.`,
  badCapacity: 'Donnez un nombre de personnes de 1 à 100000, par exemple « History of P2P : 20 places ».',
  occurrence: (t) => `${t} fait partie d'une série : candidatures et places se fixent pour l'instant sur des événements seuls.`,
  full: (t, g, l, p) => `${t} est complet (${g}/${l}) : vous êtes numéro ${p} sur la liste d'attente. Vous aurez une place quand quelqu'un partira.`,
  attendance: (g, l, w) => `${l !== null ? `${g}/${l}` : g} inscrits${w ? `, ${w} en attente` : ''}`,
  waitingNames: (n) => `Liste d'attente : ${n}.`,
  promoted: (n, t) => `Une place s'est libérée pour ${t} : ${n} y va.`,
}

const de: ApplicationTexts = {
  notOrganiser: (t, o) => `Nur wer ${t} organisiert (${o}), kann die Bewerbungen öffnen oder schließen.`,
  opened: (w, l, q, a, r) =>
    `Die Bewerbungen für ${w} sind offen${l !== null ? `: bis zu ${l} Leute` : ''}.${q ? ` Frage: ${q}` : ''} Man bewirbt sich mit „${a}“. Die Antworten sind für die Prüfenden (${r}) versiegelt: sonst kann sie niemand lesen, auf keiner Kopie des Festivals.`,
  closed: (t, n) => `Die Bewerbungen für ${t} sind geschlossen (${n} eingegangen).`,
  alreadyClosed: (t) => `Die Bewerbungen für ${t} sind schon geschlossen.`,
  noRound: (t, e) => `Für ${t} sind keine Bewerbungen offen. Wer es organisiert, kann sie öffnen: „${e}“.`,
  roundClosed: (t) => `Die Bewerbungen für ${t} sind geschlossen.`,
  needAnswer: (t, q, e) => `${t} fragt: ${q} Antworte mit „${e}“.`,
  applied: (t, r, u) => `${u ? 'Deine Bewerbung für' : 'Du hast dich beworben für'} ${t}${u ? ' ist aktualisiert' : ''}. Deine Antwort ist versiegelt: nur die Prüfenden (${r}) können sie lesen.`,
  saidInRoom: 'Dieser Raum hat gesehen, was du geschrieben hast; damit eine Antwort unter dir und den Prüfenden bleibt, bewirb dich in einer Direktnachricht an mich.',
  answerTooLong: (m) => `Die Antwort ist zu lang: höchstens ${m} Zeichen.`,
  withdrawn: (t) => `Deine Bewerbung für ${t} ist zurückgezogen.`,
  notApplied: (t) => `Du hast dich nicht für ${t} beworben.`,
  noApplications: (t) => `Für ${t} hat sich noch niemand beworben.`,
  summary: (t, n, a, l, w, d, p) => `Bewerbungen für ${t}: ${n} — ${a}/${N(l)} angenommen, ${w} auf der Warteliste, ${d} abgelehnt, ${p} offen.`,
  askInDirect: 'Die Antworten sind versiegelt: frag mich in einer Direktnachricht, um sie zu lesen.',
  readableHere: 'Antworten (für die Prüfenden versiegelt; hier gezeigt, weil dies eine Direktnachricht ist):',
  sealedToOthers: '(für andere Prüfende versiegelt: mit deinem Schlüssel nicht lesbar)',
  countsOnly: 'Nur die Prüfenden sehen, wer sich beworben hat.',
  decision: { accepted: 'angenommen', declined: 'abgelehnt', waitlisted: 'auf der Warteliste', pending: 'offen' },
  notReviewer: (t, r) => `Nur die Prüfenden von ${t} (${r}) können über Bewerbungen entscheiden.`,
  noSuchApplicant: (n, t, a) => `${n} hat sich nicht für ${t} beworben.${a ? ` Bewerbungen: ${a}.` : ''}`,
  twoApplicants: (n) => `Zwei Bewerbungen heißen ${n}: ich weiß nicht, welche du meinst.`,
  decided: (n, d, t, a, l) => `${n}: ${d === 'accepted' ? 'angenommen' : d === 'declined' ? 'abgelehnt' : 'auf der Warteliste'} für ${t} (${a}/${N(l)} angenommen).${d === 'accepted' ? ' Zählt als dabei.' : ''}`,
  roundFull: (t, l) => `${t} hat schon ${l} Angenommene, die Grenze: lehne erst jemanden ab oder setz jemanden auf die Warteliste.`,
  capacitySet: (w, c, a) => `${w} hat jetzt ${c} ${c === 1 ? 'Platz' : 'Plätze'}: ${a}.`,
  venueCapacitySet: (v, c) => `In ${v} passen jetzt ${c} Leute; Veranstaltungen dort ohne eigene Grenze nehmen so viele.`,
  notVenueHost: (v, h) => `Nur wer ${v} betreibt (${h}), kann sagen, wie viele hineinpassen.`,
  notYourEvent: (t, o) => `Nur wer ${t} organisiert (${o}), kann die Plätze festlegen.`,
  badCapacity: 'Nenne eine Zahl von 1 bis 100000, z. B. „History of P2P hat 20 Plätze“.',
  occurrence: (t) => `${t} gehört zu einer Serie: Bewerbungen und Plätze gibt es vorerst nur für einzelne Veranstaltungen.`,
  full: (t, g, l, p) => `${t} ist voll (${g}/${l}): du bist Nummer ${p} auf der Warteliste. Du bekommst einen Platz, sobald jemand absagt.`,
  attendance: (g, l, w) => `${l !== null ? `${g}/${l}` : g} dabei${w ? `, ${w} auf der Warteliste` : ''}`,
  waitingNames: (n) => `Warteliste: ${n}.`,
  promoted: (n, t) => `Bei ${t} ist ein Platz frei geworden: ${n} ist dabei.`,
}

export const APPLICATION_TEXT: Record<Lang, ApplicationTexts> = { en, fr, de }

/** The sentence that opens a round, as people type it (for examples in replies). */
export const EXAMPLES: Record<Lang, { open: (t: string) => string; apply: (t: string) => string }> = {
  en: { open: (t) => `applications for ${t} are open: up to 80 people; question: what do you maintain?`, apply: (t) => `apply to ${t}: <your answer>` },
  fr: { open: (t) => `candidatures ouvertes pour ${t} : 80 personnes max ; question : que maintenez-vous ?`, apply: (t) => `je postule à ${t} : <votre réponse>` },
  de: { open: (t) => `Bewerbungen für ${t} sind offen: bis zu 80 Leute; Frage: was pflegst du?`, apply: (t) => `ich bewerbe mich für ${t}: <deine Antwort>` },
}
