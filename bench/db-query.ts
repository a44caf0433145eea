/**
 * 100k demand documents: (b) indexed `where().orderBy().limit(20).get()` latency through the SDK,
 * (d) restart time (from the snapshot after a clean stop, and from the journal alone as after kill -9),
 * (e) heap per 100k documents.
 */
import { cpSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { Clock } from '../emulator/clock'
import { openDatabase } from '../emulator/db'
import { startLocalCloud } from '../emulator/server'
import { demandDoc, freshSdk, ms, percentile, record, tempDir } from './db-lib'

const N = 100_000
setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void
const heap = (): number => {
  gc()
  gc()
  return process.memoryUsage().heapUsed
}

async function main(): Promise<void> {
  const dir = tempDir()
  const heap0 = heap()
  const cloud = await startLocalCloud({ dataDir: dir, port: 0, quiet: true })
  const tLoad = performance.now()
  for (let i = 0; i < N; i += 10_000) {
    await cloud.database.insertMany(
      'demands',
      Array.from({ length: 10_000 }, (_x, k) => demandDoc(i + k)),
    )
  }
  const loadMs = performance.now() - tLoad
  const heapLoaded = heap() - heap0

  const db = freshSdk(cloud.adminUrl).database()
  const _ = db.command
  const lat: number[] = []
  let examined = 0
  for (let i = 0; i < 700; i++) {
    const committeeId = `c${(i * 7) % 50}`
    const status = ['submitted', 'accepted'][i % 2]
    const t0 = performance.now()
    const res = (await db
      .collection('demands')
      .where({ committeeId, status })
      .orderBy('createdAt', 'desc')
      .limit(20)
      .get()) as unknown as {
      data: unknown[]
    }
    if (i >= 200) lat.push(performance.now() - t0)
    if (res.data.length !== 20) throw new Error('expected a full page')
    examined = Math.max(examined, cloud.database.lastPlan('demands')?.examined ?? 0)
  }
  const lat2: number[] = []
  for (let i = 0; i < 300; i++) {
    const t0 = performance.now()
    await db
      .collection('demands')
      .where({ assigneeOpenid: `o-staff-${i % 200}`, status: _.in(['submitted', 'accepted']) })
      .orderBy('createdAt', 'desc')
      .limit(20)
      .get()
    lat2.push(performance.now() - t0)
  }

  // Journal-only copy: what a kill -9 leaves behind before any compaction.
  const crashCopy = tempDir()
  cpSync(join(dir, 'db'), join(crashCopy, 'db'), { recursive: true })
  const tStop = performance.now()
  await cloud.stop()
  const stopMs = performance.now() - tStop

  const reopen = async (d: string): Promise<number> => {
    const t0 = performance.now()
    const again = await openDatabase({ dataDir: d, clock: new Clock(), quiet: true })
    const t = performance.now() - t0
    if (again.count('demands') !== N) throw new Error('restart lost documents')
    await again.close()
    return t
  }
  const fromSnapshot = await reopen(dir)
  const fromJournal = await reopen(crashCopy)

  record('(b, d, e) 100k demand documents', [
    `load: ${N} docs via insertMany in 10k batches: ${(loadMs / 1000).toFixed(1)} s`,
    `(b) where({committeeId, status}).orderBy('createdAt','desc').limit(20).get() through the SDK, 500 calls: p50 ${ms(percentile(lat, 50))}, p95 ${ms(percentile(lat, 95))} (target p95 ≤ 10 ms); at most ${examined} documents examined per query (index committee_status_created)`,
    `(b') where({assigneeOpenid, status: in[2]}).orderBy('createdAt','desc').limit(20) (two index ranges, sorted after): p50 ${ms(percentile(lat2, 50))}, p95 ${ms(percentile(lat2, 95))}`,
    `(d) restart with ${N} docs: from snapshot ${(fromSnapshot / 1000).toFixed(2)} s, from journal only (as after kill -9) ${(fromJournal / 1000).toFixed(2)} s (target ≤ 3 s); clean stop incl. compaction ${(stopMs / 1000).toFixed(2)} s`,
    `(e) heap for ${N} docs (~500 B of EJSON each) with their indexes: ${(heapLoaded / 2 ** 20).toFixed(0)} MiB`,
  ])
  rmSync(dir, { recursive: true, force: true })
  rmSync(crashCopy, { recursive: true, force: true })
  process.exit(0)
}

void main()
