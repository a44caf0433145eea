/**
 * Crash safety: the real SDK writes under load to a server in a child process, the server is killed with
 * SIGKILL mid-stream (with a tiny compaction threshold, so snapshots are being rewritten as well), and after
 * a restart every write the SDK saw acknowledged is there.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sdk } from '../sdk'

const script = join(__dirname, 'fixtures', 'cloud-process.ts')
const dataDir = mkdtempSync(join(tmpdir(), 'linli-'))
let child: ChildProcess | undefined

function startChild(port = 0, token = ''): Promise<{ proc: ChildProcess; port: number; token: string }> {
  const args = ['--import', 'tsx', script, dataDir, String(port), ...(token ? [token] : [])]
  const proc = spawn(process.execPath, args, {
    env: { ...process.env, LINLI_DB_COMPACT_BYTES: String(256 * 1024) },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  child = proc
  return new Promise((resolve, reject) => {
    let out = ''
    proc.stdout!.on('data', (b: Buffer) => {
      out += b.toString()
      const m = /LISTENING (\d+) (\S+)/.exec(out)
      if (m) resolve({ proc, port: Number(m[1]), token: m[2] })
    })
    proc.once('exit', (code) => reject(new Error(`cloud process exited early (${code})`)))
  })
}

beforeAll(() => {
  // The SDK's "request longer than 3s" timer is not cleared when a request fails, so the requests cut off
  // by the kill each print a warning later; they are expected here.
  const warn = console.warn
  jest.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => {
    if (!String(args[0]).includes('[TCB][WARN]')) warn(...args)
  })
})

afterAll(async () => {
  child?.kill('SIGKILL')
  await new Promise((r) => setTimeout(r, 3100)) // let those timers fire while the filter is in place
  rmSync(dataDir, { recursive: true, force: true })
})

test('every acknowledged write survives kill -9', async () => {
  const first = await startChild()
  process.env.TENCENTCLOUD_SECRETID ??= 'local'
  process.env.TENCENTCLOUD_SECRETKEY ??= 'local'
  process.env.SUMERU_ENV ??= 'test'
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const cloud = require('wx-server-sdk') as typeof import('wx-server-sdk')
  cloud.init({
    env: 'linli-local',
    serviceUrl: `http://127.0.0.1:${first.port}/admin/${first.token}`,
  } as Parameters<typeof cloud.init>[0])
  const db = cloud.database()
  await sdk(
    db
      .collection('stats')
      .doc('counter')
      .set({ data: { n: 0 } }),
  )

  const acked: string[] = []
  let incAcked = 0
  let incSent = 0
  let stop = false
  const writer = async (w: number): Promise<void> => {
    for (let i = 0; !stop; i++) {
      const id = `w${w}-${i}`
      try {
        if (i % 4 === 3) {
          incSent++
          await sdk(
            db
              .collection('stats')
              .doc('counter')
              .update({ data: { n: db.command.inc(1) } }),
          )
          incAcked++
        } else {
          await sdk(db.collection('audit').add({ data: { _id: id, w, i, pad: 'x'.repeat(200) } }))
          acked.push(id)
        }
      } catch {
        return // the server is gone
      }
    }
  }
  const writers = Array.from({ length: 8 }, (_x, w) => writer(w))
  await new Promise((r) => setTimeout(r, 1500))
  first.proc.kill('SIGKILL')
  await new Promise((r) => first.proc.once('exit', r))
  stop = true
  await Promise.all(writers)
  expect(acked.length).toBeGreaterThan(200)

  const second = await startChild(first.port, first.token)
  try {
    const present = new Set<string>()
    for (let skip = 0; ; skip += 1000) {
      const page = await sdk(
        db.collection('audit').field({ _id: true }).orderBy('_id', 'asc').skip(skip).limit(1000).get(),
      )
      for (const d of page.data) present.add(d._id)
      if (page.data.length < 1000) break
    }
    const missing = acked.filter((id) => !present.has(id))
    expect(missing).toEqual([])
    const { n } = (await sdk(db.collection('stats').doc('counter').get())).data
    expect(n).toBeGreaterThanOrEqual(incAcked)
    expect(n).toBeLessThanOrEqual(incSent)
    // The restarted server keeps working.
    await sdk(db.collection('audit').add({ data: { after: true } }))
  } finally {
    second.proc.kill('SIGKILL')
  }
})
