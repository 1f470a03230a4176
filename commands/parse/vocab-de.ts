/** German words for the parser (folded: lowercase, umlauts as plain vowels; "ue" spellings accepted too). */
import { DE_HOUR, spokenGerman } from './clock.ts'
import { EMOJI, type Vocab } from './vocab.ts'

const re = (s: string) => new RegExp(s, 'du')
const W = String.raw`(?![\p{L}\p{N}])`
/** "zu", "zum", "zur", "bei", "beim", "an", "am", "für" before a name. */
const Z = String.raw`(?:zum|zur|zu|beim|bei der|bei|an der|am|an|fur|fuer|in die|in den|ins|in)`

export const de: Vocab = {
  lang: 'de',
  time: {
    weekdays: ['montag', 'dienstag', 'mittwoch', 'donnerstag', 'freitag', 'samstag|sonnabend', 'sonntag'],
    weekdayAbbrevs: ['mo', 'di', 'mi', 'do', 'fr', 'sa', 'so'],
    months: [
      'januar|jan|janner', 'februar|feb', 'marz|maerz|mrz', 'april|apr', 'mai', 'juni|jun', 'juli|jul',
      'august|aug', 'september|sept|sep', 'oktober|okt', 'november|nov', 'dezember|dez',
    ],
    dayPreps: 'am|an|fur|fuer|zum|bis|den|diesen|diesem|der|die|das|ab|auf|von',
    next: 'nachsten|naechsten|nachster|naechster|nachste|naechste|kommenden|kommender',
    last: 'letzten|letzter|vergangenen',
    thisDay: 'diesen|diesem|dieser',
    weekend: 'dieses wochenende|diesem wochenende|am wochenende|ubers wochenende|uebers wochenende|wochenende',
    nextWeekend: 'nachstes wochenende|naechstes wochenende|nachsten wochenende|naechsten wochenende|am nachsten wochenende|am naechsten wochenende',
    dayOfMonth: String.raw`(?:am|den|der|zum|vom|bis zum|ab dem|ab)\s+(?<d>\d{1,2})(?:\.(?![\p{N}])|(?=\s+(?:um|ab|von|gegen|zwischen)\s)|$)`,
    postNext: 'nachste woche',
    postLast: 'letzte woche',
    relative: [
      { re: 'ubermorgen|uebermorgen', offset: 2 },
      { re: 'morgen ?abend|morgen ?nacht', offset: 1, part: 'evening' },
      { re: 'morgen ?nachmittag', offset: 1, part: 'afternoon' },
      { re: 'morgen ?fruh|morgen ?frueh|morgen ?vormittag', offset: 1, part: 'morning' },
      { re: 'morgen|tomorrow|demain', offset: 1 },
      { re: 'heute ?abend|heute ?nacht|heut abend', offset: 0, part: 'evening' },
      { re: 'heute ?nachmittag', offset: 0, part: 'afternoon' },
      { re: 'heute ?morgen|heute ?fruh|heute ?vormittag', offset: 0, part: 'morning' },
      { re: 'heute|heut', offset: 0 },
      { re: 'gestern', offset: -1 },
    ],
    evening: 'abend|abends|nacht',
    afternoon: 'nachmittag|nachmittags',
    morning: 'morgen|vormittag|fruh|vormittags',
    clockPreps: 'um|ab|gegen|auf|bis|von|zu|vor|nach',
    rangeFrom: 'von|zwischen',
    rangeTo: 'bis|und',
    durationPre: 'fur|fuer|dauer|uber|dauert',
    durationPost: 'lang',
    durationSolo: [
      String.raw`(?<n>AMOUNT)[\s-]?(?<u>minutig(?:e[nrs]?)?|stundig(?:e[nrs]?)?)`,
      // "45 Minuten reichen", "eine Stunde genügt"
      String.raw`(?<n>AMOUNT)[\s-]?(?<u>stunden?|minuten?|min|std)\s+(?:reichen|reicht|genugen|genugt|sind genug|ist genug)`,
    ],
    inRelative: 'in',
    spoken: [
      { re: String.raw`halb\s+${DE_HOUR}`, clock: (g) => spokenGerman('halb', g.h) },
      { re: String.raw`viertel\s+nach\s+${DE_HOUR}`, clock: (g) => spokenGerman('nach', g.h) },
      { re: String.raw`viertel\s+vor\s+${DE_HOUR}`, clock: (g) => spokenGerman('vor', g.h) },
      { re: String.raw`dreiviertel\s+${DE_HOUR}`, clock: (g) => spokenGerman('dreiviertel', g.h) },
    ],
    partAfter: [
      { re: 'abends|am abend', part: 'evening' },
      { re: 'nachmittags|am nachmittag|mittags|am mittag|zu mittag', part: 'afternoon' },
      { re: 'morgens|vormittags|am vormittag|in der fruh|fruh', part: 'morning' },
    ],
    hours: 'stunden|stunde|std|h|stundig(?:e[nrs]?)?',
    minutes: 'minuten|minute|min|minutig(?:e[nrs]?)?',
    numbers: {
      'eine halbe': 0.5, 'einer halben': 0.5, 'ne halbe': 0.5, eine: 1, einen: 1, ein: 1, einer: 1, anderthalb: 1.5, eineinhalb: 1.5,
      zwei: 2, zweieinhalb: 2.5, drei: 3, vier: 4, funf: 5, zehn: 10, funfzehn: 15, zwanzig: 20, dreissig: 30, neunzig: 90,
    },
  },
  help: re(String.raw`^(?:hilfe|hilf mir|\?|befehle|wie geht das|wie funktioniert das|was kannst du|anleitung)(?:\s+(?:zu|fur|bei|mit)?\s*(?<topic>.+))?$`),
  undo: re(String.raw`^(?:ruckgangig|rueckgaengig|ruckgangig machen|mach (?:das|es|dies) ruckgangig|mach (?:das|es) rueckgaengig|letzte anderung ruckgangig(?: machen)?|(?:meine )?letzte (?:anderung|aktion) zurucknehmen|zuruck|nimm das zuruck|undo)$`),
  myEvents: re(String.raw`^(?:(?:zeig(?:e)? )?(?:meine (?:termine|events|veranstaltungen|anmeldungen|workshops)|mein (?:programm|plan|kalender|zeitplan))|wo gehe ich hin|was habe ich (?:vor|geplant|gebucht))$`),
  schedule: [
    { re: re(String.raw`^(?:was lauft|was laeuft|was ist los|was geht|was gibt(?:'s| es| s)|was gibts|was steht an|was passiert|was kommt|was findet statt|was ist|was is|was so los ist|ist was los|lauft was|laeuft was|gibt(?:'s| es) was)${W}(?<rest>.*?)(?:\s+(?:los|an|so|statt))?$`), all: false },
    { re: re(String.raw`^(?:lauft|laeuft|gibt(?:'s| es)|ist)\s+(?<rest>.+?)\s+(?:was|etwas|irgendwas)(?<tail>(?:\s+.+)?)$`), all: false },
    { re: re(String.raw`^(?:(?:zeig(?:e)?(?: mir)? )?(?:das |den )?(?:programm|zeitplan|ablauf|plan|spielplan|line-?up)|programm)${W}(?<rest>.*)$`), all: true },
  ],
  now: re(String.raw`^(?:jetzt|gerade|aktuell|im moment|als nachstes|als naechstes|danach|gleich|bald|demnachst|jetzt und danach)(?:\s+(?:los|an|dran))?$`),
  all: re(String.raw`^(?:alles|komplett|das ganze festival|die ganze woche|insgesamt|gesamt|ganz)$`),
  freeSlots: [
    re(String.raw`^(?:zeig(?:e)?(?: mir)?\s+)?(?:freie|offene|verfugbare|verfuegbare)\s+(?:slots?|zeiten|termine|platze|zeitfenster|lucken)${W}(?<rest>.*)$`),
    re(String.raw`^wann ist\s+(?<rest>.+?)\s+frei(?<tail>.*)$`),
  ],
  whoGoing: [
    re(String.raw`^wer (?:kommt|geht|ist dabei|nimmt teil|ist angemeldet|ist|kommt alles|geht alles|ist alles)(?:\s+alles)?(?:\s+${Z})?\s+(?<rest>.+?)(?:\s+(?:dabei|mit|hin))?$`),
    re(String.raw`^wie viele (?:leute |personen )?(?:kommen|gehen|sind dabei)(?:\s+${Z})?\s+(?<rest>.+)$`),
  ],
  rsvp: [
    { answer: 'not-going', re: re(String.raw`^(?:(?:nimm|streich|streiche|trag|trage)\s+mich\s+(?:bitte\s+)?(?:von|aus|bei)|(?:ich\s+)?schaff(?:e)?\s+es\s+(?:leider\s+)?(?:doch\s+)?nicht|ich bin raus (?:bei|aus)|(?:ich\s+)?komm(?:e)?\s+(?:leider\s+)?(?:doch\s+)?nicht|ich kann (?:leider\s+)?(?:doch )?nicht|(?:ich\s+)?geh(?:e)?\s+(?:doch\s+)?nicht|ich bin (?:doch )?nicht dabei|ich nehme (?:doch )?nicht teil|ich sage ab|absage|ich melde mich ab|melde mich ab|nicht dabei)(?:\s+${Z})?\s+(?<rest>.+?)(?:\s+(?:kommen|gehen|teilnehmen|ab|dabei|runter|raus|aus))?$`) },
    { answer: 'maybe', re: re(String.raw`^(?:vielleicht|vieleicht|vllt\.?|vlt\.?|eventuell|evtl\.?|ich komme vielleicht|ich komme eventuell|vielleicht komme ich|ich gehe vielleicht|mal sehen)(?:\s+${Z})?\s+(?<rest>.+?)(?:\s+(?:kommen|gehen|dabei))?$`) },
    { answer: 'going', re: re(String.raw`^(?:ich komme|ich komm|komme|komm|ich gehe|ich geh|ich bin dabei|ich bin|bin dabei|bin|ich nehme teil|ich melde mich(?: bitte)? an|(?:ich\s+)?meld(?:e)? mich(?: bitte)?(?: an)?|ich bin angemeldet|zusage|ich sage zu|sag(?:e)? zu)(?:\s+${Z}|\s+(?:fur|fuer|furs|fuers))?\s+(?<rest>.+?)(?:\s+(?:dabei|an|teil|mit|hin))?$`) },
    { answer: 'going', re: re(String.raw`^(?:ok\s+|ja\s+)?(?:bei|beim|zu|zum|zur)\s+(?<rest>.+?)\s+(?:bin|komme|komm)\s+ich(?:\s+(?:jetzt|sicher|auch|definitiv|auf jeden fall|bestimmt|gerne))*(?:\s+(?:dabei|hin|mit))?$`) },
    // „trag mich für Yoga ein“
    { answer: 'going', re: re(String.raw`^(?:trag|trage)\s+mich\s+(?:bitte\s+)?(?:fur|fuer|bei|beim|zum|zur|in|ins)\s+(?<rest>.+?)\s+ein$`) },
  ],
  addVenue: [
    re(String.raw`^(?:fuge|fuege|fug|trag|trage|lege|leg|erstelle|erstell|neuer|neue|neues)\s+(?:(?:den|die|das|einen|eine|ein|neuen|neue|neues)\s+)*(?<noun>ort|venue|location|buhne|raum|saal|zelt|zone|bereich|dorf|platz|gelande|areal|veranstaltungsort)${W}\s*:?\s*(?:(?:namens|genannt|mit dem namen)\s+)?(?<rest>.+?)(?:\s+(?:hinzu|an|ein))?(?:[,;:]\s*(?<tail>.+))?$`),
  ],
  addResource: [
    re(String.raw`^(?:fuge|fuege|fug|trag|trage|lege|leg|erstelle|erstell|neue|neuer|neues)\s+(?:(?:die|eine|neue)\s+)*(?:ressource|resource|ausrustung|gerat|material)${W}\s*:?\s*(?:(?:namens|genannt|mit dem namen)\s+)?(?<rest>.+?)(?:\s+(?:hinzu|an|ein))?$`),
  ],
  book: [
    re(String.raw`^(?:reserviere|reservier|reservieren|buche|buch|buchen|leihe|ich brauche|wir brauchen)\s+(?<res>.+?)\s+(?:fur|fuer|zum|zur|beim)\s+(?<ev>.+?)(?:\s+(?:reservieren|buchen))?$`),
  ],
  add: [
    re(String.raw`^(?:neu|neuer termin|termin|bitte eintragen|eintragen|neue veranstaltung)\s*:\s*(?<body>.+)$`),
    re(String.raw`^(?:fuge|fuege|fug|trag|trage)\s+(?:bitte\s+|mal\s+)*(?<body>.+?)\s+(?:hinzu|ein)(?:[,;:]\s*(?<tail>.+))?$`),
    re(String.raw`^(?:erstelle|erstell|plane|plan|neuer|neue|neues|hinzufugen|lege|leg|ich mache|ich mach|wir machen|ich biete|ich halte|ich gebe|mach|organisiere)\s+(?<body>.+?)(?:\s+(?:an|hinzu))?$`),
    re(String.raw`^(?<body>.+?)\s+(?:hinzufugen|hinzufuegen|eintragen|anlegen|planen)$`),
  ],
  move: [
    re(String.raw`^(?:verschieb|verschiebe|verschieben|verleg|verlege|verlegen|schieb|schiebe|setz|setze|pack|packe)\s+(?<body>.+?)(?:\s+(?:um|verschieben|verlegen))?$`),
    re(String.raw`^(?<body>.+?)\s+(?:verschieben|verschiben|verlegen|schieben|legen|setzen|packen)$`),
    // „leg das DJ set auf Mitternacht“: "leg" with a target is a move ("leg … an" makes a new one).
    re(String.raw`^(?:leg|lege)\s+(?<body>.+?\s+(?:auf|nach)\s+.+?)(?<!\san)$`),
  ],
  rename: [
    re(String.raw`^(?:benenne|benenn)\s+(?<body>.+?)\s+um$`),
    re(String.raw`^(?:umbenennen|nenne|nenn|andere den (?:titel|namen) (?:von|vom|der|des))\s+(?<body>.+)$`),
    re(String.raw`^(?:benenne|benenn)\s+(?<body>.+?\s+)um\s+(?<tail>in\s+.+)$`),
    re(String.raw`^(?<body>.+?\s)umbenennen\s+(?<tail>in\s+.+)$`),
  ],
  renameSep: /\s(?:in|zu|nach|:|->|→|=>)\s|\s*(?:->|→|=>)\s*/gu,
  cancel: [
    re(String.raw`^(?:sag|sage)\s+(?<body>.+?)\s+ab$`),
    re(String.raw`^(?:losche|losch|loesche|entferne|entfern|streiche|streich|storniere|stornier|absagen|streichen|loschen)\s*:?\s+(?<body>.+)$`),
    re(String.raw`^(?<body>.+?)(?:\s+(?:leider|bitte|doch|mal))*\s+(?:absagen|streichen|loschen|loeschen|entfernen|fallt (?:leider |doch |heute )?aus|faellt (?:leider |doch )?aus|fallen lassen|canceln)$`),
  ],
  articles: 'ne|nen|der|die|das|den|dem|des|ein|eine|einen|einem|einer|mein|meine|meinen|unser|unsere|unseren|zum|zur|beim|im',
  venuePreps: 'in der|in dem|in den|im|auf der|auf dem|auf die|am|an der|an dem|beim|bei der|bei dem|bei|in|@',
  moveTo: 'in die|in den|ins|auf die|auf den|zur|zum|nach|in',
  kinds: [
    { re: 'vortrag|vortrage|talk|talks|prasentation|referat|podium|podiumsdiskussion|keynote|lesung', kind: 'talk' },
    { re: 'workshop|workshops|kurs|kurse|ubung|seminar|tutorial', kind: 'workshop' },
    { re: 'konzert|konzerte|gig|auftritt|liveset', kind: 'concert' },
    { re: 'party|partys|fete|feier|fest|rave', kind: 'party' },
    { re: 'treffen|meetup|meetups|stammtisch|zusammenkunft', kind: 'meetup' },
    { re: 'vorfuhrung|filmvorfuhrung|vorstellung|film|filme|screening|kino', kind: 'projection' },
    { re: 'stand|stande|infostand|marktstand', kind: 'stand' },
    { re: 'versammlung|besprechung|sitzung|plenum|meeting', kind: 'meeting' },
    { re: 'veranstaltung|event|termin|sache|aktion', kind: 'other' },
  ],
  called: 'namens|mit dem titel|mit titel|genannt|titel|uber|zum thema|:',
  adjectives: 'neuen|neue|neuer|neues|kleinen|kleine|kleines|kurzen|kurzer|kurzes|grossen|grosse|offenen|offene|offenes',
  kindWords: ['vortrag', 'vortrage', 'prasentation', 'referat', 'workshop', 'konzert', 'party', 'treffen', 'meetup', 'vorfuhrung', 'besprechung', 'versammlung', 'sitzung', 'veranstaltung'],
  eventCapacity: re(String.raw`(?:(?:begrenzt auf|limitiert auf|beschrankt auf|beschraenkt auf|fur|fuer|max(?:imal)?\.?|bis zu|hochstens|hoechstens|kapazitat\s*:?)\s*)?(?<n>\d+)\s*(?:personen|pers\.?|leute|teilnehmer(?:innen)?|teilnehmende|platze|platzen|gaste|menschen)(?:\s+max(?:imal)?)?(?![\p{L}])|(?:begrenzt auf|limitiert auf|max(?:imal)?\.?|bis zu|hochstens|hoechstens)\s*(?<n2>\d+)(?![\p{L}\p{N}:])(?!\s*(?:h|stunden?|std|min|minuten?|uhr)(?![\p{L}]))`),
  withPeople: 'geleitet von|moderiert von|veranstaltet von|organisiert von|von',
  connectors: 'der|die|das|den|dem|des|und|von|vom|fur|mit|zum|zur|im|am|ein|eine',
  unknownVenuePreps: 'in der|in dem|im|auf der|auf dem|am|an der|beim|bei der|bei|in|@',
  fillers: re(String.raw`^(?:oder|bitte|danke|auch|nochmal|ok|okay|hinzu|ein|an|fur uns|und|ja|lol|pls|plz|please|thx|[!?.]+|${EMOJI}|🙏|👍|🙂|😊)$`),
  with: 'mit',
  needs: 'wir brauchen|brauchen|braucht|wir benotigen|benotigt',
  and: 'und|\\+|&|,',
  resourceWords: 'beamer|projektor|projektoren|leinwand|leinwande|anlage|soundanlage|pa|mikro|mikros|mikrofon|mikrofone|mischpult|tische?|stuhle|stuhl|laptop|whiteboard|flipchart|licht|kabel|strom|verlangerungskabel',
  venueOne: 'buhne|raum|saal|zelt|halle|zimmer|nur ein event gleichzeitig|nur eine veranstaltung gleichzeitig|eins nach dem anderen|nur ein termin gleichzeitig',
  venueMany: 'zone|bereich|dorf|platz|gelande|areal|markt|wiese',
  venueAny: 'ort|veranstaltungsort',
  capacity: re(String.raw`(?:(?:fur|fuer|mit|kapazitat)\s*:?\s*)?(?<n>\d+)\s*(?:personen|leute|platze|platzen|sitzplatze|gaste|teilnehmer|teilnehmende|menschen|pers\.?)|kapazitat\s*:?\s*(?<n2>\d+)`),
  stands: re(String.raw`(?:(?:fur|fuer|mit)\s+)?(?<n>\d+)\s*(?:stande|staende|stand|tische|platze fur stande|gleichzeitig|parallel|veranstaltungen gleichzeitig)`),
  approval: re(String.raw`mit (?:freigabe|genehmigung|bestatigung|zustimmung)|(?:freigabe|genehmigung|bestatigung) (?:notig|noetig|erforderlich|nötig)|nur nach (?:absprache|freigabe)|auf anfrage`),
  open: re(String.raw`wer zuerst kommt|frei buchbar|ohne freigabe|offen fur alle`),
  notNames: re(String.raw`^(?:nicht|doch|da|hier|hin|mit|dabei|es|das|morgen|heute|spater|gleich|ja|nein|nach hause|hause|ins bett|ein|eine)$`),
  changeVerbs: 'fuge|verschieb|verschiebe|sag|losche|benenne|reserviere|buche|streiche',
  polite: re(String.raw`^(?:(?:hallo|hi|hey|moin|servus|ok|okay|yurt|bot|ach ne|ach nee|ne|nee|ach|oh|ah|ahm|also|und|auch|ubrigens|uebrigens|sorry|gut|super|na)\s*[,:!]?\s+)*(?:bitte\s+|kannst du\s+|konntest du\s+|koenntest du\s+|wurdest du\s+|kannst du mal\s+|wir mussen\s+|wir muessen\s+|ich muss\s+|konnen wir\s+|koennen wir\s+|kann ich\s+|eigentlich\s+)*(?:bitte\s+)?`),
  politeEnd: re(String.raw`(?:[,\s]+(?:bitte|danke|bitte schon|danke schon|sorry|pls|plz|please|thx|merci|danke|[!?.]+|${EMOJI}))+$`),
}
