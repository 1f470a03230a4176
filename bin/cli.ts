/**
 * yurt's command line: `yurt start | chat | import | export | festivals | check | repair | backup | restore | id | share | join | peer | archive`.
 *
 * Errors name the option, file or field at fault and exit with status 1 (2 for a usage error);
 * nothing is half-written.
 */
import { readFile, writeFile, rename } from 'node:fs/promises'
import { basename } from 'node:path'
import { Command, Option } from 'commander'
import { ConfigError, FestivalAmbiguousError, FestivalNotFoundError, YurtError } from '../core/errors.ts'
import type { ImportFormat } from '../core/formats/programme.ts'
import type { ChatAdapter } from '../adapters/types.ts'
import type { FestivalId, ScheduleView } from '../core/types.ts'
import { festivalList, festivalNotCommunity, openRepo, readOptions, selectFestival } from './app.ts'
import { shortFestivalId } from '../core/ids.ts'
import type { CommonOptions } from './app.ts'
import { botNetwork, networkEnabled, startPeer } from './network.ts'
import { DEFAULT_HTTP } from './defaults.ts'
import type { NetworkOptions } from './network.ts'

// Modules are loaded by the commands that need them, so that `yurt export` starts fast.
const IMPORT_FORMATS = ['paris-p2p', 'frab-json', 'frab-xml'] as const

const program = new Command()
program.name('yurt').description('Plan a self-organised festival from a chat room.').showHelpAfterError()

function common(cmd: Command): Command {
  return cmd
    .option('--data <dir>', 'data directory (default $YURT_DATA or ~/.local/share/yurt)')
    .option('--festival <name>', 'the festival, by name or short id (as yurt festivals prints it); created on first use by chat and import')
    .option('--tz <zone>', 'IANA time zone of a festival created now (default $YURT_TIMEZONE, else the system zone)')
    .option('--as <name>', 'who is speaking in the terminal room (default $USER)')
    .option('--now <iso>', 'the reference clock, ISO 8601 (for reproducible runs)')
    .addOption(new Option('--lang <lang>', 'language of the room').choices(['en', 'fr', 'de']))
}

function network(cmd: Command): Command {
  const collect = (value: string, previous: string[] = []) => [...previous, value]
  return cmd
    .option('--listen <multiaddr>', 'where the peer listens (repeatable; default every interface, TCP and WebSockets)', collect)
    .option('--bootstrap <multiaddr>', 'a peer to dial and keep connected to (repeatable)', collect)
    .option('--no-mdns', 'do not look for peers on the LAN')
    .option('--no-p2p', 'run without the peer')
}

function http(cmd: Command): Command {
  return cmd.option('--http <addr>', `serve the festival's page for phones and venue screens on HOST:PORT, or off (default $YURT_HTTP, else ${DEFAULT_HTTP})`)
}

/** How long `yurt chat`/`yurt start` may take to stop after SIGTERM or SIGINT before it exits anyway, ms. */
const SHUTDOWN_MS = 1800

type ChatOptions = CommonOptions & NetworkOptions & { terminal?: 'always' | 'fallback'; http?: string; serve?: boolean }

/**
 * Serves the page (`bin/web.ts`) when asked: one line on stderr says where, or why not (a port in use
 * leaves the bot running without it).
 */
async function servePage(o: { http?: string }, opened: Awaited<ReturnType<typeof openRepo>>, peer: Awaited<ReturnType<typeof startPeer>> | null) {
  const { parseHttp, startWebServer, webSocketTarget } = await import('./web.ts')
  const where = parseHttp(o.http ?? process.env.YURT_HTTP)
  if (!where) return null
  try {
    const { FeedTokens } = await import('./feeds.ts')
    const tokens = new FeedTokens(opened.data.kv)
    const web = await startWebServer(
      {
        festivals: () => opened.repo.festivals(),
        addresses: () => peer?.addresses() ?? [],
        view: async (id) => {
          const meta = opened.repo.festival(id as FestivalId)
          return meta ? (await opened.repo.open(meta.id)).view() : null
        },
        proposals: async (id) => {
          const meta = opened.repo.festival(id as FestivalId)
          const { programmeOf } = await import('../core/programme-of.ts')
          return meta ? programmeOf(await opened.repo.open(meta.id)).proposals : []
        },
        tokenOwner: (token) => tokens.owner(token),
        generator: await generator(),
      },
      where,
    )
    process.stderr.write(`page: ${web.lanUrls.join('  ')} (venue screens: add /display)\n`)
    if (!peer) process.stderr.write('note: without the peer (--no-p2p) the page loads but cannot sync: phones show nothing\n')
    else if (!webSocketTarget(peer.addresses())) {
      process.stderr.write('note: --listen has no WebSocket address (…/tcp/PORT/ws): phones cannot sync; add e.g. --listen /ip4/0.0.0.0/tcp/0/ws\n')
    }
    return web
  } catch (err) {
    process.stderr.write(`page not served: ${(err as Error).message} (pass --http HOST:PORT, or --http off)\n`)
    return null
  }
}

async function chat(o: ChatOptions): Promise<void> {
  const opts = readOptions(o)
  const { makeBot } = await import('./bot.ts')
  const { TerminalAdapter } = await import('../adapters/terminal.ts')
  const opened = await openRepo(opts.dataDir, opts.now)
  const bot = makeBot(opened, opts)
  const adapters: ChatAdapter[] = []
  let terminal: InstanceType<typeof TerminalAdapter> | null = null
  // Assigned by startNetwork below, while the rooms run (a cast, so that the type is not narrowed to null).
  let peer = null as Awaited<ReturnType<typeof startPeer>> | null
  let automation: InstanceType<typeof import('../commands/automation/index.ts').Automation> | null = null
  let web = null as Awaited<ReturnType<typeof servePage>>
  let networkStarting: Promise<void> | null = null
  /** Lets the peer and the page start (`true`), or not at all when the command ends before (`false`). */
  let releaseNetwork: (start: boolean) => void = () => undefined
  // Signals are heard from the start, so that a network that never answers cannot hold a stop.
  let stopping: () => void = () => undefined
  let signalled = false
  const stopped = new Promise<void>((resolve) => (stopping = resolve))
  const stop = () => {
    signalled = true
    // Bounded shutdown whatever the network does (a homeserver that never answers, a peer that
    // hangs): the change in flight gets until then to be stored, then the process exits.
    setTimeout(() => process.exit(process.exitCode ?? 0), SHUTDOWN_MS).unref()
    stopping()
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
  try {
    if (o.terminal === 'fallback') {
      const { MatrixAdapter } = await import('../adapters/matrix.ts')
      const matrix = MatrixAdapter.fromEnv(process.env, opts.dataDir)
      if (matrix) adapters.push(matrix)
      const { RocketChatAdapter } = await import('../adapters/rocketchat.ts')
      const rocketchat = RocketChatAdapter.fromEnv(process.env, opts.dataDir)
      if (rocketchat) adapters.push(rocketchat)
    }
    const held = opened.repo.festivals().filter((f) => f.kind !== 'community')
    if (o.festival || held.length === 1) {
      const festival = festivalNotCommunity(await selectFestival(opened.repo, o.festival, { timezone: opts.tz, creator: bot.signerFor('terminal', opts.as).key }), 'a room follows it (“this room follows …”) and plans one of its festivals')
      const settings = await bot.roomSettings('terminal', 'terminal')
      if (settings.festival !== festival.id || o.festival) await bot.bindRoom('terminal', 'terminal', festival)
      if (o.lang) await bot.setRoomSettings('terminal', 'terminal', { lang: opts.lang })
    }
    if (o.terminal !== 'fallback' || adapters.length === 0) {
      terminal = new TerminalAdapter({ user: opts.as, now: opts.now })
      adapters.push(terminal)
    }
    // Snapshot before anything can arrive, so that every later change is announced.
    const { Announcer } = await import('../commands/announce.ts')
    const announcer = new Announcer(bot, adapters)
    await announcer.start()
    const unsubscribe = opened.repo.onOperation((op, origin) => announcer.onOperation(op, origin))
    // The daily programme and reminders; with --now, its clock starts at the pinned instant and runs.
    const { Automation } = await import('../commands/automation/index.ts')
    const { pinnedClock, systemClock } = await import('../core/scheduler.ts')
    automation = new Automation({ bot, kv: opened.data.kv, adapters, clock: opts.pinned !== undefined ? pinnedClock(opts.pinned) : systemClock() })
    // The rooms open first; the peer and the page start meanwhile (what needs them waits for them:
    // Bot.networkStarting), so that the first answer does not wait for libp2p and the HTTP server.
    const startNetwork = async () => {
      if (networkEnabled(o)) {
        peer = await startPeer(opened, o)
        bot.network = botNetwork(peer, opened)
      }
      if (o.serve) await serve()
    }
    const serve = async () => {
      web = await servePage(o, opened, peer)
      const urls = web?.lanUrls
      if (urls && bot.network) bot.network.pageUrls = (festival) => urls.map((u) => `${u}?festival=${festival}`)
      const { FeedTokens } = await import('./feeds.ts')
      const tokens = new FeedTokens(opened.data.kv)
      bot.feeds = {
        base: urls?.[0] ?? null,
        tokenFor: (festival, author) => tokens.tokenFor({ festival, author }),
        sendDirect: async (platform, user, reply) => {
          const adapter = adapters.find((a) => a.platform === platform)
          if (!adapter?.sendDirect) return false
          await adapter.sendDirect(user, reply)
          return true
        },
      }
    }
    // Loading libp2p is a few hundred ms of work on this thread: it begins once the grammars are warm,
    // after whatever the rooms said meanwhile was answered.
    networkStarting = new Promise<boolean>((resolve) => (releaseNetwork = resolve)).then((start) => (start ? startNetwork() : undefined))
    bot.networkStarting = networkStarting.then(
      () => undefined,
      () => undefined,
    )
    void bot.networkStarting.then(() => (bot.networkStarting = null))
    for (const a of adapters) await Promise.race([a.start(automation.handler(announcer.handler())), stopped])
    void bot
      .warmUp()
      .catch(() => undefined)
      .then(() => setImmediate(() => releaseNetwork(true)))
    // A peer or page that cannot start (an address in use) stops the command, as before.
    await Promise.race([networkStarting, stopped])
    // Then the rest of the grammar (every help example), while the rooms are quiet or answered first.
    void bot.warmUp('help').catch(() => undefined)
    await Promise.race([automation.start(), stopped])
    await (terminal ? Promise.race([terminal.finished, stopped]) : stopped)
    unsubscribe()
  } finally {
    // The terminal first: its change in flight is stored and its queued lines answered before anything else stops.
    await terminal?.stop().catch(() => undefined)
    // An adapter that failed to start ends the command before the grammars were warm: the network never starts.
    releaseNetwork(false)
    await networkStarting?.catch(() => undefined)
    await web?.close().catch(() => undefined)
    await automation?.stop().catch(() => undefined)
    for (const a of adapters) await a.stop().catch(() => undefined)
    await peer?.stop().catch(() => undefined)
    await opened.close()
    // Stopped by a signal with everything stored and closed: a request still waiting on the network
    // (a homeserver that never answers) must not keep the process alive.
    if (signalled) process.exit(process.exitCode ?? 0)
  }
}

network(common(program.command('chat').description('the terminal room: type sentences, get answers'))).action(async (o) => {
  await chat({ ...o, terminal: 'always' })
})

http(network(common(program.command('start').description('run every configured chat network (Matrix from YURT_MATRIX_*, Rocket.Chat from YURT_ROCKETCHAT_*); with none, the terminal room'))).action(
  async (o) => {
    await chat({ ...o, terminal: 'fallback', serve: true })
  },
))

http(network(common(program.command('peer').description('a headless peer: replicate festivals, no chat; serves the page'))))
  .option('--archive <dir>', "keep a static archive of the festival (--festival, or the only one) in DIR, rewritten after every change")
  .action(async (o: CommonOptions & NetworkOptions & { http?: string; archive?: string }) => {
  const opts = readOptions(o)
  const opened = await openRepo(opts.dataDir, opts.now)
  let keeper: import('./archive.ts').ArchiveKeeper | null = null
  if (o.archive) {
    const festival = await selectFestival(opened.repo, o.festival, null).catch(async (err) => {
      await opened.close()
      throw err
    })
    const { keepArchive } = await import('./archive.ts')
    const dir = o.archive
    keeper = keepArchive(opened.repo, festival.id, dir, {
      lang: opts.lang,
      extraFiles: archiveExtras,
      onError: (err) => process.stderr.write(`archive not written: ${(err as Error).message}\n`),
      onWritten: () => process.stderr.write(`archive: ${dir}/index.html\n`),
    })
  }
  const peer = await startPeer(opened, o)
  process.stdout.write(`peer ${peer.peerId}\n${peer.addresses().map((a) => `  ${a}\n`).join('')}`)
  const web = await servePage(o, opened, peer)
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve)
    process.once('SIGTERM', resolve)
  })
  await keeper?.stop()
  await web?.close()
  await peer.stop()
  await opened.close()
})

network(common(program.command('id').description("print this peer's id and listen addresses"))).action(async (o: CommonOptions & NetworkOptions) => {
  const opts = readOptions(o)
  const opened = await openRepo(opts.dataDir, opts.now)
  const peer = await startPeer(opened, { ...o, mdns: false })
  try {
    process.stdout.write(`${peer.peerId}\n${peer.addresses().map((a) => `${a}\n`).join('')}`)
  } finally {
    await peer.stop()
    await opened.close()
  }
})

network(common(program.command('share').description("print a festival's join code (its id and this peer's addresses)"))).action(
  async (o: CommonOptions & NetworkOptions) => {
    const opts = readOptions(o)
    const opened = await openRepo(opts.dataDir, opts.now)
    const peer = await startPeer(opened, { ...o, mdns: false })
    try {
      const festival = await selectFestival(opened.repo, o.festival, null)
      process.stdout.write(`${peer.shareCode(festival.id)}\n`)
      if (!o.listen?.length && !process.env.YURT_LISTEN) {
        process.stderr.write('note: the ports in this code are chosen anew at each start; pass --listen with a fixed port to the process that will be running\n')
      }
    } finally {
      await peer.stop()
      await opened.close()
    }
  },
)

network(common(program.command('join <code>').description("follow the festival (or community) of a join code and fetch it; a community's member festivals too")))
  .option('--list-only', "for a community's code: list its member festivals, do not fetch them")
  .action(async (code: string, o: CommonOptions & NetworkOptions & { listOnly?: boolean }) => {
    const opts = readOptions(o)
    const { decodeJoinCode } = await import('../p2p/joincode.ts')
    const coded = decodeJoinCode(code).festival
    const community = coded.kind === 'community'
    if (o.listOnly && !community) throw new ConfigError('--list-only', `“${coded.name}” is a festival, not a community: there is nothing to list`)
    const opened = await openRepo(opts.dataDir, opts.now)
    const mesh = await import('./mesh.ts')
    // Before the peer starts: it fetches the members of every community held that is not listed only.
    if (community) await mesh.setListOnly(opened, coded.id, o.listOnly === true)
    const peer = await startPeer(opened, { ...o, mdns: false })
    try {
      const { festival, reached } = await botNetwork(peer, opened).join(code)
      if (community) {
        const { communityMembers } = await import('../core/community.ts')
        if (!o.listOnly) await mesh.fetchMembers(opened, peer, festival.id)
        const m = await communityMembers(opened.repo, festival.id)
        const held = await Promise.all(m.members.map(async (x) => `${x.name} (${(await opened.repo.open(x.id)).view().events.length} events)`))
        const lines = [reached ? `Joined the community “${festival.name}”` : `Following the community “${festival.name}”, but no peer in the code answered; it is fetched when one does`]
        if (o.listOnly) {
          const listed = [...m.members, ...m.pending].map((x) => x.name).sort((a, b) => a.localeCompare(b))
          lines.push(`listed only, not fetched: ${listed.length ? listed.join(', ') : 'no member festival yet'}`)
        } else {
          lines.push(`${m.members.length} member festival${m.members.length === 1 ? '' : 's'} fetched${held.length ? `: ${held.join(', ')}` : ''}`)
          if (m.pending.length) lines.push(`not reached yet (fetched when a peer holding them connects): ${m.pending.map((x) => x.name).join(', ')}`)
        }
        process.stdout.write(`${lines.join('; ')}.\n`)
        return
      }
      const events = (await opened.repo.open(festival.id)).view().events.length
      process.stdout.write(
        reached
          ? `Joined “${festival.name}” (${festival.timezone}): ${events} events fetched.\n`
          : `Following “${festival.name}”, but no peer in the code answered; it is fetched when one does.\n`,
      )
      const namesakes = opened.repo.findFestivals(festival.name)
      if (namesakes.length > 1) {
        // A joined festival cannot be renamed: its name is part of its signed genesis.
        process.stderr.write(
          `note: ${namesakes.length} festivals here are now called “${festival.name}”: ${festivalList(namesakes)}; ` +
            `select the one just joined with --festival ${shortFestivalId(festival.id)}\n`,
        )
      }
    } finally {
      await peer.stop()
      await opened.close()
    }
  })

common(program.command('import <file>').description('import a programme: Paris P2P JSON, frab JSON or frab XML'))
  .addOption(new Option('--format <format>', 'the file format (guessed when absent)').choices([...IMPORT_FORMATS]))
  .action(async (file: string, o: CommonOptions & { format?: ImportFormat }) => {
    const opts = readOptions(o)
    const { importProgramme } = await import('../core/formats/programme.ts')
    const { applyProgramme } = await import('../core/importer.ts')
    const { makeBot } = await import('./bot.ts')
    let text: string
    try {
      text = await readFile(file, 'utf8')
    } catch (err) {
      throw new YurtError(`${file}: cannot read the file (${(err as NodeJS.ErrnoException).code ?? err})`)
    }
    const programme = importProgramme(text, { file: basename(file), ...(o.format ? { format: o.format } : {}), ...(o.tz ? { timezone: o.tz } : {}) })
    const opened = await openRepo(opts.dataDir, opts.now)
    try {
      const bot = makeBot(opened, opts)
      const signer = bot.signerFor('terminal', opts.as)
      const festival = festivalNotCommunity(await selectFestival(opened.repo, o.festival ?? programme.name, {
        timezone: programme.timezone,
        ...(programme.startDate ? { startDate: programme.startDate } : {}),
        ...(programme.endDate ? { endDate: programme.endDate } : {}),
        creator: signer.key,
      }), 'import into one of its festivals')
      const summary = await applyProgramme(opened.repo, festival.id, signer, programme, opts.now(), opts.as)
      for (const w of programme.warnings) process.stderr.write(`warning: ${w}\n`)
      process.stdout.write(
        `Imported ${basename(file)} (${programme.format}) into “${festival.name}” (${festival.timezone}): ` +
          `${summary.eventsAdded} events added, ${summary.eventsUpdated} updated, ${summary.eventsUnchanged} unchanged, ` +
          `${summary.venuesAdded} venues added; ${programme.warnings.length} flaws repaired (listed on stderr).\n`,
      )
    } finally {
      await opened.close()
    }
  })

common(program.command('export').description('write the schedule as JSON (the documented contract), iCalendar, or a frab schedule for conference apps'))
  .addOption(new Option('--format <format>', 'json, ics, frab-json or frab-xml').choices(['json', 'ics', 'frab-json', 'frab-xml']).default('json'))
  .option('--out <file>', 'write to a file instead of stdout')
  .option('--community <name>', "a community's combined calendar: every member festival's events, each in its own zone (json or ics)")
  .action(async (o: CommonOptions & { format: 'json' | 'ics' | 'frab-json' | 'frab-xml'; out?: string; community?: string }) => {
    const opts = readOptions(o)
    if (o.community !== undefined && o.format !== 'json' && o.format !== 'ics') {
      throw new ConfigError('--format', `--community exports json or ics, not ${o.format}`)
    }
    const opened = await openRepo(opts.dataDir, opts.now)
    let text: string
    try {
      if (o.community !== undefined) {
        const { findCommunity, meshEvents } = await import('../core/community.ts')
        const found = findCommunity(opened.repo, o.community)
        if (found.kind === 'none') {
          throw new FestivalNotFoundError(`no community called "${o.community}" here; ${found.known.length ? `communities: ${found.known.join(', ')}` : 'none yet (say "new community NAME" in a room, or join one with its code)'}`)
        }
        if (found.kind === 'several') throw new FestivalAmbiguousError(found.communities.map((c) => c.id), `several communities are called "${o.community}": ${found.communities.map((c) => c.id).join(', ')}; name one by its id`)
        const { events, membership } = await meshEvents(opened.repo, found.community.id, { now: opts.now() })
        const { exportMeshIcs, exportMeshJson } = await import('../core/formats/export-mesh.ts')
        text = o.format === 'ics' ? exportMeshIcs(found.community, events, opts.now()) : exportMeshJson(found.community, events, membership)
        for (const p of membership.pending) process.stderr.write(`warning: "${p.name}" is listed in "${found.community.name}" but not held here: its events are not included\n`)
      } else {
      const festival = festivalNotCommunity(await selectFestival(opened.repo, o.festival, null), `its calendar is \`yurt export --community "${o.festival}"\``)
      const opened_ = await opened.repo.open(festival.id)
      const view = opened_.view()
      if (o.format === 'ics') {
        const { exportIcs } = await import('../core/formats/export-ics.ts')
        text = exportIcs(view, { now: opts.now() })
      } else if (o.format === 'frab-json' || o.format === 'frab-xml') {
        const { exportFrabJson, exportFrabXml } = await import('../core/formats/export-frab.ts')
        text = (o.format === 'frab-json' ? exportFrabJson : exportFrabXml)(view, { generator: await generator() })
      } else {
        const { exportJson } = await import('../core/formats/export-json.ts')
        const { programmeOf } = await import('../core/programme-of.ts')
        text = exportJson(view, { proposals: programmeOf(opened_).proposals })
      }
      }
    } finally {
      await opened.close()
    }
    if (o.out) {
      const tmp = `${o.out}.tmp-${process.pid}`
      await writeFile(tmp, text)
      await rename(tmp, o.out)
    } else {
      process.stdout.write(text)
    }
  })

/** Written as the frab schedule's `generator`: yurt and its version (package.json). */
async function generator(): Promise<{ name: string; version: string }> {
  const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
  return { name: 'yurt', version: pkg.version }
}

/**
 * Files beside the archive's pages besides festival.ics and festival.json: the frab schedule as
 * festival.frab.json and festival.frab.xml (none while no event is scheduled).
 */
async function archiveExtras(view: ScheduleView): Promise<Map<string, string>> {
  const { exportFrabJson, exportFrabXml } = await import('../core/formats/export-frab.ts')
  if (!view.events.some((e) => e.start !== null && e.status !== 'cancelled' && e.status !== 'unscheduled')) return new Map()
  const options = { generator: await generator() }
  return new Map([
    ['festival.frab.json', exportFrabJson(view, options)],
    ['festival.frab.xml', exportFrabXml(view, options)],
  ])
}

common(program.command('archive').description('write the festival as a static site (index by day, a page per venue and event, festival.ics, festival.json)'))
  .requiredOption('--out <dir>', 'the directory to write (replaced whole, atomically)')
  .action(async (o: CommonOptions & { out: string }) => {
    const opts = readOptions(o)
    const opened = await openRepo(opts.dataDir, opts.now)
    try {
      const festival = festivalNotCommunity(await selectFestival(opened.repo, o.festival, null), 'write the archive of one of its festivals')
      const { writeArchive } = await import('./archive.ts')
      await writeArchive(opened.repo, festival.id, o.out, { lang: opts.lang, extraFiles: archiveExtras })
      process.stdout.write(`Wrote the archive of “${festival.name}” to ${o.out}/index.html\n`)
    } finally {
      await opened.close()
    }
  })

program
  .command('check')
  .description('verify the data directory: both databases, every operation\'s hash chain, each festival\'s Yjs state against the log (exit 1 on damage)')
  .option('--data <dir>', 'data directory (default $YURT_DATA or ~/.local/share/yurt)')
  .action(async (o: { data?: string }) => {
    const { dataDir } = readOptions(o)
    const { checkDataDir } = await import('../core/repair.ts')
    const report = await checkDataDir(dataDir)
    for (const line of report.checked) process.stdout.write(`ok: ${line}\n`)
    for (const line of report.problems) process.stdout.write(`damaged: ${line}\n`)
    if (!report.ok) {
      process.stderr.write(`yurt: ${dataDir} is damaged; \`yurt repair --data ${dataDir}\` rebuilds what can be read (the damaged files are kept aside)\n`)
      process.exitCode = 1
    }
  })

program
  .command('repair')
  .description('rebuild a damaged data directory from what it still holds (damaged files are copied aside first, never deleted)')
  .option('--data <dir>', 'data directory (default $YURT_DATA or ~/.local/share/yurt)')
  .action(async (o: { data?: string }) => {
    const { dataDir } = readOptions(o)
    const { repairDataDir } = await import('../core/repair.ts')
    const report = await repairDataDir(dataDir)
    for (const step of report.steps) process.stdout.write(`${step}\n`)
    process.stdout.write(`The operation log holds ${report.operations} operations; \`yurt check --data ${dataDir}\` finds it sound.\n`)
  })

common(program.command('festivals').description('list the festivals held in the data directory')).action(async (o) => {
  const opts = readOptions(o)
  const opened = await openRepo(opts.dataDir, opts.now)
  try {
    for (const f of opened.repo.festivals()) {
      if (f.kind === 'community') {
        // A community's document (core/community.ts): its members, not events.
        const { communityMembers } = await import('../core/community.ts')
        const m = await communityMembers(opened.repo, f.id)
        process.stdout.write(`${shortFestivalId(f.id)}\t${f.name}\t${f.timezone}\tcommunity of ${m.members.length} festivals${m.pending.length ? ` (${m.pending.length} more listed, not held)` : ''}\t${f.id}\n`)
        continue
      }
      const view = (await opened.repo.open(f.id)).view()
      process.stdout.write(`${shortFestivalId(f.id)}\t${f.name}\t${f.timezone}\t${view.events.length} events\t${f.id}\n`)
    }
  } finally {
    await opened.close()
  }
})

program
  .command('backup')
  .description('write a backup of the device key (keep it safe: whoever holds it can speak as this bot)')
  .option('--data <dir>', 'data directory (default $YURT_DATA or ~/.local/share/yurt)')
  .requiredOption('--out <file>', 'the backup file to write (mode 0600; an existing file is never overwritten)')
  .action(async (o: { data?: string; out: string }) => {
    const { backupDeviceKey } = await import('../core/keyfile.ts')
    const dataDir = readOptions(o).dataDir
    await backupDeviceKey(dataDir, o.out)
    process.stdout.write(`Wrote the device key of ${dataDir} to ${o.out} (mode 0600). Restore it with: yurt restore ${o.out}\n`)
  })

program
  .command('restore <file>')
  .description('install a device key backup (made by yurt backup) into the data directory')
  .option('--data <dir>', 'data directory (default $YURT_DATA or ~/.local/share/yurt)')
  .action(async (file: string, o: { data?: string }) => {
    const { restoreDeviceKey } = await import('../core/keyfile.ts')
    const dataDir = readOptions(o).dataDir
    const outcome = await restoreDeviceKey(dataDir, file)
    process.stdout.write(
      outcome === 'same'
        ? `${dataDir} already holds this device key; nothing was changed.\n`
        : `Restored the device key into ${dataDir}/device.key (mode 0600).\n`,
    )
  })

try {
  await program.parseAsync(process.argv)
} catch (err) {
  if (err instanceof YurtError) {
    process.stderr.write(`yurt: ${err.message}\n`)
    process.exitCode = 1
  } else {
    process.stderr.write(`yurt: unexpected error: ${(err as Error)?.stack ?? err}\n`)
    process.exitCode = 1
  }
}
