/**
 * Starts a local cloud on a free port with a fresh data dir and points the real wx-server-sdk at it.
 * jest gives every test file its own module registry, so each file gets its own initialized SDK.
 *
 *   const t = await startCloudWithSdk()
 *   await t.db.collection('demands').add({ data: { ... } })
 *   afterAll(() => t.stop())
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startLocalCloud, type LocalCloud, type LocalCloudOptions } from '../../emulator/server'

type Sdk = typeof import('wx-server-sdk')
type Db = ReturnType<Sdk['database']>

export interface CloudWithSdk {
  cloud: Sdk
  /** `cloud.database()` with default options (a missing `doc().get()` throws, as deployed). */
  db: Db
  localCloud: LocalCloud
  dataDir: string
  /** Stops the server and deletes the data dir (unless `keepData`). */
  stop(opts?: { keepData?: boolean }): Promise<void>
}

/**
 * wx-server-sdk declares its results as unions with `void` (callback style); this is the shape the promise
 * resolves to, loose on purpose: tests assert the values.
 */
export interface SdkResult {
  _id: string
  _ids: string[]
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  data: any
  stats: { updated: number; removed: number; created: number }
  total: number
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  list: any[]
  errMsg: string
}
export const sdk = (p: unknown): Promise<SdkResult> => Promise.resolve(p) as Promise<SdkResult>

/** The error a rejected SDK call carries (`errCode` for DB calls, `code` for the passthrough families). */
export async function sdkError(
  p: unknown,
): Promise<{ errCode?: number; code?: string; errMsg?: string; message: string }> {
  try {
    await p
  } catch (e) {
    return e as { errCode?: number; code?: string; errMsg?: string; message: string }
  }
  throw new Error('expected the SDK call to fail')
}

export async function startCloudWithSdk(
  opts: Partial<Omit<LocalCloudOptions, 'port'>> & { sdkInit?: Record<string, unknown> } = {},
): Promise<CloudWithSdk> {
  // Dummy secrets avoid the SDK's fatal unhandled rejection; SUMERU_ENV skips the metadata probe
  // (docs/cloudbase-wire.md §1.6).
  process.env.TENCENTCLOUD_SECRETID ??= 'local'
  process.env.TENCENTCLOUD_SECRETKEY ??= 'local'
  process.env.SUMERU_ENV ??= 'test'
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'linli-'))
  const localCloud = await startLocalCloud({ quiet: true, ...opts, dataDir, port: 0 })
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const cloud = require('wx-server-sdk') as Sdk
  cloud.init({ env: localCloud.envId, serviceUrl: localCloud.adminUrl, ...opts.sdkInit } as Parameters<
    Sdk['init']
  >[0])
  const db = cloud.database()
  return {
    cloud,
    db,
    localCloud,
    dataDir,
    async stop(o = {}) {
      await localCloud.stop()
      if (!o.keepData && !opts.dataDir) rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
