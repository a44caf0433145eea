/**
 * (a) SDK `doc(id).get()` latency against the emulator, divided by the same call against a stub server that
 * answers with a canned response: the ratio is the emulator's own cost on top of the SDK and HTTP.
 * Runs both in one process, interleaved in blocks so drift hits both alike.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { rmSync } from 'node:fs'
import { startLocalCloud } from '../emulator/server'
import { demandDoc, freshSdk, ms, percentile, record, tempDir } from './db-lib'

const ROUNDS = 10
const PER_ROUND = 300

async function main(): Promise<void> {
  const dir = tempDir()
  const cloud = await startLocalCloud({ dataDir: dir, port: 0, quiet: true })
  await cloud.database.insertMany(
    'demands',
    Array.from({ length: 1000 }, (_x, i) => demandDoc(i)),
  )
  const canned = JSON.stringify({
    data: { list: [JSON.stringify(cloud.database.find('demands', { _id: 'd0000500' })[0])] },
    requestId: 'stub',
  })
  const stub = createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(canned) })
      res.end(canned)
    })
  })
  await new Promise<void>((r) => stub.listen(0, '127.0.0.1', r))
  const stubUrl = `http://127.0.0.1:${(stub.address() as AddressInfo).port}/admin`

  const emuDb = freshSdk(cloud.adminUrl).database()
  const stubDb = freshSdk(stubUrl).database()
  const run = async (db: typeof emuDb, n: number, out: number[]): Promise<void> => {
    for (let i = 0; i < n; i++) {
      const id = `d${String((i * 37) % 1000).padStart(7, '0')}`
      const t0 = performance.now()
      await db.collection('demands').doc(id).get()
      out.push(performance.now() - t0)
    }
  }
  await run(emuDb, 300, [])
  await run(stubDb, 300, [])
  const emu: number[] = []
  const st: number[] = []
  for (let r = 0; r < ROUNDS; r++) {
    await run(emuDb, PER_ROUND, emu)
    await run(stubDb, PER_ROUND, st)
  }
  const e50 = percentile(emu, 50)
  const e95 = percentile(emu, 95)
  const s50 = percentile(st, 50)
  const s95 = percentile(st, 95)
  record('(a) doc(id).get(): emulator vs canned-response stub, same SDK, same run', [
    `${emu.length} calls each, sequential, 1,000-document collection`,
    `emulator p50 ${ms(e50)}, p95 ${ms(e95)}`,
    `stub     p50 ${ms(s50)}, p95 ${ms(s95)}`,
    `ratio p50 ${(e50 / s50).toFixed(2)}, p95 ${(e95 / s95).toFixed(2)} (target ≤ 1.5)`,
  ])
  stub.close()
  await cloud.stop()
  rmSync(dir, { recursive: true, force: true })
  process.exit(0)
}

void main()
