/**
 * A mesh of three city nodes on loopback: three `yurt chat` processes (Paris, Lyon, Nantes), each
 * with its own data directory, festival and room. Paris starts the community France P2P; Lyon and
 * Nantes join it by its code (`yurt join`), which brings them every member festival; each festival
 * joins by its own organiser's word in its room; a join of Lyon P2P by Nantes's organiser is
 * refused; the calendar across the mesh is asked in each room; a new event in Lyon is announced in
 * Paris's room; and `yurt join --list-only` lists the members without fetching them.
 */
import { spawn } from 'node:child_process'
import type { ChildProcessWithoutNullStreams } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BIN, TEST_ENV, freePort, tempDir, yurt } from '../helpers/cli.ts'

/** Friday 4 June 2027, 10:00 in Paris. */
const NOW = '2027-06-04T10:00:00+02:00'

/** A running `yurt chat` whose output can be awaited. */
class Chat {
  readonly child: ChildProcessWithoutNullStreams
  out = ''
  constructor(args: string[]) {
    this.child = spawn(process.execPath, [BIN, 'chat', '--now', NOW, ...args], { env: { ...process.env, ...TEST_ENV } })
    this.child.stdout.on('data', (d) => (this.out += d))
    this.child.stderr.on('data', (d) => (this.out += d))
  }
  say(line: string): void {
    this.child.stdin.write(line + '\n')
  }
  /** Waits (bounded) until the output after `from` matches; returns the match and where it ends. */
  async waitFor(re: RegExp, from = 0, timeoutMs = 30_000): Promise<{ m: RegExpMatchArray; end: number }> {
    const until = Date.now() + timeoutMs
    while (Date.now() < until) {
      const tail = this.out.slice(from)
      const m = tail.match(re)
      if (m) return { m, end: from + m.index! + m[0].length }
      await new Promise((r) => setTimeout(r, 50))
    }
    throw new Error(`timed out waiting for ${re}; output so far:\n${this.out.slice(from)}`)
  }
  /** Says a line and waits for what it answers (output after the line was said). */
  async ask(line: string, re: RegExp, timeoutMs?: number): Promise<string> {
    const from = this.out.length
    this.say(line)
    const { m } = await this.waitFor(re, from, timeoutMs)
    return m[0]
  }
  /** Asks again until the answer matches (replication takes a moment). */
  async askUntil(line: string, re: RegExp, timeoutMs = 30_000): Promise<string> {
    const until = Date.now() + timeoutMs
    while (Date.now() < until) {
      const from = this.out.length
      this.say(line)
      try {
        return (await this.waitFor(re, from, 1_500)).m[0]
      } catch {
        // not there yet: ask again
      }
    }
    throw new Error(`timed out asking ${JSON.stringify(line)} for ${re}; output:\n${this.out}`)
  }
  async close(): Promise<number | null> {
    this.child.stdin.end()
    return new Promise((resolve) => this.child.on('close', resolve))
  }
}

describe('three city nodes, one community', () => {
  const dirs: Array<{ dir: string; cleanup: () => Promise<void> }> = []
  const chats: Chat[] = []
  beforeAll(async () => {
    for (const name of ['paris', 'lyon', 'nantes', 'listed']) dirs.push(await tempDir(`yurt-mesh-${name}-`))
  })
  afterAll(async () => {
    for (const c of chats) if (c.child.exitCode === null) c.child.kill('SIGKILL')
    for (const d of dirs) await d.cleanup()
  })

  it('joins, asks across the mesh in each room, refuses a forged join and announces a new event in the other nodes', async () => {
    const [p, l, n, x] = dirs as [typeof dirs[0], typeof dirs[0], typeof dirs[0], typeof dirs[0]]
    const paris = new Chat(['--data', p.dir, '--as', 'alice', '--festival', 'Paris P2P', '--tz', 'Europe/Paris', '--listen', `/ip4/127.0.0.1/tcp/${await freePort()}`])
    chats.push(paris)
    await paris.ask('add venue Ground Control', /Ground Control/)
    await paris.ask('add talk "Mesh routing" on 12 June at 19:00 at Ground Control', /Added “Mesh routing”/)
    await paris.ask('new community France P2P', /Started the community “France P2P”/)
    await paris.ask('we join France P2P', /“Paris P2P” is now a member of “France P2P”/)
    const code = (await paris.ask('share community France P2P', /yurt1:[A-Za-z0-9_-]+/)).trim()

    // Lyon: the community's code brings the whole mesh (Paris P2P with it).
    const joinedLyon = await yurt(['join', code, '--data', l.dir])
    expect(joinedLyon.code, joinedLyon.stderr).toBe(0)
    expect(joinedLyon.stdout).toBe('Joined the community “France P2P”; 1 member festival fetched: Paris P2P (1 events).\n')
    const lyon = new Chat(['--data', l.dir, '--as', 'léa', '--festival', 'Lyon P2P', '--tz', 'Europe/Paris', '--lang', 'fr', '--listen', `/ip4/127.0.0.1/tcp/${await freePort()}`])
    chats.push(lyon)
    await lyon.ask('ajoute le lieu La Myne', /Myne/)
    await lyon.ask('ajoute un atelier "Apéro IPFS" le 10 juin à 18h à La Myne', /Apéro IPFS/)
    await lyon.ask('nous rejoignons France P2P', /« Lyon P2P » est maintenant membre de « France P2P » \(membres : Lyon P2P, Paris P2P\)/)
    // Paris hears of Lyon's join and fetches Lyon P2P: its room sees Lyon's events.
    expect(await paris.askUntil("what's on in France P2P this month?", /“Apéro IPFS” \(workshop\), Thu 10 Jun 18:00–20:00 at Myne — Lyon P2P/)).toBeTruthy()

    // Nantes joins by the same code and gets both festivals.
    const joinedNantes = await yurt(['join', code, '--data', n.dir])
    expect(joinedNantes.code, joinedNantes.stderr).toBe(0)
    expect(joinedNantes.stdout).toBe('Joined the community “France P2P”; 2 member festivals fetched: Lyon P2P (1 events), Paris P2P (1 events).\n')
    const nantes = new Chat(['--data', n.dir, '--as', 'jonas', '--festival', 'Nantes P2P', '--tz', 'Europe/Paris', '--lang', 'de'])
    chats.push(nantes)
    await nantes.ask('neuer Ort Stereolux', /Stereolux/)
    // Jonas does not organise Lyon P2P: the join is refused, and nothing is written.
    expect(await nantes.ask('Lyon P2P tritt France P2P bei', /✗ .*\n/)).toContain('Nur wer „Lyon P2P“ organisiert, kann es „France P2P“ beitreten lassen, und du gehörst nicht dazu: nichts wurde geschrieben.')
    await nantes.ask('dieses Festival tritt France P2P bei', /„Nantes P2P“ ist jetzt Mitglied von „France P2P“ \(Mitglieder: Lyon P2P, Nantes P2P, Paris P2P\)/)
    const inNantes = await nantes.ask('was läuft bei France P2P?', /„France P2P“ in den nächsten 31 Tagen \(3 Festivals\):[^\n]*\n(?: {2}[^\n]*\n){2}/)
    expect(inNantes).toMatch(/Apéro IPFS[^\n]*— Lyon P2P\n[^\n]*Mesh routing[^\n]*— Paris P2P/)
    expect(await lyon.askUntil('quoi de neuf chez France P2P ?', /« France P2P » dans les 31 prochains jours \(3 festivals\)[\s\S]*Mesh routing[^\n]*— Paris P2P/)).toBeTruthy()

    // A new event in Lyon is told in Paris's room, naming its city node.
    const from = paris.out.length
    await lyon.ask('ajoute un atelier "Apéro libp2p" le 11 juin à 18h à La Myne', /Apéro libp2p/)
    await paris.waitFor(/New in Lyon P2P: “Apéro libp2p” \(workshop\), Fri 11 Jun 18:00–20:00 at Myne/, from)

    // --list-only: the members are listed, none is fetched.
    const listed = await yurt(['join', code, '--list-only', '--data', x.dir])
    expect(listed.code, listed.stderr).toBe(0)
    expect(listed.stdout).toBe('Joined the community “France P2P”; listed only, not fetched: Lyon P2P, Nantes P2P, Paris P2P.\n')
    const festivals = await yurt(['festivals', '--data', x.dir])
    expect(festivals.stdout).toContain('France P2P')
    expect(festivals.stdout).not.toContain('Lyon P2P')

    for (const c of [paris, lyon, nantes]) expect(await c.close()).toBe(0)
  }, 180_000)
})
