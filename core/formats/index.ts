/**
 * Import and export formats: festival programmes in (Paris P2P JSON, frab JSON and XML), the schedule
 * out (a documented JSON contract, iCalendar). See `README.md` in this folder.
 */
export { importProgramme, guessFormat, IMPORT_FORMATS } from './programme.ts'
export type { ImportFormat, ImportOptions, ImportedEvent, ImportedProgramme, ImportedVenue } from './programme.ts'
export { exportJson } from './export-json.ts'
export type { ScheduleJson } from './export-json.ts'
export { exportIcs } from './export-ics.ts'
export type { IcsOptions } from './export-ics.ts'
export { vtimezone } from './vtimezone.ts'
export { exportFrabJson, exportFrabXml, frabSchedule, FrabExportError } from './export-frab.ts'
export type { FrabOptions, FrabSchedule } from './export-frab.ts'
