/**
 * The corpus files and the languages their sentences are written in.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { Lang } from '../../commands/intent.ts'
import { type Case, loadCorpus } from './format.ts'

const DIR = import.meta.dirname

/** Every case of every language file, in file order. */
export function allCases(): Case[] {
  const out: Case[] = []
  for (const lang of ['en', 'fr', 'de'] as Lang[]) {
    const path = join(DIR, `${lang}.txt`)
    if (existsSync(path)) out.push(...loadCorpus(path, lang))
  }
  return out
}
