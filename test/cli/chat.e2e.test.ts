import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempDir, yurt } from '../helpers/cli.ts'

// Wednesday 8 January 2020, 10:00 in Paris: the first day of Paris P2P Festival #0.
const NOW = '2020-01-08T10:00:00+01:00'
const common = (data: string) => ['--data', data, '--festival', 'Paris P2P', '--tz', 'Europe/Paris', '--now', NOW]

describe('yurt chat driven through stdin, checked with yurt export', () => {
  let data: string
  let cleanup: () => Promise<void>
  beforeAll(async () => {
    ;({ dir: data, cleanup } = await tempDir())
  })
  afterAll(() => cleanup())

  it('plans a festival from sentences in three languages and exports exactly that', async () => {
    const alice = [
      'new festival "Paris P2P" in Europe/Paris from 2020-01-08 to 2020-01-12',
      'add venue Ground Control as a zone',
      'add venue Conférence as a stage for 200 people',
      'add venue Scène as a stage',
      'add workshop Saturday 3pm at Ground Control',
      'add talk "History of P2P" tomorrow 19:00-19:30 at Conférence',
      'move History of P2P to 20:00',
      'add concert "DJ set" Friday 22:00-23:30 at Scène',
      'cancel the DJ set on Friday',
      'ajoute un atelier samedi 15h à Ground Control',
      'füge Konzert Freitag 21 Uhr auf der Bühne hinzu',
      'add talk "Clash" tomorrow 20:10 at Conférence',
    ].join('\n')
    // No --festival: the room creates it, with its dates.
    const a = await yurt(['chat', '--data', data, '--now', NOW, '--as', 'alice'], alice + '\n')
    expect(a.code).toBe(0)
    const lines = a.stdout.trim().split('\n').filter((l) => !l.startsWith('  ')).slice(1)
    expect(a.stdout).toMatch(/^✓ Created the festival Paris P2P \(Europe\/Paris\)/)
    expect(lines).toHaveLength(11)
    expect(lines[3]).toMatch(/^✓ .*Workshop.*Sat 11 Jan 15:00–17:00 at Ground Control/)
    expect(lines[5]).toMatch(/^✓ Moved: “History of P2P”.*Thu 9 Jan 20:00–20:30 at Conférence/)
    expect(lines[7]).toMatch(/^✓ Cancelled “DJ set”/)
    expect(lines[8]).toMatch(/^✓ Ajouté : “Atelier”.*sam\. 11 janv\. 15:00–17:00 à Ground Control/)
    expect(lines[9]).toMatch(/^✓ Hinzugefügt: “Konzert”.*21:00–22:00 in Scène/)
    expect(lines[10]).toMatch(/^✗ Conférence is taken then: “History of P2P”/)

    const b = await yurt(['chat', ...common(data), '--as', 'bob'], "I'm going to History of P2P\nwho's going to History of P2P?\ncancel History of P2P\n")
    expect(b.code).toBe(0)
    expect(b.stdout).toMatch(/You're going to “History of P2P”/)
    expect(b.stdout).toMatch(/Going to “History of P2P”: bob \(1\)/)
    expect(b.stdout).toMatch(/Only its organiser \(alice\) can change “History of P2P”/)

    const out = await yurt(['export', '--format', 'json', '--data', data, '--festival', 'Paris P2P'])
    expect(out.code).toBe(0)
    const json = JSON.parse(out.stdout)
    expect(json.festival).toMatchObject({ name: 'Paris P2P', timezone: 'Europe/Paris' })
    const events = json.events.map((e: Record<string, unknown>) => [e.title, e.start, e.end, e.venue, e.status])
    expect(events).toEqual([
      ['History of P2P', '2020-01-09T20:00:00+01:00', '2020-01-09T20:30:00+01:00', 'Conférence', 'confirmed'],
      ['Konzert', '2020-01-10T21:00:00+01:00', '2020-01-10T22:00:00+01:00', 'Scène', 'confirmed'],
      ['DJ set', '2020-01-10T22:00:00+01:00', '2020-01-10T23:30:00+01:00', 'Scène', 'cancelled'],
      ['Atelier', '2020-01-11T15:00:00+01:00', '2020-01-11T17:00:00+01:00', 'Ground Control', 'confirmed'],
      ['Workshop', '2020-01-11T15:00:00+01:00', '2020-01-11T17:00:00+01:00', 'Ground Control', 'confirmed'],
    ])
    const history = json.events[0]
    expect(history.going).toEqual(['bob'])
    expect(history.organizers).toEqual(['alice'])
  })

  it('ends at "quit" when the lines are piped, and reads nothing after it', async () => {
    const r = await yurt(['chat', ...common(data), '--as', 'dana'], "what's on tomorrow?\nquit\nadd talk \"After quit\" tomorrow 11:00 at Conférence\n")
    expect(r.code).toBe(0)
    expect(r.stdout).not.toMatch(/Try “add workshop/u)
    const out = await yurt(['export', '--format', 'json', '--data', data, '--festival', 'Paris P2P'])
    expect(out.stdout).not.toContain('After quit')
  })

  it('answers bad input briefly and changes nothing', async () => {
    const before = await yurt(['export', '--data', data, '--festival', 'Paris P2P'])
    const bad = [
      '',
      'x'.repeat(5000),
      '\u0000\u0001\u0002binary',
      '🎉🎉🎉',
      'أضف ورشة يوم السبت',
      'add workshop Saturday 3pm at Nowhere Hall',
      'add talk "Old" 2019-12-01 18:00 at Conférence',
      'add talk "Late" 2020-02-01 18:00 at Conférence',
      'move Nonexistent thing to 20:00',
      'hello everyone',
    ].join('\n')
    const r = await yurt(['chat', ...common(data), '--as', 'carol'], bad + '\n')
    expect(r.code).toBe(0)
    expect(r.stderr).not.toMatch(/unexpected error/i)
    const replies = r.stdout.trim().split('\n').filter((l) => !l.startsWith('  '))
    expect(replies.length).toBe(9) // the empty line gets no answer
    expect(replies.every((l) => l.length < 600)).toBe(true)
    expect(replies.some((l) => /Nowhere Hall/.test(l))).toBe(true)
    const after = await yurt(['export', '--data', data, '--festival', 'Paris P2P'])
    expect(after.stdout).toBe(before.stdout)
  })

  it('a second process on the same data directory gets a clear error', async () => {
    const { spawn } = await import('node:child_process')
    const { BIN, TEST_ENV } = await import('../helpers/cli.ts')
    const holder = spawn(process.execPath, [BIN, 'chat', ...common(data), '--as', 'dave'], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...TEST_ENV } })
    await new Promise<void>((resolve) => {
      holder.stdin.write('help\n')
      holder.stdout.once('data', () => resolve())
    })
    const second = await yurt(['export', '--data', data, '--festival', 'Paris P2P'])
    holder.stdin.end()
    await new Promise((r) => holder.on('close', r))
    expect(second.code).toBe(1)
    expect(second.stderr).toMatch(/in use by another yurt process/)
  })
})
