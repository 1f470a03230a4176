/** French words for the parser (folded: lowercase, no accents). */
import type { Vocab } from './vocab.ts'

const re = (s: string) => new RegExp(s, 'du')
const W = String.raw`(?![\p{L}\p{N}])`
/** "à", "au", "aux", "à la", "à l'", "pour", "de" before a name. */
const A = String.raw`(?:a la|a l'|au|aux|a|pour|de la|de l'|du|des|de|d')`

export const fr: Vocab = {
  lang: 'fr',
  time: {
    weekdays: ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'],
    months: [
      'janvier|janv', 'fevrier|fevr|fev', 'mars', 'avril|avr', 'mai', 'juin', 'juillet|juil',
      'aout', 'septembre|sept', 'octobre|oct', 'novembre|nov', 'decembre|dec',
    ],
    dayPreps: "le|ce|de|du|d'|pour|jusqu'a|cette|ces|a|au",
    next: 'prochain',
    last: 'dernier',
    postNext: 'prochain',
    postLast: 'dernier',
    relative: [
      { re: 'apres-demain|apres demain', offset: 2 },
      { re: 'demain soir', offset: 1, part: 'evening' },
      { re: 'demain apres-midi|demain aprem', offset: 1, part: 'afternoon' },
      { re: 'demain matin', offset: 1, part: 'morning' },
      { re: 'demain', offset: 1 },
      { re: 'ce soir|cette nuit|cette soiree', offset: 0, part: 'evening' },
      { re: "cet apres-midi|cet aprem", offset: 0, part: 'afternoon' },
      { re: 'ce matin', offset: 0, part: 'morning' },
      { re: "aujourd'hui|aujourdhui|auj", offset: 0 },
      { re: 'hier', offset: -1 },
    ],
    evening: 'soir|soiree|nuit',
    afternoon: 'apres-midi|aprem',
    morning: 'matin',
    clockPreps: "a partir de|a|vers|des|pour|de|jusqu'a|avant|apres",
    rangeFrom: 'de|entre',
    rangeTo: "a|jusqu'a|et",
    durationPre: 'pendant|pour|duree|durant',
    hours: 'heures|heure|h',
    minutes: 'minutes|minute|mins|min|mn',
    numbers: { une: 1, un: 1, deux: 2, trois: 3, quatre: 4, cinq: 5, dix: 10 },
  },
  help: re(String.raw`^(?:aide|aidez-moi|au secours|\?|commandes|comment (?:ca|ça) marche|que sais-tu faire|qu'est-ce que tu sais faire|mode d'emploi)(?:\s+(?:sur|pour|avec)?\s*(?<topic>.+))?$`),
  undo: re(String.raw`^(?:annule|annuler|annule (?:ca|cela|ca stp|le dernier changement|la derniere (?:modification|action)|ma derniere (?:modification|action)|mon dernier changement)|defais|defaire|defais ca|retour arriere|oups,? annule(?: ca)?)$`),
  myEvents: re(String.raw`^(?:(?:affiche |montre |voir )?(?:mes (?:evenements|events|creneaux|activites|inscriptions|ateliers)|mon (?:programme|agenda|planning))|ou (?:est-ce que )?je vais|qu'est-ce que j'ai (?:prevu|reserve))$`),
  schedule: [
    { re: re(String.raw`^(?:qu'est-ce qu'il y a|qu'est ce qu'il y a|qu'est-ce qui se passe|qu'est ce qui se passe|qu'y a-t-il|quoi de prevu|quoi de neuf|il y a quoi|y a quoi|c'est quoi le programme|quoi)${W}(?<rest>.*)$`), all: false },
    { re: re(String.raw`^(?:(?:affiche |montre |voir )?(?:le |du )?(?:programme|planning|agenda|calendrier)|au programme)${W}(?<rest>.*)$`), all: true },
    { re: re(String.raw`^(?:quelle est la suite|la suite|et ensuite|et apres)(?<rest>.*)$`), all: false },
  ],
  now: re(String.raw`^(?:maintenant|en ce moment|actuellement|tout de suite|ensuite|apres|a suivre|la suite|bientot|a venir)$`),
  all: re(String.raw`^(?:tout|complet|en entier|entier|tout le festival|toute la semaine|tous les jours)$`),
  freeSlots: [
    re(String.raw`^(?:les\s+)?(?:creneaux|plages|horaires|places)\s+(?:libres|disponibles|dispo)${W}(?<rest>.*)$`),
    re(String.raw`^quand (?:est-ce que )?(?<rest>.+?) est(?:-elle|-il)? libre(?<tail>.*)$`),
  ],
  whoGoing: [
    re(String.raw`^qui (?:vient|va|participe|sera|est inscrit|y va|vient|viendra)(?:\s+(?:la|a|au|aux|pour|de))?\s+(?<rest>.+)$`),
    re(String.raw`^combien (?:de (?:personnes|gens|participants) )?(?:viennent|vont|participent|sont inscrits)(?:\s+${A})?\s+(?<rest>.+)$`),
  ],
  rsvp: [
    { answer: 'not-going', re: re(String.raw`^(?:je ne (?:viens|vais|participe|peux) (?:plus|pas)(?: venir| aller| participer)?|je n'y vais (?:plus|pas)|je n'irai pas|je ne serai pas (?:la|present|presente)|je me desinscris|desinscris-moi|desinscrire|je ne pourrai pas venir|finalement je ne viens pas|pas dispo pour)(?:\s+${A})?\s+(?<rest>.+)$`) },
    { answer: 'maybe', re: re(String.raw`^(?:peut-etre|peut etre|je viendrai peut-etre|je viens peut-etre|je vais peut-etre (?:venir|aller)|je passerai peut-etre|possible)(?:\s+${A})?\s+(?<rest>.+)$`) },
    { answer: 'going', re: re(String.raw`^(?:je viens|je vais|j'y vais|je participe|j'irai|je serai (?:la|present|presente)|je m'inscris|inscris-moi|compte sur moi|je serai|je passe|je viendrai)(?:\s+${A})?\s+(?<rest>.+)$`) },
  ],
  addVenue: [
    re(String.raw`^(?:ajoute|ajouter|ajoutez|cree|creer|creez|nouveau|nouvelle|enregistre|ouvre)\s+(?:(?:le|la|l'|un|une|nouveau|nouvelle)\s*)*(?<noun>lieu|salle|scene|zone|village|espace|endroit|chapiteau|tente)${W}\s*:?\s*(?<rest>.+)$`),
    re(String.raw`^(?:ajoute|ajouter|cree|creer)\s+(?<rest>.+?)\s+comme\s+(?:un |une |le |la )?(?<noun>lieu|salle|scene|zone|village|espace)${W}(?<tail>.*)$`),
  ],
  addResource: [
    re(String.raw`^(?:ajoute|ajouter|ajoutez|cree|creer|nouveau|nouvelle|enregistre)\s+(?:(?:la|le|l'|une|un|nouvelle|nouveau)\s*)*(?:ressource|materiel|equipement)${W}\s*:?\s*(?<rest>.+)$`),
  ],
  book: [
    re(String.raw`^(?:reserve|reserver|reservez|emprunte|il (?:me )?faut|j'ai besoin d[eu'])\s*(?<res>.+?)\s+pour\s+(?<ev>.+)$`),
  ],
  add: [
    re(String.raw`^(?:ajoute|ajouter|ajoutez|cree|creer|creez|nouveau|nouvelle|programme|programmer|programmez|planifie|planifier|propose|proposer|organise|organiser|mets|mettre|je propose|je voudrais (?:ajouter|proposer|faire|organiser)|je veux (?:ajouter|proposer|faire|organiser))\s+(?<body>.+)$`),
  ],
  move: [
    re(String.raw`^(?:deplace|deplacer|deplacez|decale|decaler|decalez|bouge|bouger|repousse|repousser|avance|avancer|change l'heure d[eu'] ?|change (?:le lieu|la salle) d[eu'] ?|reprogramme|reprogrammer)\s*(?<body>.+)$`),
  ],
  rename: [
    re(String.raw`^(?:renomme|renommer|renommez)\s+(?<body>.+)$`),
    re(String.raw`^change (?:le )?(?:titre|nom) d[eu'] ?(?<body>.+)$`),
  ],
  renameSep: /\s(?:en|par|:|->|→)\s/gu,
  cancel: [
    re(String.raw`^(?:annule|annuler|annulez|supprime|supprimer|supprimez|efface|effacer|retire|retirer|enleve|enlever|deprogramme)\s+(?<body>.+)$`),
  ],
  articles: "le|la|les|l'|un|une|des|du|de la|de l'|mon|ma|mes|notre|ce|cet|cette|au|aux|a la|a l'",
  venuePreps: "a la|a l'|au|aux|a|dans la|dans le|dans l'|dans|sur la|sur le|sur l'|chez|@",
  moveTo: "vers la|vers le|vers l'|vers|en",
  kinds: [
    { re: 'conferences?|presentations?|exposes?|causeries?|talks?|tables? rondes?|keynotes?|interventions?', kind: 'talk' },
    { re: 'ateliers?|workshops?|formations?|tutoriels?|cours', kind: 'workshop' },
    { re: 'concerts?|live|sets? live', kind: 'concert' },
    { re: 'fetes?|soirees?|teufs?|bals?|boums?', kind: 'party' },
    { re: 'rencontres?|meetups?|apero|aperos|rendez-vous', kind: 'meetup' },
    { re: 'projections?|films?|seances?|cine', kind: 'projection' },
    { re: 'stands?', kind: 'stand' },
    { re: 'reunions?|assemblees?|ag|pleniere', kind: 'meeting' },
    { re: 'evenements?|activites?|sessions?|trucs?', kind: 'other' },
  ],
  called: "intitule|intitulee|appele|appelee|nomme|nommee|sur|qui s'appelle|:",
  with: 'avec',
  and: 'et|\\+|&|,',
  resourceWords: 'videoprojecteurs?|projecteurs?|ecrans?|sono|micros?|microphones?|enceintes?|tables?|chaises?|tableaux?|paperboards?|rallonges?|eclairages?|ordinateurs?|beamer',
  venueOne: 'scene|salle|chapiteau|tente|amphi|amphitheatre|auditorium|piece',
  venueMany: 'zone|village|espace|aire|terrain|marche|camp',
  venueAny: 'lieu|endroit',
  capacity: re(String.raw`(?:(?:pour|de|avec|capacite)\s*:?\s*)?(?<n>\d+)\s*(?:personnes|places|gens|participants|spectateurs|pers)|capacite\s*:?\s*(?<n2>\d+)`),
  stands: re(String.raw`(?:(?:pour|de|avec)\s+)?(?<n>\d+)\s*(?:stands|etals|tables|emplacements|evenements en parallele|en parallele|a la fois|en meme temps)`),
  approval: re(String.raw`sur (?:validation|approbation|demande|reservation)|avec (?:validation|approbation)|(?:validation|approbation) (?:requise|necessaire|obligatoire)|a valider|sur inscription`),
  open: re(String.raw`premier arrive,? premier servi|ouvert a tous|sans validation|libre acces`),
  notNames: re(String.raw`^(?:plus|pas|la|ici|demain|ca|cela|bien|oui|non|moi|toi|vous|rien|tard|bientot|un|une|le|les)$`),
  changeVerbs: 'ajoute|deplace|annule|supprime|renomme|decale|reserve',
  polite: re(String.raw`^(?:(?:salut|bonjour|coucou|ok|yurt|bot)[,:!]?\s+)*(?:s'il (?:te|vous) plait,?\s+|stp\s+|svp\s+|peux-tu\s+|peux tu\s+|pourrais-tu\s+|pourriez-vous\s+|tu peux\s+|merci d[e']\s*)*`),
  politeEnd: re(String.raw`[,\s]+(?:s'il (?:te|vous) plait|stp|svp|merci)$`),
}
