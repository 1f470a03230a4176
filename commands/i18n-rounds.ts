/**
 * What the bot says about person-to-person rounds, in English, French and German: the replies to
 * the commands (commands/rounds.ts) and the posts and direct messages at each round's start
 * (commands/automation/rounds.ts). Names arrive quoted where they are titles.
 */
import type { Lang } from './intent.ts'

export interface RoundsText {
  set: (what: string, count: number, minutes: number, from: string, to: string) => string
  setSeries: (series: string, count: number, minutes: number, clock: string, next: string | null) => string
  howToJoin: string
  stopped: (what: string) => string
  noneToStop: (what: string) => string
  notOrganiser: (what: string, who: string) => string
  badCount: (max: number) => string
  badLength: (max: number) => string
  inThePast: (what: string) => string
  whichEvent: string
  noEvents: string
  noRounds: (what: string) => string
  noRoundsAtAll: string
  whichRounds: string
  joined: (what: string, first: string) => string
  joinedLate: (what: string, next: string) => string
  alreadyIn: (what: string) => string
  left: (what: string, going: boolean) => string
  notIn: (what: string) => string
  over: (what: string) => string
  spots: (venue: string, n: number) => string
  notHost: (venue: string, host: string) => string
  badSpots: (max: number) => string
  unknownVenue: (venue: string) => string
  /** The post of a round's groups: its heading, one line per group. */
  heading: (n: number, count: number, title: string, from: string, to: string) => string
  group: (names: string[], spot: number | null) => string
  tooFew: (n: number, count: number, title: string, people: number) => string
  /** The direct message to one person. */
  partner: (n: number, count: number, title: string, from: string, to: string, partners: string[], spot: number | null) => string
  alone: (n: number, count: number, title: string) => string
}

const and = (names: string[], word: string) => (names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} ${word} ${names[names.length - 1]}`)

export const ROUNDS_TEXT: Record<Lang, RoundsText> = {
  en: {
    set: (what, c, m, from, to) => `Rounds for ${what}: ${c} × ${m} minutes, ${from}–${to}.`,
    setSeries: (s, c, m, clock, next) => `Rounds for every ${s}: ${c} × ${m} minutes from ${clock}${next ? ` (next: ${next})` : ''}.`,
    howToJoin: 'Everyone going takes part; anyone else says “I’m in for the rounds” or reacts 🙋 to this message. At each round’s start I post the pairs here and tell each person their partner by direct message.',
    stopped: (w) => `The rounds for ${w} are called off.`,
    noneToStop: (w) => `${w} has no rounds to call off.`,
    notOrganiser: (w, who) => `Only an organiser of ${w} (${who}) or of the festival can set its rounds.`,
    badCount: (max) => `The number of rounds must be between 1 and ${max}.`,
    badLength: (max) => `A round lasts between 1 and ${max} minutes.`,
    inThePast: (w) => `The rounds of ${w} would be over already: give a start during the event.`,
    whichEvent: 'For which event?',
    noEvents: 'There is no upcoming event to pair people at.',
    noRounds: (w) => `No rounds are planned for ${w}. An organiser sets them: “pair people at 19:30 for 5 rounds of 10 minutes at …”.`,
    noRoundsAtAll: 'No rounds are planned. An organiser sets them: “pair people at 19:30 for 5 rounds of 10 minutes at …”.',
    whichRounds: 'The rounds of which event?',
    joined: (w, first) => `You’re in for the rounds of ${w}, from ${first}. I’ll tell you your partner by direct message at each round.`,
    joinedLate: (w, next) => `You’re in for the rounds of ${w}: they have started, so you join from the next round (${next}).`,
    alreadyIn: (w) => `You’re already in for the rounds of ${w}.`,
    left: (w, going) => `You’re out of the rounds of ${w} from the next round.${going ? ' You are still going to the event.' : ''}`,
    notIn: (w) => `You weren’t in the rounds of ${w}.`,
    over: (w) => `The rounds of ${w} are over.`,
    spots: (v, n) => `${v} has ${n} tables: the rounds’ pairs meet at table 1 to ${n}.`,
    notHost: (v, host) => `Only ${v}’s host (${host}) can say how many tables it has.`,
    badSpots: (max) => `A venue lists 1 to ${max} tables.`,
    unknownVenue: (v) => `I don’t know a venue called “${v}”.`,
    heading: (n, c, t, from, to) => `Round ${n} of ${c} · ${t} · ${from}–${to}`,
    group: (names, spot) => `${and(names, '&')}${spot ? ` — table ${spot}` : ''}`,
    tooFew: (n, c, t, p) => `Round ${n} of ${c} of ${t}: ${p === 0 ? 'nobody is' : 'only one person is'} in, so no pairs this round. Say “I’m in for the rounds” to take part.`,
    partner: (n, c, t, from, to, ps, spot) => `Round ${n} of ${c} of ${t} (${from}–${to}): you meet ${and(ps, 'and')}${spot ? ` at table ${spot}` : ''}.`,
    alone: (n, c, t) => `Round ${n} of ${c} of ${t}: nobody else is in yet, so no partner this round.`,
  },
  fr: {
    set: (what, c, m, from, to) => `Rencontres pour ${what} : ${c} × ${m} minutes, ${from}–${to}.`,
    setSeries: (s, c, m, clock, next) => `Rencontres à chaque ${s} : ${c} × ${m} minutes dès ${clock}${next ? ` (prochaine : ${next})` : ''}.`,
    howToJoin: 'Toutes les personnes inscrites y participent ; les autres disent « je suis partant pour les rencontres » ou réagissent 🙋 à ce message. Au début de chaque tour, je poste les paires ici et j’envoie à chacun son binôme en message direct.',
    stopped: (w) => `Les rencontres de ${w} sont annulées.`,
    noneToStop: (w) => `${w} n’a pas de rencontres à annuler.`,
    notOrganiser: (w, who) => `Seuls les organisateurs de ${w} (${who}) ou du festival peuvent fixer ses rencontres.`,
    badCount: (max) => `Le nombre de rencontres va de 1 à ${max}.`,
    badLength: (max) => `Une rencontre dure de 1 à ${max} minutes.`,
    inThePast: (w) => `Les rencontres de ${w} seraient déjà finies : donnez une heure pendant l’événement.`,
    whichEvent: 'Pour quel événement ?',
    noEvents: 'Aucun événement à venir où former des paires.',
    noRounds: (w) => `Aucune rencontre n’est prévue pour ${w}. Un organisateur les fixe : « fais 5 rencontres de 10 minutes à 19h30 pour … ».`,
    noRoundsAtAll: 'Aucune rencontre n’est prévue. Un organisateur les fixe : « fais 5 rencontres de 10 minutes à 19h30 pour … ».',
    whichRounds: 'Les rencontres de quel événement ?',
    joined: (w, first) => `Vous êtes inscrit aux rencontres de ${w}, dès ${first}. Je vous enverrai votre binôme en message direct à chaque tour.`,
    joinedLate: (w, next) => `Vous êtes inscrit aux rencontres de ${w} : elles ont commencé, vous entrez au prochain tour (${next}).`,
    alreadyIn: (w) => `Vous êtes déjà inscrit aux rencontres de ${w}.`,
    left: (w, going) => `Vous quittez les rencontres de ${w} dès le prochain tour.${going ? ' Vous restez inscrit à l’événement.' : ''}`,
    notIn: (w) => `Vous n’étiez pas inscrit aux rencontres de ${w}.`,
    over: (w) => `Les rencontres de ${w} sont terminées.`,
    spots: (v, n) => `${v} a ${n} tables : les paires se retrouvent aux tables 1 à ${n}.`,
    notHost: (v, host) => `Seul l’hôte de ${v} (${host}) peut dire combien de tables il y a.`,
    badSpots: (max) => `Un lieu compte de 1 à ${max} tables.`,
    unknownVenue: (v) => `Je ne connais pas de lieu « ${v} ».`,
    heading: (n, c, t, from, to) => `Tour ${n} sur ${c} · ${t} · ${from}–${to}`,
    group: (names, spot) => `${and(names, '&')}${spot ? ` — table ${spot}` : ''}`,
    tooFew: (n, c, t, p) => `Tour ${n} sur ${c} de ${t} : ${p === 0 ? 'personne n’est inscrit' : 'une seule personne est inscrite'}, donc pas de paires à ce tour. Dites « je suis partant pour les rencontres » pour participer.`,
    partner: (n, c, t, from, to, ps, spot) => `Tour ${n} sur ${c} de ${t} (${from}–${to}) : vous rencontrez ${and(ps, 'et')}${spot ? ` à la table ${spot}` : ''}.`,
    alone: (n, c, t) => `Tour ${n} sur ${c} de ${t} : personne d’autre n’est inscrit pour l’instant, pas de binôme à ce tour.`,
  },
  de: {
    set: (what, c, m, from, to) => `Runden für ${what}: ${c} × ${m} Minuten, ${from}–${to}.`,
    setSeries: (s, c, m, clock, next) => `Runden bei jedem ${s}: ${c} × ${m} Minuten ab ${clock}${next ? ` (nächstes: ${next})` : ''}.`,
    howToJoin: 'Alle, die kommen, sind dabei; alle anderen sagen „ich bin bei den Runden dabei“ oder reagieren mit 🙋 auf diese Nachricht. Zu Beginn jeder Runde poste ich die Paare hier und schreibe allen ihr Gegenüber per Direktnachricht.',
    stopped: (w) => `Die Runden von ${w} sind abgesagt.`,
    noneToStop: (w) => `${w} hat keine Runden zum Absagen.`,
    notOrganiser: (w, who) => `Nur wer ${w} organisiert (${who}) oder das Festival, kann die Runden festlegen.`,
    badCount: (max) => `Es gibt 1 bis ${max} Runden.`,
    badLength: (max) => `Eine Runde dauert 1 bis ${max} Minuten.`,
    inThePast: (w) => `Die Runden von ${w} wären schon vorbei: nenne einen Beginn während der Veranstaltung.`,
    whichEvent: 'Für welche Veranstaltung?',
    noEvents: 'Es gibt keine kommende Veranstaltung, bei der Paare gebildet werden könnten.',
    noRounds: (w) => `Für ${w} sind keine Runden geplant. Wer organisiert, legt sie fest: „bilde Paare um 19:30 für 5 Runden à 10 Minuten beim …“.`,
    noRoundsAtAll: 'Es sind keine Runden geplant. Wer organisiert, legt sie fest: „bilde Paare um 19:30 für 5 Runden à 10 Minuten beim …“.',
    whichRounds: 'Die Runden welcher Veranstaltung?',
    joined: (w, first) => `Du bist bei den Runden von ${w} dabei, ab ${first}. Dein Gegenüber schreibe ich dir zu jeder Runde per Direktnachricht.`,
    joinedLate: (w, next) => `Du bist bei den Runden von ${w} dabei: sie haben schon begonnen, du steigst in der nächsten Runde ein (${next}).`,
    alreadyIn: (w) => `Du bist schon bei den Runden von ${w} dabei.`,
    left: (w, going) => `Du bist ab der nächsten Runde nicht mehr bei den Runden von ${w} dabei.${going ? ' Zur Veranstaltung kommst du weiterhin.' : ''}`,
    notIn: (w) => `Du warst nicht bei den Runden von ${w} dabei.`,
    over: (w) => `Die Runden von ${w} sind vorbei.`,
    spots: (v, n) => `${v} hat ${n} Tische: die Paare treffen sich an Tisch 1 bis ${n}.`,
    notHost: (v, host) => `Nur wer ${v} betreibt (${host}), kann sagen, wie viele Tische es gibt.`,
    badSpots: (max) => `Ein Ort hat 1 bis ${max} Tische.`,
    unknownVenue: (v) => `Ich kenne keinen Ort „${v}“.`,
    heading: (n, c, t, from, to) => `Runde ${n} von ${c} · ${t} · ${from}–${to}`,
    group: (names, spot) => `${and(names, '&')}${spot ? ` — Tisch ${spot}` : ''}`,
    tooFew: (n, c, t, p) => `Runde ${n} von ${c} von ${t}: ${p === 0 ? 'niemand ist' : 'nur eine Person ist'} dabei, also keine Paare in dieser Runde. Sag „ich bin bei den Runden dabei“, um mitzumachen.`,
    partner: (n, c, t, from, to, ps, spot) => `Runde ${n} von ${c} von ${t} (${from}–${to}): du triffst ${and(ps, 'und')}${spot ? ` an Tisch ${spot}` : ''}.`,
    alone: (n, c, t) => `Runde ${n} von ${c} von ${t}: noch ist niemand sonst dabei, also kein Gegenüber in dieser Runde.`,
  },
}
