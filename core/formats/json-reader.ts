/**
 * Reading untrusted JSON with errors that name the place: `file.json: $.schedule.conference.days[2]`.
 *
 * @remarks The importers read every field through these helpers, so a wrong type or a missing field
 * becomes an {@link ImportError} whose `where` is the file and a JSONPath to the field.
 */
import { ImportError } from '../errors.ts'

/** A JSON object as parsed. */
export type JsonObject = Record<string, unknown>

/**
 * Parses JSON text.
 *
 * @throws {ImportError} with `where` = `file: line L, column C` (or `file: end of file` when it is truncated)
 */
export function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text)
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err)
    const pos = /position (\d+)/.exec(msg)
    let where = file
    const end = text.trimEnd().length
    if (pos && Number(pos[1]) < end) {
      where = `${file}: ${lineColumn(text, Number(pos[1]))}`
    } else if (pos || /end of (JSON )?input|Unterminated/i.test(msg)) {
      where = `${file}: end of file (${lineColumn(text, end)})`
    }
    throw new ImportError(where, `not well-formed JSON (${msg})`, { cause: err })
  }
}

/** `line L, column C` (1-based) of a character offset. */
export function lineColumn(text: string, offset: number): string {
  let line = 1
  let last = -1
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++
    last = i
  }
  return `line ${line}, column ${offset - last}`
}

/** The JSONPath of a member: `$.a.b`, `$.rooms["Village:Haecksen"]`, `$.days[2]`. */
export function child(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`
}

/** Typed accessors over one file, each throwing an {@link ImportError} that names the file and path. */
export interface JsonReader {
  readonly file: string
  fail(path: string, message: string): never
  object(v: unknown, path: string): JsonObject
  array(v: unknown, path: string): unknown[]
  /** A required non-empty string. */
  string(o: JsonObject, key: string, path: string): string
  /** A string that may be absent, `null` or empty: `undefined` then (trimmed otherwise). */
  optString(o: JsonObject, key: string, path: string): string | undefined
  /** A string or a number, as a string (ids are written both ways). Absent/null → `undefined`. */
  optId(o: JsonObject, key: string, path: string): string | undefined
  /** An array that may be absent or `null` (then `[]`). */
  optArray(o: JsonObject, key: string, path: string): unknown[]
}

/** The {@link JsonReader} of one file. */
export function jsonReader(file: string): JsonReader {
  const fail = (path: string, message: string): never => {
    throw new ImportError(`${file}: ${path}`, message)
  }
  const kind = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'an array' : `a ${typeof v}`)
  return {
    file,
    fail,
    object(v, path) {
      if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(path, `expected an object, found ${kind(v)}`)
      return v as JsonObject
    },
    array(v, path) {
      if (!Array.isArray(v)) fail(path, `expected an array, found ${kind(v)}`)
      return v as unknown[]
    },
    string(o, key, path) {
      const p = child(path, key)
      const v = o[key]
      if (v === undefined) fail(p, 'missing')
      if (typeof v !== 'string') fail(p, `expected a string, found ${kind(v)}`)
      if ((v as string).trim() === '') fail(p, 'empty')
      return (v as string).trim()
    },
    optString(o, key, path) {
      const v = o[key]
      if (v === undefined || v === null) return undefined
      if (typeof v !== 'string') fail(child(path, key), `expected a string, found ${kind(v)}`)
      const s = (v as string).trim()
      return s === '' ? undefined : s
    },
    optId(o, key, path) {
      const v = o[key]
      if (v === undefined || v === null || v === '') return undefined
      if (typeof v === 'number' && Number.isFinite(v)) return String(v)
      if (typeof v !== 'string') fail(child(path, key), `expected a string or number, found ${kind(v)}`)
      return (v as string).trim()
    },
    optArray(o, key, path) {
      const v = o[key]
      if (v === undefined || v === null) return []
      if (!Array.isArray(v)) fail(child(path, key), `expected an array, found ${kind(v)}`)
      return v as unknown[]
    },
  }
}
