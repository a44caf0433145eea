/**
 * (c) Sustained durable inserts per second: SDK `add()` calls against the emulator, every one acknowledged
 * only after its journal line is fdatasync'd. Many concurrent writers (as many function instances would be)
 * share each fsync through group commit; one sequential writer shows the cost of a single fsync.
 */
import { rmSync } from 'node:fs'
import { startLocalCloud } from '../emulator/server'
import { freshSdk, ms, percentile, record, tempDir } from './db-lib'

const SECONDS = 10

async function main(): Promise<void> {
  const dir = tempDir()
  const cloud = await startLocalCloud({ dataDir: dir, port: 0, quiet: true })
  const db = freshSdk(cloud.adminUrl).database()

  const run = async (writers: number, seconds: number): Promise<{ rate: number; lat: number[] }> => {
    const lat: number[] = []
    const end = performance.now() + seconds * 1000
    let n = 0
    await Promise.all(
      Array.from({ length: writers }, async (_x, w) => {
        for (let i = 0; performance.now() < end; i++) {
          const t0 = performance.now()
          await db.collection('audit').add({
            data: {
              actorOpenid: `o-${w}`,
              subjectId: `s-${i}`,
              action: 'demands.reply',
              at: new Date(),
              detail: { i, w },
            },
          })
          lat.push(performance.now() - t0)
          n++
        }
      }),
    )
    return { rate: n / seconds, lat }
  }
  await run(8, 1)
  const one = await run(1, 3)
  const many = await run(64, SECONDS)
  const total = cloud.database.count('audit')
  record('(c) sustained durable inserts (SDK add(), acknowledged after fdatasync)', [
    `64 concurrent writers for ${SECONDS} s: ${many.rate.toFixed(0)} inserts/s (target ≥ 1000/s); latency p50 ${ms(percentile(many.lat, 50))}, p95 ${ms(percentile(many.lat, 95))}`,
    `1 sequential writer: ${one.rate.toFixed(0)} inserts/s, p50 ${ms(percentile(one.lat, 50))} (one fdatasync per insert)`,
    `${total} documents in the collection afterwards`,
  ])
  await cloud.stop()
  rmSync(dir, { recursive: true, force: true })
  process.exit(0)
}

void main()
