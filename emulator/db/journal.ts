/**
 * Durability: an append-only journal of whole-document writes, group-committed (every line queued in the
 * same tick shares one synchronous-data write, and their promises resolve only after it), plus a snapshot
 * that compaction rewrites. Each journal line is one JSON object, so a line torn by `kill -9` does not parse
 * and is dropped on recovery; a multi-document write (transaction commit, multi update) is one line, so it is
 * all-or-nothing. Replaying a line is idempotent (it puts or deletes whole documents), which lets
 * compaction snapshot memory while later lines still go to the next journal generation.
 *
 * Files in `<dataDir>/db/`: `snapshot.jsonl` (first line `{"gen":G,...}`, then one `[collection, doc]` per
 * line) and `journal.<gen>.jsonl`; recovery loads the snapshot, then replays journals with gen >= G in order.
 */
import {
  closeSync,
  constants,
  existsSync,
  fsyncSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  unlinkSync,
} from 'node:fs'
import { open, rename, type FileHandle } from 'node:fs/promises'
import { join } from 'node:path'

export interface JournalRecovery {
  /** Header of the snapshot (collections created at runtime), or undefined on a fresh data dir. */
  header: SnapshotHeader | undefined
  /** Snapshot body lines, in order; each is a complete JSON text. */
  snapshotLines: string[]
  /** Journal records, in order, already parsed (a line that does not parse ends recovery of its journal). */
  journalRecords: unknown[]
  /** Bytes of torn tail dropped from the last journal. */
  droppedBytes: number
}

export interface SnapshotHeader {
  gen: number
  created: string[]
  writtenAt: number
}

const SNAPSHOT = 'snapshot.jsonl'
/**
 * The journal is opened for appending with O_DSYNC: each write returns once its data is on disk, as if
 * followed by fdatasync. One call per group commit instead of two: each call is a trip through libuv's
 * thread pool and back through the main thread's event loop — the loop every database request, the
 * function gateway and the host share, where under load each trip waits its turn. Measured alone with
 * that loop kept busy: write-to-durable p50 0.7–1.0 ms → 0.35 ms (the tails are the disk's and stay).
 */
const DSYNC: number | undefined = constants.O_DSYNC
const JOURNAL_FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_APPEND | (DSYNC ?? 0)
const journalName = (gen: number): string => `journal.${gen}.jsonl`

export class Journal {
  private fh: FileHandle | undefined
  private gen = 0
  private pending: string[] = []
  private waiters: { resolve: () => void; reject: (e: unknown) => void }[] = []
  private flushing = false
  private scheduled = false
  private bytes = 0
  private snapshotBytes = 0
  private failed: unknown
  private idle: (() => void)[] = []
  /** The snapshot being written behind the flush loop, if any. */
  private compacting: Promise<void> | undefined
  /** Set by the owner: produces the snapshot body lines from memory, synchronously. */
  snapshotSource: (() => { created: string[]; lines: Iterable<string> }) | undefined

  private constructor(
    private readonly dir: string,
    private readonly compactAt: number,
  ) {}

  /** Reads what is on disk and opens the journal for appending. */
  static async open(
    dir: string,
    compactAt = 64 * 1024 * 1024,
  ): Promise<{ journal: Journal; recovery: JournalRecovery }> {
    mkdirSync(dir, { recursive: true })
    const j = new Journal(dir, compactAt)
    const recovery: JournalRecovery = {
      header: undefined,
      snapshotLines: [],
      journalRecords: [],
      droppedBytes: 0,
    }
    const snapPath = join(dir, SNAPSHOT)
    let gen = 0
    if (existsSync(snapPath)) {
      const text = readFileSync(snapPath, 'utf8')
      j.snapshotBytes = text.length
      const lines = text.split('\n')
      recovery.header = JSON.parse(lines[0]) as SnapshotHeader
      gen = recovery.header.gen
      for (let i = 1; i < lines.length; i++) if (lines[i]) recovery.snapshotLines.push(lines[i])
    }
    const gens = readdirSync(dir)
      .map((f) => /^journal\.(\d+)\.jsonl$/.exec(f))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => Number(m[1]))
      .sort((a, b) => a - b)
    let last = gen
    for (const g of gens) {
      const path = join(dir, journalName(g))
      if (g < gen) {
        unlinkSync(path) // already folded into the snapshot; left behind by a crash during compaction
        continue
      }
      last = g
      const buf = readFileSync(path)
      let start = 0
      let good = 0
      while (start < buf.length) {
        const nl = buf.indexOf(10, start)
        if (nl < 0) break
        const line = buf.toString('utf8', start, nl)
        let record: unknown
        try {
          record = JSON.parse(line)
        } catch {
          break // torn write: nothing after it was acknowledged
        }
        recovery.journalRecords.push(record)
        start = nl + 1
        good = start
      }
      if (good < buf.length) {
        recovery.droppedBytes += buf.length - good
        const fd = openSync(path, 'r+')
        try {
          // Cut the torn tail so later appends start on a fresh line.
          ftruncateSync(fd, good)
          fsyncSync(fd)
        } finally {
          closeSync(fd)
        }
      }
      if (g === last) j.bytes = good
    }
    j.gen = last
    j.fh = await open(join(dir, journalName(last)), JOURNAL_FLAGS, 0o666)
    fsyncDir(dir)
    return { journal: j, recovery }
  }

  /** Queues one line; resolves once it is on disk. */
  append(line: string): Promise<void> {
    if (this.failed) return Promise.reject(this.failed)
    if (!this.fh) return Promise.reject(new Error('database is closed'))
    return new Promise<void>((resolve, reject) => {
      this.pending.push(line + '\n')
      this.waiters.push({ resolve, reject })
      this.scheduleFlush()
    })
  }

  /** Runs flush() on the next turn unless a flush is running or already scheduled. */
  private scheduleFlush(): void {
    if (!this.flushing && !this.scheduled) {
      this.scheduled = true
      setImmediate(() => void this.flush())
    }
  }

  private async flush(): Promise<void> {
    this.scheduled = false
    if (this.flushing) return
    this.flushing = true
    try {
      while (this.pending.length > 0) {
        const text = this.pending.join('')
        const waiters = this.waiters
        this.pending = []
        this.waiters = []
        try {
          const buf = Buffer.from(text, 'utf8')
          await this.fh!.write(buf, 0, buf.length)
          // Where the platform has no O_DSYNC (Windows), the sync is a call of its own.
          if (DSYNC === undefined) await this.fh!.datasync()
          this.bytes += buf.length
        } catch (err) {
          // Memory already holds these writes; refuse everything from now on rather than diverge silently.
          this.failed = err
          for (const w of waiters) w.reject(err)
          for (const w of this.waiters) w.reject(err)
          this.waiters = []
          this.pending = []
          return
        }
        for (const w of waiters) w.resolve()
        if (!this.compacting && this.bytes > this.compactAt && this.bytes > this.snapshotBytes) {
          // Only the switch to the next generation holds this loop; the snapshot is written beside it.
          const snapshot = await this.switchGeneration()
          if (snapshot) this.compacting = this.finishCompaction(snapshot, true)
        }
      }
    } finally {
      this.flushing = false
      const idle = this.idle
      this.idle = []
      for (const f of idle) f()
    }
  }

  /**
   * Starts the next journal generation: from here on lines go to it. Runs with the flush loop held (no
   * line being written), so every line before the switch is in the old generation and in memory.
   */
  private async switchGeneration(): Promise<{ gen: number; oldGen: number } | undefined> {
    if (!this.snapshotSource) return undefined
    const nextGen = this.gen + 1
    const nextFh = await open(join(this.dir, journalName(nextGen)), JOURNAL_FLAGS, 0o666)
    const old = this.fh!
    const oldGen = this.gen
    this.fh = nextFh
    this.gen = nextGen
    this.bytes = 0
    await old.close()
    return { gen: nextGen, oldGen }
  }

  /**
   * Writes a snapshot of memory for generation `gen`, then drops the journals before it. Memory may change
   * while it is written (the writes go on, into generation `gen`): whatever the snapshot catches of them,
   * replaying `gen` over it puts the same whole documents again. Until the rename, recovery uses the older
   * snapshot and every journal since, so a crash midway loses nothing. In the background (`background`),
   * a failure leaves that state and is retried once the journal has grown again.
   */
  private async finishCompaction(
    { gen, oldGen }: { gen: number; oldGen: number },
    background: boolean,
  ): Promise<void> {
    const tmp = join(this.dir, SNAPSHOT + '.tmp')
    try {
      const { created, lines } = this.snapshotSource!()
      const header: SnapshotHeader = { gen, created, writtenAt: Date.now() }
      const out = await open(tmp, 'w')
      let size = 0
      try {
        let chunk: string[] = [JSON.stringify(header)]
        let chunkLen = 0
        const flushChunk = async (): Promise<void> => {
          const b = Buffer.from(chunk.join('\n') + '\n', 'utf8')
          size += b.length
          await out.write(b, 0, b.length)
          chunk = []
          chunkLen = 0
        }
        for (const l of lines) {
          chunk.push(l)
          chunkLen += l.length
          if (chunkLen > 4 * 1024 * 1024) await flushChunk()
        }
        await flushChunk()
        await out.sync()
      } finally {
        await out.close()
      }
      await rename(tmp, join(this.dir, SNAPSHOT))
      fsyncDir(this.dir)
      this.snapshotBytes = size
      for (let g = oldGen; g < gen; g++) {
        try {
          unlinkSync(join(this.dir, journalName(g)))
        } catch {
          // gone already, or recovery deletes it
        }
      }
    } catch (err) {
      if (!background) throw err
      // Grow past this size again before the next try.
      this.snapshotBytes = Math.max(this.snapshotBytes, this.compactAt)
    } finally {
      if (background) this.compacting = undefined
    }
  }

  /** Waits for queued writes and a compaction under way, then compacts (if asked) and closes. */
  async close(compact: boolean): Promise<void> {
    await this.drain()
    if (compact && !this.failed && this.bytes > 0) await this.compactExclusive()
    const fh = this.fh
    this.fh = undefined
    await fh?.close()
  }

  /** Resolves when nothing is queued or being written and no compaction is under way. */
  async drain(): Promise<void> {
    for (;;) {
      if (this.compacting) await this.compacting
      if (!this.flushing && !this.scheduled && this.pending.length === 0) {
        if (!this.compacting) return
        continue
      }
      await new Promise<void>((resolve) => {
        this.idle.push(resolve)
        this.scheduleFlush()
      })
    }
  }

  /** Forces a compaction now (benchmarks, tests). */
  async compact(): Promise<void> {
    await this.drain()
    await this.compactExclusive()
  }

  /** A whole compaction outside the flush loop, holding off flushes (appends queue) while it runs. */
  private async compactExclusive(): Promise<void> {
    this.flushing = true
    try {
      const snapshot = await this.switchGeneration()
      if (snapshot) await this.finishCompaction(snapshot, false)
    } finally {
      this.flushing = false
      // Lines appended meanwhile found the loop held; they go out now.
      if (this.pending.length > 0) this.scheduleFlush()
    }
  }
}

function fsyncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r')
    try {
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
  } catch {
    // not supported on every platform; the rename is still atomic
  }
}
