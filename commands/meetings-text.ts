/**
 * What the bot says about random meetings and the serendipity switch, in English, French and German.
 * Times are wall times already formatted in the reader's zone.
 */
import type { Lang } from './intent.ts'

export interface MeetingText {
  /** A request stored: the window said, the instant by which an unmatched person hears back. */
  asked: (window: string, lastHour: string) => string
  noHour: string
  noMatcher: string
  tooMany: (n: number) => string
  /** Added when the request was made in a shared room. */
  saidInRoom: string
  cancelled: (n: number) => string
  nothingToCancel: string
  optedIn: string
  optedOut: string
  notOptedIn: string
  switchOn: (perDay: number, from: string, to: string, times: string) => string
  switchOff: string
  notOrganiser: string
  /** Direct messages. */
  matched: (when: string, place: string, other: string) => string
  unmatched: (when: string) => string
  proposed: (when: string, place: string, others: string, minutes: number) => string
  /** Between two wall times, "14:00–18:00". */
  between: (day: string, from: string, to: string) => string
  at: (day: string, time: string) => string
}

export const MEETING_TEXT: Record<Lang, MeetingText> = {
  en: {
    asked: (w, last) => `Looking for someone to meet ${w}. I'll tell you by direct message where to go as soon as someone else asks for the same hour, or at ${last} that nobody did. Only you and the person you meet will know you asked.`,
    noHour: 'That time has passed: ask for a random meeting later, e.g. “find me a random meeting tomorrow afternoon”.',
    noMatcher: 'No bot here matches random meetings for this festival.',
    saidInRoom: 'This room saw you ask: send it to me in a direct message to keep it between us.',
    tooMany: (n) => `You already have ${n} random meeting requests waiting; say “cancel my random meeting” first.`,
    cancelled: (n) => (n === 1 ? 'Your random meeting request is cancelled.' : `Your ${n} random meeting requests are cancelled.`),
    nothingToCancel: 'You have no random meeting request waiting. Ask with “find me a random meeting tomorrow afternoon”.',
    optedIn: "You're in: when serendipity is on, I may pair you with someone else who is up for random meetings, by direct message. Say “I'm not up for random meetings” to stop.",
    optedOut: "You're out: no more random meetings from the serendipity switch.",
    notOptedIn: "You weren't up for random meetings; nothing changed.",
    switchOn: (n, a, b, times) => `Serendipity is on: ${n} random meeting${n === 1 ? '' : 's'} a day between ${a} and ${b} (${times}), among the people who said “I'm up for random meetings”, and nobody else.`,
    switchOff: 'Serendipity is off: no more random meetings proposed.',
    notOrganiser: "Only the festival's organisers can switch serendipity on or off.",
    matched: (when, place, other) => `Random meeting: ${when} at ${place}, with ${other}. Have fun!`,
    unmatched: (when) => `Nobody else asked for a random meeting ${when}, sorry. Ask again for another time!`,
    proposed: (when, place, others, min) => `Serendipity: meet ${others} ${when} at ${place}, for ${min} minutes.`,
    between: (day, a, b) => `${day} between ${a} and ${b}`,
    at: (day, t) => `${day} at ${t}`,
  },
  fr: {
    asked: (w, last) => `Je cherche quelqu'un à rencontrer ${w}. Je vous dirai en message privé où aller dès que quelqu'un d'autre demande la même heure, ou à ${last} que personne ne l'a fait. Seuls vous et la personne rencontrée saurez que vous avez demandé.`,
    noHour: "Cette heure est passée : demandez pour plus tard, par exemple « une rencontre au hasard demain après-midi ».",
    noMatcher: "Aucun bot ici n'organise de rencontres au hasard pour ce festival.",
    saidInRoom: 'Ce salon vous a vu demander : envoyez-le-moi en message privé pour que cela reste entre nous.',
    tooMany: (n) => `Vous avez déjà ${n} demandes de rencontre au hasard en attente ; dites d'abord « annule ma rencontre au hasard ».`,
    cancelled: (n) => (n === 1 ? 'Votre demande de rencontre au hasard est annulée.' : `Vos ${n} demandes de rencontre au hasard sont annulées.`),
    nothingToCancel: "Vous n'avez aucune demande de rencontre au hasard en attente. Demandez avec « une rencontre au hasard demain après-midi ».",
    optedIn: "C'est noté : quand la sérendipité est activée, je pourrai vous proposer en message privé une rencontre avec une autre personne partante. Dites « je ne suis plus partant pour des rencontres au hasard » pour arrêter.",
    optedOut: "C'est noté : plus de rencontres au hasard proposées.",
    notOptedIn: "Vous n'étiez pas partant pour des rencontres au hasard ; rien n'a changé.",
    switchOn: (n, a, b, times) => `Sérendipité activée : ${n} rencontre${n === 1 ? '' : 's'} au hasard par jour entre ${a} et ${b} (${times}), entre les personnes qui ont dit « je suis partant pour des rencontres au hasard », et personne d'autre.`,
    switchOff: 'Sérendipité désactivée : plus de rencontres au hasard proposées.',
    notOrganiser: 'Seuls les organisateurs du festival peuvent activer ou désactiver la sérendipité.',
    matched: (when, place, other) => `Rencontre au hasard : ${when} à ${place}, avec ${other}. Bonne rencontre !`,
    unmatched: (when) => `Personne d'autre n'a demandé de rencontre au hasard ${when}, désolé. Redemandez pour un autre moment !`,
    proposed: (when, place, others, min) => `Sérendipité : rencontrez ${others} ${when} à ${place}, pendant ${min} minutes.`,
    between: (day, a, b) => `${day} entre ${a} et ${b}`,
    at: (day, t) => `${day} à ${t}`,
  },
  de: {
    asked: (w, last) => `Ich suche jemanden zum Treffen ${w}. Ich sage dir per Direktnachricht, wohin du gehen sollst, sobald jemand anderes für dieselbe Stunde fragt, oder um ${last}, dass niemand gefragt hat. Nur du und die Person, die du triffst, wissen, dass du gefragt hast.`,
    noHour: 'Diese Zeit ist vorbei: frag für später, z. B. „ein Zufallstreffen morgen Nachmittag“.',
    noMatcher: 'Kein Bot hier vermittelt Zufallstreffen für dieses Festival.',
    saidInRoom: 'Dieser Raum hat deine Frage gesehen: schick sie mir als Direktnachricht, damit sie unter uns bleibt.',
    tooMany: (n) => `Du hast schon ${n} offene Anfragen für Zufallstreffen; sag zuerst „sag mein Zufallstreffen ab“.`,
    cancelled: (n) => (n === 1 ? 'Deine Anfrage für ein Zufallstreffen ist abgesagt.' : `Deine ${n} Anfragen für Zufallstreffen sind abgesagt.`),
    nothingToCancel: 'Du hast keine offene Anfrage für ein Zufallstreffen. Frag mit „ein Zufallstreffen morgen Nachmittag“.',
    optedIn: 'Du bist dabei: wenn Serendipität an ist, bringe ich dich per Direktnachricht mit jemandem zusammen, der auch dabei ist. Sag „keine Zufallstreffen mehr“, um aufzuhören.',
    optedOut: 'Du bist raus: keine Zufallstreffen mehr vom Serendipitäts-Schalter.',
    notOptedIn: 'Du warst nicht für Zufallstreffen angemeldet; nichts geändert.',
    switchOn: (n, a, b, times) => `Serendipität ist an: ${n} Zufallstreffen am Tag zwischen ${a} und ${b} (${times}), unter den Leuten, die „ich bin dabei für Zufallstreffen“ gesagt haben, und niemand sonst.`,
    switchOff: 'Serendipität ist aus: keine Zufallstreffen mehr.',
    notOrganiser: 'Nur die Organisator*innen des Festivals können Serendipität an- oder ausschalten.',
    matched: (when, place, other) => `Zufallstreffen: ${when} bei ${place}, mit ${other}. Viel Spaß!`,
    unmatched: (when) => `Niemand sonst hat nach einem Zufallstreffen ${when} gefragt, leider. Frag einfach für eine andere Zeit!`,
    proposed: (when, place, others, min) => `Serendipität: triff ${others} ${when} bei ${place}, für ${min} Minuten.`,
    between: (day, a, b) => `${day} zwischen ${a} und ${b}`,
    at: (day, t) => `${day} um ${t}`,
  },
}
