/** German words for the parser (folded: lowercase, umlauts as plain vowels; "ue" spellings accepted too). */
import type { Vocab } from './vocab.ts'

const re = (s: string) => new RegExp(s, 'du')
const W = String.raw`(?![\p{L}\p{N}])`
/** "zu", "zum", "zur", "bei", "beim", "an", "am", "für" before a name. */
const Z = String.raw`(?:zum|zur|zu|beim|bei der|bei|an der|am|an|fur|fuer|in die|in den|ins|in)`

export const de: Vocab = {
  lang: 'de',
  time: {
    weekdays: ['montag', 'dienstag', 'mittwoch', 'donnerstag', 'freitag', 'samstag|sonnabend', 'sonntag'],
    months: [
      'januar|jan|janner', 'februar|feb', 'marz|maerz|mrz', 'april|apr', 'mai', 'juni|jun', 'juli|jul',
      'august|aug', 'september|sept|sep', 'oktober|okt', 'november|nov', 'dezember|dez',
    ],
    dayPreps: 'am|an|fur|fuer|zum|bis|den|diesen|diesem|der|die|das|ab|auf|von',
    next: 'nachsten|naechsten|nachster|kommenden|kommender',
    last: 'letzten|letzter|vergangenen',
    postNext: 'nachste woche',
    postLast: 'letzte woche',
    relative: [
      { re: 'ubermorgen|uebermorgen', offset: 2 },
      { re: 'morgen ?abend|morgen ?nacht', offset: 1, part: 'evening' },
      { re: 'morgen ?nachmittag', offset: 1, part: 'afternoon' },
      { re: 'morgen ?fruh|morgen ?frueh|morgen ?vormittag', offset: 1, part: 'morning' },
      { re: 'morgen', offset: 1 },
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
    durationPre: 'fur|fuer|dauer|lang|uber',
    hours: 'stunden|stunde|std|h',
    minutes: 'minuten|minute|min',
    numbers: { eine: 1, einen: 1, ein: 1, zwei: 2, drei: 3, vier: 4, funf: 5, zehn: 10 },
  },
  help: re(String.raw`^(?:hilfe|hilf mir|\?|befehle|wie geht das|wie funktioniert das|was kannst du|anleitung)(?:\s+(?:zu|fur|bei|mit)?\s*(?<topic>.+))?$`),
  undo: re(String.raw`^(?:ruckgangig|rueckgaengig|ruckgangig machen|mach (?:das|es|dies) ruckgangig|mach (?:das|es) rueckgaengig|letzte anderung ruckgangig(?: machen)?|(?:meine )?letzte (?:anderung|aktion) zurucknehmen|zuruck|nimm das zuruck|undo)$`),
  myEvents: re(String.raw`^(?:(?:zeig(?:e)? )?(?:meine (?:termine|events|veranstaltungen|anmeldungen|workshops)|mein (?:programm|plan|kalender|zeitplan))|wo gehe ich hin|was habe ich (?:vor|geplant|gebucht))$`),
  schedule: [
    { re: re(String.raw`^(?:was lauft|was laeuft|was ist los|was geht|was gibt(?:'s| es| s)|was steht an|was passiert|was kommt|was findet statt)${W}(?<rest>.*)$`), all: false },
    { re: re(String.raw`^(?:(?:zeig(?:e)?(?: mir)? )?(?:das |den )?(?:programm|zeitplan|ablauf|plan|spielplan|line-?up)|programm)${W}(?<rest>.*)$`), all: true },
  ],
  now: re(String.raw`^(?:jetzt|gerade|aktuell|im moment|als nachstes|als naechstes|danach|gleich|bald|demnachst|jetzt und danach)(?:\s+(?:los|an|dran))?$`),
  all: re(String.raw`^(?:alles|komplett|das ganze festival|die ganze woche|insgesamt|gesamt|ganz)$`),
  freeSlots: [
    re(String.raw`^(?:zeig(?:e)?(?: mir)?\s+)?(?:freie|offene|verfugbare|verfuegbare)\s+(?:slots?|zeiten|termine|platze|zeitfenster|lucken)${W}(?<rest>.*)$`),
    re(String.raw`^wann ist\s+(?<rest>.+?)\s+frei(?<tail>.*)$`),
  ],
  whoGoing: [
    re(String.raw`^wer (?:kommt|geht|ist dabei|nimmt teil|ist angemeldet|ist)(?:\s+${Z})?\s+(?<rest>.+?)(?:\s+(?:dabei|mit|hin))?$`),
    re(String.raw`^wie viele (?:leute |personen )?(?:kommen|gehen|sind dabei)(?:\s+${Z})?\s+(?<rest>.+)$`),
  ],
  rsvp: [
    { answer: 'not-going', re: re(String.raw`^(?:ich komme (?:doch )?nicht|ich kann (?:doch )?nicht|ich gehe (?:doch )?nicht|ich bin (?:doch )?nicht dabei|ich nehme (?:doch )?nicht teil|ich sage ab|absage|ich melde mich ab|melde mich ab|nicht dabei)(?:\s+${Z})?\s+(?<rest>.+?)(?:\s+(?:kommen|gehen|teilnehmen|ab|dabei))?$`) },
    { answer: 'maybe', re: re(String.raw`^(?:vielleicht|eventuell|evtl\.?|ich komme vielleicht|ich komme eventuell|vielleicht komme ich|ich gehe vielleicht|mal sehen)(?:\s+${Z})?\s+(?<rest>.+?)(?:\s+(?:kommen|gehen|dabei))?$`) },
    { answer: 'going', re: re(String.raw`^(?:ich komme|ich gehe|ich bin dabei|ich bin|ich nehme teil|ich melde mich an|melde mich an|ich bin angemeldet|zusage|ich sage zu)(?:\s+${Z})?\s+(?<rest>.+?)(?:\s+(?:dabei|an|teil|mit|hin))?$`) },
  ],
  addVenue: [
    re(String.raw`^(?:fuge|fuege|fug|trag|trage|lege|leg|erstelle|erstell|neuer|neue|neues)\s+(?:(?:den|die|das|einen|eine|ein|neuen|neue|neues)\s+)*(?<noun>ort|buhne|raum|saal|zelt|zone|bereich|dorf|platz|gelande|areal|veranstaltungsort)${W}\s*:?\s*(?<rest>.+?)(?:\s+(?:hinzu|an|ein))?(?:[,;:]\s*(?<tail>.+))?$`),
  ],
  addResource: [
    re(String.raw`^(?:fuge|fuege|fug|trag|trage|lege|leg|erstelle|erstell|neue|neuer|neues)\s+(?:(?:die|eine|neue)\s+)*(?:ressource|resource|ausrustung|gerat|material)${W}\s*:?\s*(?<rest>.+?)(?:\s+(?:hinzu|an|ein))?$`),
  ],
  book: [
    re(String.raw`^(?:reserviere|reservier|reservieren|buche|buch|buchen|leihe|ich brauche)\s+(?<res>.+?)\s+(?:fur|fuer|zum|zur|beim)\s+(?<ev>.+?)(?:\s+(?:reservieren|buchen))?$`),
  ],
  add: [
    re(String.raw`^(?:fuge|fuege|fug|trag|trage)\s+(?<body>.+?)\s+(?:hinzu|ein)(?:[,;:]\s*(?<tail>.+))?$`),
    re(String.raw`^(?:erstelle|erstell|plane|plan|neuer|neue|neues|hinzufugen|lege|leg|ich mache|ich biete|ich halte|ich gebe|mach|organisiere)\s+(?<body>.+?)(?:\s+(?:an|hinzu))?$`),
    re(String.raw`^(?<body>.+?)\s+(?:hinzufugen|hinzufuegen|eintragen|anlegen|planen)$`),
  ],
  move: [
    re(String.raw`^(?:verschieb|verschiebe|verschieben|verleg|verlege|verlegen|schieb|schiebe|setz|setze)\s+(?<body>.+?)(?:\s+(?:um|verschieben|verlegen))?$`),
    re(String.raw`^(?<body>.+?)\s+(?:verschieben|verlegen)$`),
  ],
  rename: [
    re(String.raw`^(?:benenne|benenn)\s+(?<body>.+?)\s+um$`),
    re(String.raw`^(?:umbenennen|nenne|nenn|andere den (?:titel|namen) (?:von|vom|der|des))\s+(?<body>.+)$`),
  ],
  renameSep: /\s(?:in|zu|nach|:|->|→)\s/gu,
  cancel: [
    re(String.raw`^(?:sag|sage)\s+(?<body>.+?)\s+ab$`),
    re(String.raw`^(?:losche|losch|loesche|entferne|entfern|streiche|streich|storniere|stornier|absagen|streichen|loschen)\s*:?\s+(?<body>.+)$`),
    re(String.raw`^(?<body>.+?)\s+(?:absagen|streichen|loschen|loeschen|entfernen|fallt aus|faellt aus)$`),
  ],
  articles: 'der|die|das|den|dem|des|ein|eine|einen|einem|einer|mein|meine|meinen|unser|unsere|unseren|zum|zur|beim|im',
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
  with: 'mit',
  and: 'und|\\+|&|,',
  resourceWords: 'beamer|projektor|projektoren|leinwand|leinwande|anlage|soundanlage|pa|mikro|mikros|mikrofon|mikrofone|mischpult|tische?|stuhle|stuhl|laptop|whiteboard|flipchart|licht|kabel|strom|verlangerungskabel',
  venueOne: 'buhne|raum|saal|zelt|halle|zimmer',
  venueMany: 'zone|bereich|dorf|platz|gelande|areal|markt|wiese',
  venueAny: 'ort|veranstaltungsort',
  capacity: re(String.raw`(?:(?:fur|fuer|mit|kapazitat)\s*:?\s*)?(?<n>\d+)\s*(?:personen|leute|platze|platzen|sitzplatze|gaste|teilnehmer|teilnehmende|menschen|pers\.?)|kapazitat\s*:?\s*(?<n2>\d+)`),
  stands: re(String.raw`(?:(?:fur|fuer|mit)\s+)?(?<n>\d+)\s*(?:stande|staende|stand|tische|platze fur stande|gleichzeitig|parallel|veranstaltungen gleichzeitig)`),
  approval: re(String.raw`mit (?:freigabe|genehmigung|bestatigung|zustimmung)|(?:freigabe|genehmigung|bestatigung) (?:notig|noetig|erforderlich|nötig)|nur nach (?:absprache|freigabe)|auf anfrage`),
  open: re(String.raw`wer zuerst kommt|frei buchbar|ohne freigabe|offen fur alle`),
  notNames: re(String.raw`^(?:nicht|doch|da|hier|hin|mit|dabei|es|das|morgen|heute|spater|gleich|ja|nein|nach hause|hause|ins bett|ein|eine)$`),
  changeVerbs: 'fuge|verschieb|verschiebe|sag|losche|benenne|reserviere|buche|streiche',
  polite: re(String.raw`^(?:(?:hallo|hi|hey|ok|okay|yurt|bot)[,:!]?\s+)*(?:bitte\s+|kannst du\s+|konntest du\s+|koenntest du\s+|wurdest du\s+)*`),
  politeEnd: re(String.raw`[,\s]+(?:bitte|danke|bitte schon)$`),
}
