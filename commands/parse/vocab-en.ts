/** English words for the parser (folded: lowercase, no accents). */
import type { Clock } from './clock.ts'
import { EMOJI, type Vocab } from './vocab.ts'

const re = (s: string) => new RegExp(s, 'du')
const WORDS = String.raw`(?![\p{L}\p{N}])`
const NEVER = '(?!)'
/** Nouns a length may stand before: "a 30 minute talk", "a 2-hour workshop". */
const LENGTHY = 'talks?|lectures?|presentations?|keynotes?|panels?|workshops?|sessions?|slots?|sets?|concerts?|gigs?|meetups?|meetings?|screenings?|films?|movies?|part(?:y|ies)|tutorials?|class(?:es)?|jams?|shows?|intros?|demos?|q&a|break'

/** "half past 7": 7:30 with its half of the day still open. */
function halfPast(h: string | undefined, m: number): Clock | null {
  const n = Number(h)
  if (!(n >= 0 && n <= 23)) return null
  return n >= 1 && n <= 12 ? { h: n, m, mode: 'bare' } : { h: n, m, mode: '24' }
}

export const en: Vocab = {
  lang: 'en',
  time: {
    weekdays: ['monday', 'tuesday|tues|tue', 'wednesday|wed', 'thursday|thurs|thur|thu', 'friday|fri', 'saturday|sat', 'sunday'],
    weekdayAbbrevs: ['mon', NEVER, NEVER, NEVER, NEVER, NEVER, 'sun'],
    months: [
      'january|jan', 'february|feb', 'march|mar', 'april|apr', 'may', 'june|jun', 'july|jul',
      'august|aug', 'september|sept|sep', 'october|oct', 'november|nov', 'december|dec',
    ],
    dayPreps: 'starting from|starting|on|for|by|this|the|of|until|to|from',
    next: 'next|coming',
    last: 'last|past',
    thisDay: 'this',
    weekend: 'this weekend|this week-end|the weekend|the week-end|over the weekend|weekend|week-end',
    nextWeekend: 'next weekend|next week-end',
    dayOfMonth: String.raw`(?:on\s+)?(?:the\s+)?(?<d>\d{1,2})(?:st|nd|rd|th)(?![\p{L}\p{N}])`,
    postNext: 'next',
    postLast: 'last',
    relative: [
      { re: 'the day after tomorrow|day after tomorrow', offset: 2 },
      { re: 'tomorrow (?:night|evening)', offset: 1, part: 'evening' },
      { re: 'tomorrow afternoon', offset: 1, part: 'afternoon' },
      { re: 'tomorrow morning', offset: 1, part: 'morning' },
      { re: 'tomorrow|tmrw|tmr|tmw|2moro|2morrow|2morow|tomoz|demain|morgen', offset: 1 },
      { re: 'tonight|this evening|tonite|2nite|tonight', offset: 0, part: 'evening' },
      { re: 'this afternoon', offset: 0, part: 'afternoon' },
      { re: 'this morning', offset: 0, part: 'morning' },
      { re: 'today', offset: 0 },
      { re: 'yesterday', offset: -1 },
    ],
    evening: 'evening|night',
    afternoon: 'afternoon',
    morning: 'morning',
    clockPreps: 'at|@|from|to|around|by|starting at|until|till',
    rangeFrom: 'from|between',
    rangeTo: 'to|till|until|and',
    durationPre: 'for|lasting|duration|length|runs? for|takes?',
    durationPost: 'long',
    durationSolo: [
      String.raw`(?:an?\s+)?(?<n>AMOUNT)[\s-]?(?<u>minutes?|mins?|hours?|hrs?|h)(?=\s+(?:[\p{L}-]+\s+)?(?:${LENGTHY})(?![\p{L}]))`,
      // "45 min is plenty", "(so) one hour is fine"
      String.raw`(?:so\s+)?(?<n>AMOUNT)[\s-]?(?<u>minutes?|mins?|hours?|hrs?|h)\s+(?:is|should be|will be|would be)\s+(?:plenty|fine|enough|ok|okay|good|long enough)`,
    ],
    inRelative: 'in|within',
    spoken: [
      { re: String.raw`half past (?<h>\d{1,2})`, clock: (g) => halfPast(g.h, 30) },
      { re: String.raw`(?:a )?quarter past (?<h>\d{1,2})`, clock: (g) => halfPast(g.h, 15) },
      { re: String.raw`(?:a )?quarter to (?<h>\d{1,2})`, clock: (g) => halfPast(String(Number(g.h) - 1), 45) },
    ],
    partAfter: [
      { re: 'in the evening|at night|in the night', part: 'evening' },
      { re: 'in the afternoon', part: 'afternoon' },
      { re: 'in the morning', part: 'morning' },
    ],
    hours: 'hours|hour|hrs|hr|h',
    minutes: 'minutes|minute|mins|min|m',
    numbers: {
      'half an': 0.5, 'half a': 0.5, an: 1, a: 1, one: 1, 'one and a half': 1.5, two: 2, three: 3, four: 4, five: 5, six: 6,
      ten: 10, fifteen: 15, twenty: 20, thirty: 30, 'forty-five': 45, 'forty five': 45, sixty: 60, ninety: 90,
    },
  },
  help: re(String.raw`^(?:help|\?|commands|usage|how does (?:this|it) work|what can you do|how do i use (?:this|you))(?:\s+(?:with|on|for|about)?\s*(?<topic>.+))?$`),
  undo: re(String.raw`^(?:undo|undo (?:that|it|this|last|my last (?:change|edit|action)|the last (?:change|edit|action))|revert(?: that| it| my last change)?|oops,? undo(?: that)?|take (?:that|it) back)$`),
  myEvents: re(String.raw`^(?:(?:show |list |what are |whats |what's )?my (?:events|schedule|programme|program|agenda|plans|talks|workshops|rsvps)(?: (?:this week|for the festival|this weekend))?|what am i (?:going to|attending|signed up for|organi[sz]ing)|what have i (?:booked|added|planned))$`),
  schedule: [
    { re: re(String.raw`^(?:what'?s|what is|whats|what are|wats|anything|is there anything|is anything|what do we have|what have we got|what else is)\s+(?:on|happening|going on|planned|scheduled|the events|goin on)${WORDS}(?<rest>.*)$`), all: false },
    { re: re(String.raw`^(?:what'?s|what is|whats|wats|anything|is there anything|what do we have)\s+(?=(?:at|in|@|tonight|today|tomorrow|tmrw|this|on)${WORDS})(?<rest>.*)$`), all: false },
    { re: re(String.raw`^(?:what'?s|what is|whats)\s+(?:next|coming up|up next)${WORDS}(?<rest>.*)$`), all: false },
    { re: re(String.raw`^(?:show(?: me)?(?: the)?\s+|list(?: the)?\s+|the\s+|full\s+|whole\s+)?(?:schedule|programme|program|agenda|line-?up|timetable|events)${WORDS}(?<rest>.*)$`), all: true },
  ],
  now: re(String.raw`^(?:now|right now|currently|at the moment|next|coming up|up next|now and next|later|soon)$`),
  all: re(String.raw`^(?:all|everything|the whole (?:thing|festival|programme|program|week)|whole|full|complete|for the whole festival)$`),
  freeSlots: [
    re(String.raw`^(?:show\s+|list\s+|any\s+)?(?:free|open|available|empty)\s+(?:slots?|times?|spots?|hours)${WORDS}(?<rest>.*)$`),
    re(String.raw`^when is\s+(?<rest>.+?)\s+(?:free|available)(?<tail>.*)$`),
    re(String.raw`^(?:where|when) can i (?:book|play|hold something)(?<rest>.*)$`),
  ],
  whoGoing: [
    re(String.raw`^(?:who'?s|who is|who are|whos|who'?ll be|who will be|who)\s+(?:going|coming|attending|joining|in)(?:\s+(?:to|for|at))?\s+(?<rest>.+)$`),
    re(String.raw`^who (?:goes|comes) to\s+(?<rest>.+)$`),
    re(String.raw`^how many (?:people )?(?:are )?(?:going|coming|attending)(?:\s+(?:to|for))?\s+(?<rest>.+)$`),
  ],
  rsvp: [
    { answer: 'not-going', re: re(String.raw`^(?:rsvp no(?: to| for)?|no (?:to|for)|(?:sorry,?\s+)?(?:remove|take|drop|unregister|unsubscribe|cross) me (?:off|from|out of)(?: the list (?:for|of))?|i'?m out of|i can no longer (?:make it|come|go|attend)|i won'?t make it|(?:sorry,?\s+)?(?:i\s+)?can'?t make it(?: after all)?|i cant make it|i cannot make it|i can'?t do|i can'?t (?:come|go|attend|make)|i cannot (?:come|go|attend)|i won'?t (?:go|come|be (?:at|there for)|make it|attend)|i'?m not (?:going|coming|attending)|i am not (?:going|coming|attending)|not going|not coming|not attending|can'?t (?:come|go|attend)|cannot (?:come|go|attend)|won'?t be (?:coming|going)|no longer going|count me out|i'?m out|leave|skip|cancel my (?:rsvp|place|spot))(?:\s+(?:to|for|of|at|from))?\s+(?<rest>.+)$`) },
    { answer: 'maybe', re: re(String.raw`^(?:rsvp maybe(?: to| for)?|put me down as (?:a )?maybe for|mark me as maybe for|maybe|perhaps|i might (?:go|come|attend)|might go|maybe going|i may (?:go|come)|i'?m interested in|interested in|tentatively|possibly)(?:\s+(?:to|for|at))?\s+(?<rest>.+)$`) },
    { answer: 'going', re: re(String.raw`^(?:yes,?\s+|yeah,?\s+|ok,?\s+)?(?:i'?ll be (?:there for|at)|i'?m down for|put me down for|add me to|i want to go to|i wanna go to|i'?d like to (?:go|come) to|(?:i'?m|im|i am)(?: (?:definitely|def|defo|totally|really|also|still|now))? (?:going|coming|attending)|(?:i'?ll|ill|i will)(?: (?:definitely|def|totally|probably|also))? (?:go|come|be at|attend|join)|i'?m coming|i am coming|i'?ll come|i will come|i'?ll be at|i will be at|i'?ll attend|i will attend|count me in(?: for)?|i'?m in(?: for)?|going|join|attend|(?:sign|sing) me up(?: for)?|rsvp yes(?: to| for)?|rsvp(?: to| for)?|yes (?:to|for)|i'?m attending)(?:\s+(?:to|for|at))?\s+(?<rest>.+)$`) },
  ],
  addVenue: [
    re(String.raw`^(?:add|create|new|register|open)\s+(?:a\s+|an\s+|the\s+|new\s+)*(?<noun>venue|place|location|stage|room|hall|zone|area|village|space|tent)${WORDS}\s*:?\s*(?:(?:called|named)\s+)?(?<rest>.+)$`),
    re(String.raw`^(?:add|create|register)\s+(?<rest>.+?)\s+as\s+(?:a|an|the)\s+(?<noun>venue|place|location|stage|room|hall|zone|area|village|space|tent)${WORDS}(?<tail>.*)$`),
  ],
  addResource: [
    re(String.raw`^(?:add|create|new|register)\s+(?:a\s+|an\s+|the\s+|new\s+)*(?:resource|equipment|item|gear)${WORDS}\s*:?\s*(?:(?:called|named)\s+)?(?<rest>.+)$`),
    re(String.raw`^(?:add|create|register)\s+(?<rest>.+?)\s+as\s+(?:a\s+)?(?:resource|equipment)$`),
  ],
  book: [
    re(String.raw`^(?:book|reserve|borrow|request|use|i need|we need|we'?ll need|i'?ll need)\s+(?<res>.+?)\s+(?:for|at|during)\s+(?<ev>.+)$`),
  ],
  add: [
    re(String.raw`^(?:add|create|new|schedule|plan|put|register|propose|organi[sz]e|host|set up|let'?s do|i'?d like to (?:add|do|host|give|run))\s+(?<body>.+)$`),
    re(String.raw`^(?:i|we) (?:want to|wanna|will|'ll|would like to|'d like to|are gonna|'re gonna|am gonna|'m gonna) (?:give|run|host|hold|do|add|have)\s+(?<body>.+)$`),
  ],
  addLater: re(String.raw`^(?<tail>.+?)[,\s]+(?:add|create|schedule|put|book)\s+(?<body>.+)$`),
  move: [
    re(String.raw`^(?:move|reschedule|shift|push|postpone|bring forward|change the time of|change the (?:time|venue|place|room) of|change)\s+(?<body>.+)$`),
    // "make it 3pm": only with a pronoun, so that "make a workshop…" stays an add.
    re(String.raw`^(?:make|put|have)\s+(?<body>(?:it|that|this one|that one)\s.+)$`),
  ],
  rename: [
    re(String.raw`^rename\s+(?<body>.+)$`),
    re(String.raw`^change (?:the )?(?:title|name) of\s+(?<body>.+)$`),
  ],
  renameSep: /\s(?:to|as|into|->|→|=>|:)\s|\s*(?:->|→|=>)\s*/gu,
  cancel: [
    re(String.raw`^(?:cancel|delete|remove|drop|call off|scrap|unschedule|kill)\s+(?<body>.+)$`),
    // "datenschutz für alle is off, cancel it", "the dj set is cancelled"
    re(String.raw`^(?<body>.+?)\s+is\s+(?:off|cancell?ed|canceled|called off|not happening)(?:\s*[,;.]?\s*(?:so\s+)?(?:please\s+)?(?:cancel|delete|remove)\s+it)?$`),
  ],
  articles: 'the|a|an|my|our|this|that',
  venuePreps: 'at the|in the|on the|at|in|@',
  moveTo: 'to the|to|onto the|onto',
  kinds: [
    { re: 'talks?|lectures?|presentations?|keynotes?|panels?|lightning talks?', kind: 'talk' },
    { re: 'workshops?|hands-on|tutorials?|masterclass|class', kind: 'workshop' },
    { re: 'concerts?|gigs?|live sets?|live shows?', kind: 'concert' },
    { re: 'party|parties|raves?|dance party', kind: 'party' },
    { re: 'meetups?|meet-ups?|gatherings?|hangouts?|get-togethers?', kind: 'meetup' },
    { re: 'projections?|screenings?|film screenings?|films?|movies?', kind: 'projection' },
    { re: 'stands?|booths?|stalls?', kind: 'stand' },
    { re: 'meetings?|assembly|assemblies|plenary|plenaries', kind: 'meeting' },
    { re: 'event|session|activity|thing|happening', kind: 'other' },
  ],
  called: 'called|named|titled|entitled|about|on|of|:',
  adjectives: 'new|short|little|big|quick|small|open|free|fun|intro|beginner',
  kindWords: ['talk', 'lecture', 'presentation', 'keynote', 'workshop', 'tutorial', 'concert', 'party', 'meetup', 'gathering', 'screening', 'projection', 'meeting', 'session', 'event'],
  eventCapacity: re(String.raw`(?:(?:for|max(?:imum)?\.?|up to|limited to|capacity:?|cap\.?|room for)\s*)?(?<n>\d+)\s*(?:people|persons?|ppl|pax|participants?|attendees|seats|places|spots|guests|folks)(?:\s+max(?:imum)?)?(?![\p{L}])|(?:max(?:imum)?\.?|limited to|capacity:?|cap\.?)\s*(?<n2>\d+)(?![\p{L}\p{N}:])(?!\s*(?:h|hours?|hrs?|min|mins|minutes?|pm|am)(?![\p{L}]))`),
  withPeople: 'hosted by|led by|run by|presented by|given by|by|featuring|feat\\.?|w/',
  connectors: 'of|the|a|an|and|for|to|in|on|with|at|de|du|des|der|die|das|von|und|et',
  unknownVenuePreps: 'at the|at|in the|in|@',
  fillers: re(String.raw`^(?:or|either|please|pls|plz|thanks|thank you|thx|ty|too|also|again|as well|ok|okay|for us|for me|then|and|yes|yeah|lol|cheers|pls|plz|please|thx|[!?.]+|${EMOJI})$`),
  with: 'with|using|plus',
  needs: "we'll need|we will need|we need|we'd need|needs|need|it needs|bring|please bring",
  and: 'and|\\+|&|,',
  resourceWords: 'projectors?|beamers?|screens?|pa|sound ?system|speakers?|mics?|microphones?|mixers?|tables?|chairs?|laptops?|whiteboards?|flipcharts?|lights?|lighting|cables?|power|extension cords?',
  venueOne: 'stage|room|hall|tent|salle|auditorium|theatre|theater',
  venueMany: 'zone|area|village|space|field|camp|market',
  venueAny: 'venue|place|location',
  capacity: re(String.raw`(?:(?:for|of|with|holds|holding|capacity|fits|seats)\s*:?\s*)?(?<n>\d+)\s*(?:people|persons|person|seats|places|guests|visitors|pax|spots)|capacity\s*:?\s*(?<n2>\d+)`),
  stands: re(String.raw`(?:(?:for|of|with)\s+)?(?<n>\d+)\s*(?:stands|booths|stalls|tables|events at (?:once|a time)|at (?:once|a time)|concurrent(?: events)?|parallel events)`),
  approval: re(String.raw`(?:needs?|requires?|with|on|subject to|by)\s+(?:an?\s+)?(?:approval|validation|confirmation)|approval (?:needed|required)|moderated|invite[- ]only|ask first`),
  open: re(String.raw`first come,? first served|open to all|open booking|no approval`),
  notNames: re(String.raw`^(?:later|not|so|no|yes|us|me|you|it|that|this|home|there|here|then|too|again|now|soon|bed|sleep|work|lol|ok|okay|one|some|the|a)$`),
  changeVerbs: 'add|move|cancel|delete|rename|reschedule|book|remove',
  polite: re(String.raw`^(?:(?:hey|hi|hello|ok|okay|yurt|bot|yo|oh|ah|um|uh|hmm|so|and|also|then|wait|sorry|btw|actually|thanks|thank you|thx|oh and|right|alright|cool|great|ok so|ugh|argh|damn|meh|sorry all|sorry everyone|sorry folks|sorry guys)\s*[,:!]?\s+)*(?:please\s+|pls\s+|plz\s+|can (?:someone|somebody|anyone) (?:please\s+)?|could (?:someone|somebody|anyone) (?:please\s+)?|can you\s+|can u\s+|could u\s+|could you\s+|would you\s+|would you mind\s+|kindly\s+|we have to\s+|have to\s+|gotta\s+|got to\s+|we need to\s+|we must\s+|i have to\s+|i need to\s+|need to\s+|gotta\s+|let'?s\s+|can we\s+|could we\s+|can i\s+|could i\s+|actually\s+|just\s+)*(?:please\s+)?`),
  politeEnd: re(String.raw`(?:[,\s]+(?:please|pls|plz|thanks|thank you|thanks a lot|thx|ty|cheers|sorry|asap|for me|please and thanks|pls|plz|please|thx|merci|danke|[!?.]+|${EMOJI}))+$`),
}
