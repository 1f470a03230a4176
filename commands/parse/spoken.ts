/**
 * Words as they come from a hurried thumb or a voice keyboard, rewritten before the rules run:
 * clock times said in words ("two pm", "nine thirty pm", "seize heures trente", "vierzehn Uhr") become
 * the digits the time rules read, and a few split words are joined ("work shop", "dee jay").
 *
 * @remarks Only number words next to a clock word are rewritten ("pm", "heures", "Uhr"), so "two
 * people" or "deux ateliers" stay as typed. The rewrite keeps the typed and folded strings aligned
 * (see `text.ts`): each replaced stretch is replaced in both.
 */
import type { Lang } from '../intent.ts'
import { allMatches, alt, fold, type Txt, rx } from './text.ts'

const EN_HOURS: Record<string, number> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12,
}
const EN_MINUTES: Record<string, string> = { fifteen: '15', thirty: '30', 'forty five': '45', 'forty-five': '45' }

const FR_HOURS: Record<string, number> = {
  une: 1, deux: 2, trois: 3, quatre: 4, cinq: 5, six: 6, sept: 7, huit: 8, neuf: 9, dix: 10, onze: 11, douze: 12,
  treize: 13, quatorze: 14, quinze: 15, seize: 16, 'dix-sept': 17, 'dix sept': 17, 'dix-huit': 18, 'dix huit': 18,
  'dix-neuf': 19, 'dix neuf': 19, vingt: 20, 'vingt et une': 21, 'vingt-et-une': 21, 'vingt-deux': 22, 'vingt deux': 22,
  'vingt-trois': 23, 'vingt trois': 23,
}
const FR_MINUTES: Record<string, string> = {
  trente: '30', quinze: '15', 'quarante-cinq': '45', 'quarante cinq': '45', 'et demie': '30', 'et quart': '15', dix: '10', vingt: '20',
}

const DE_HOURS: Record<string, number> = {
  eins: 1, ein: 1, zwei: 2, drei: 3, vier: 4, funf: 5, fuenf: 5, sechs: 6, sieben: 7, acht: 8, neun: 9, zehn: 10, elf: 11,
  zwolf: 12, zwoelf: 12, dreizehn: 13, vierzehn: 14, funfzehn: 15, fuenfzehn: 15, sechzehn: 16, siebzehn: 17, achtzehn: 18,
  neunzehn: 19, zwanzig: 20, einundzwanzig: 21, zweiundzwanzig: 22, dreiundzwanzig: 23,
}
const DE_MINUTES: Record<string, string> = { dreissig: '30', funfzehn: '15', fuenfzehn: '15', 'funfundvierzig': '45', zehn: '10', zwanzig: '20' }

const B = String.raw`(?<![\p{L}\p{N}])`
const E = String.raw`(?![\p{L}\p{N}])`

const RULES: Record<Lang, { re: RegExp; to: (g: Record<string, string | undefined>) => string | null }[]> = {
  en: [
    {
      // "two pm", "nine thirty pm", "eleven o'clock"
      re: rx('gu')`${B}(?<h>${alt(Object.keys(EN_HOURS))})(?:\s+(?<m>${alt(Object.keys(EN_MINUTES))}))?\s*(?<ap>a\.?m\.?|p\.?m\.?|o'?clock)${E}`,
      to: (g) => {
        const h = EN_HOURS[g.h!]
        const m = g.m ? EN_MINUTES[g.m] : '00'
        if (!h || !m) return null
        const ap = g.ap!.replace(/\./g, '')
        return /clock/.test(ap) ? `${h}:${m}` : `${h}:${m}${ap}`
      },
    },
  ],
  fr: [
    {
      // "seize heures trente", "vingt et une heures", "huit heures et demie"
      re: rx('gu')`${B}(?<h>${alt(Object.keys(FR_HOURS))})\s+heures?(?:\s+(?<m>${alt(Object.keys(FR_MINUTES))}))?${E}`,
      to: (g) => {
        const h = FR_HOURS[g.h!]
        const m = g.m ? FR_MINUTES[g.m] : ''
        return h === undefined ? null : `${h}h${m ?? ''}`
      },
    },
  ],
  de: [
    {
      // "vierzehn uhr", "acht uhr dreissig"
      re: rx('gu')`${B}(?<h>${alt(Object.keys(DE_HOURS))})\s+uhr(?:\s+(?<m>${alt(Object.keys(DE_MINUTES))}))?${E}`,
      to: (g) => {
        const h = DE_HOURS[g.h!]
        const m = g.m ? DE_MINUTES[g.m] : undefined
        return h === undefined ? null : m ? `${h}:${m} uhr` : `${h} uhr`
      },
    },
  ],
}

/** Words a voice keyboard splits, and how they are written ("work shop" → "workshop"). */
const JOINED: readonly [RegExp, string][] = [
  [/(?<![\p{L}])work\s+shops?(?![\p{L}])/gu, 'workshop'],
  [/(?<![\p{L}])dee\s*jay(?![\p{L}])/gu, 'dj'],
  [/(?<![\p{L}])open\s+mike(?![\p{L}])/gu, 'open mic'],
  [/(?<![\p{L}])net\s+works(?![\p{L}])/gu, 'networks'],
]

/** Lengths said as a fraction of an hour, by language ("un quart d'heure" → "15 minutes"). */
const FRACTIONS: Record<Lang, readonly [RegExp, string][]> = {
  en: [[/(?<![\p{L}])(?:a\s+)?quarter(?:\s+of\s+an|\s+an)?\s+hour(?![\p{L}])/gu, '15 minutes'], [/(?<![\p{L}])three\s+quarters\s+of\s+an\s+hour(?![\p{L}])/gu, '45 minutes']],
  fr: [[/(?<![\p{L}])(?:d'un|un|d')\s*quart\s+d'heure(?![\p{L}])/gu, 'de 15 minutes'], [/(?<![\p{L}])(?:d'une|une)\s+demi-?\s?heure(?![\p{L}])/gu, 'de 30 minutes'], [/(?<![\p{L}])trois\s+quarts\s+d'heure(?![\p{L}])/gu, '45 minutes']],
  de: [[/(?<![\p{L}])(?:eine\s+)?viertelstunde(?![\p{L}])/gu, '15 minuten'], [/(?<![\p{L}])(?:eine\s+)?dreiviertelstunde(?![\p{L}])/gu, '45 minuten']],
}

/** {@link Txt} with clock times in words written in digits, and split words joined. */
export function spokenForms(t: Txt, lang: Lang): Txt {
  let cur = t
  for (const [re, to] of JOINED) cur = replaceAll(cur, re, () => to)
  for (const [re, to] of FRACTIONS[lang]) cur = replaceAll(cur, re, () => to)
  for (const rule of RULES[lang]) cur = replaceAll(cur, rule.re, (g) => rule.to(g))
  return cur
}

function replaceAll(t: Txt, re: RegExp, to: (g: Record<string, string | undefined>) => string | null): Txt {
  let o = ''
  let f = ''
  let last = 0
  for (const m of allMatches(re, t.f)) {
    const rep = to(m.groups ?? {})
    if (rep === null) continue
    o += t.o.slice(last, m.index) + rep
    f += t.f.slice(last, m.index) + fold(rep)
    last = m.index + m[0].length
  }
  if (last === 0) return t
  return { o: o + t.o.slice(last), f: f + t.f.slice(last) }
}
