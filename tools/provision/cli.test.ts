/**
 * `npm run provision`: the dry run as a separate process with the network cut off and the cloud client
 * made unloadable; the real run through `main` with a recording stand-in of the cloud.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { loadManifest } from '../../emulator/db/manifest'
import { HELP, main, type CliDeps } from './cli'
import type { ProvisionApi } from './execute'
import type { ExistingIndex } from './plan'

const root = resolve(__dirname, '..', '..')
const manifest = loadManifest()
const COLLECTIONS = manifest.collections.length
const INDEXES = manifest.collections.reduce((n, c) => n + c.indexes.length, 0)
const UNIQUE = manifest.collections.flatMap((c) => c.indexes).filter((i) => i.unique).length

describe('--dry-run, as the deployer runs it', () => {
  let dir: string
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'linli-provision-'))
    // Any socket, DNS lookup or load of the cloud client fails the process loudly.
    writeFileSync(
      join(dir, 'offline.cjs'),
      `const net = require('node:net'), dns = require('node:dns'), Module = require('node:module')
const refuse = () => { throw new Error('NETWORK_USED') }
net.Socket.prototype.connect = refuse; dns.lookup = refuse; dns.promises.lookup = refuse
const load = Module._load
Module._load = function (request, ...rest) {
  if (String(request).includes('@cloudbase/manager-node')) throw new Error('CLOUD_CLIENT_LOADED')
  return load.call(this, request, ...rest)
}
`,
    )
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  const run = (args: string[]) =>
    spawnSync(
      process.execPath,
      ['--require', join(dir, 'offline.cjs'), '--import', 'tsx', 'tools/provision/cli.ts', ...args],
      {
        cwd: root,
        encoding: 'utf8',
        // No keys at all: a dry run must not need them.
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' } as unknown as NodeJS.ProcessEnv,
        timeout: 60_000,
      },
    )

  it('lists every collection, index and permission of the manifest and exits 0 offline, without keys', () => {
    const r = run(['--dry-run', '--env', 'test-env'])
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    const lines = r.stdout.trim().split('\n')
    expect(lines[0]).toContain('test-env')
    const steps = lines.filter((l) => l.startsWith('+ '))
    expect(steps).toHaveLength(COLLECTIONS * 2 + INDEXES)
    for (const c of manifest.collections) {
      expect(steps).toContain(`+ 集合   ${c.name}`)
      expect(steps).toContain(`+ 权限   ${c.name}: ADMINONLY（仅管理端（云函数）可读写）`)
      for (const ix of c.indexes)
        expect(steps.filter((l) => l.startsWith(`+ 索引   ${c.name}.${ix.name} (`))).toHaveLength(1)
    }
    expect(lines.at(-1)).toBe(
      `合计：${COLLECTIONS} 个集合、${INDEXES} 个索引（其中 ${UNIQUE} 个唯一）、${COLLECTIONS} 项权限。已存在的内容在正式运行时会跳过。`,
    )
  })

  it('a real run without keys names the missing variables and exits non-zero, still offline', () => {
    const r = run(['--env', 'test-env'])
    expect(r.status).toBe(2)
    expect(r.stderr).toContain('TENCENTCLOUD_SECRETID、TENCENTCLOUD_SECRETKEY')
    expect(r.stderr).not.toContain('NETWORK_USED')
  })
})

function capture(env: CliDeps['env'] = {}, makeApi?: CliDeps['makeApi']) {
  const out: string[] = []
  const err: string[] = []
  return {
    out,
    err,
    deps: { env, out: (l: string) => out.push(l), err: (l: string) => err.push(l), makeApi },
  }
}

/** A minimal in-memory environment for the CLI's real-run path. */
function memoryCloud(): ProvisionApi & { writes: number } {
  const cols = new Map<string, { indexes: ExistingIndex[]; permission?: string }>()
  const api = {
    writes: 0,
    listCollections: async () => [...cols.keys()],
    describeIndexes: async (c: string) => cols.get(c)!.indexes,
    getPermission: async (c: string) => cols.get(c)!.permission,
    createCollection: async (c: string) => {
      api.writes++
      cols.set(c, { indexes: [] })
    },
    setPermission: async (c: string, p: string) => {
      api.writes++
      cols.get(c)!.permission = p
    },
    createIndex: async (c: string, ix: { name: string; keys: ExistingIndex['keys']; unique?: boolean }) => {
      api.writes++
      cols.get(c)!.indexes.push({ name: ix.name, keys: ix.keys, unique: ix.unique ?? false })
    },
  }
  return api
}

describe('main', () => {
  const keys = { TENCENTCLOUD_SECRETID: 'id', TENCENTCLOUD_SECRETKEY: 'key' }

  it('creates everything, then says a second run changed nothing', async () => {
    const cloud = memoryCloud()
    const envIds: string[] = []
    const make = (envId: string) => (envIds.push(envId), cloud)
    const first = capture(keys, make)
    expect(await main(['--env', 'prod-1'], first.deps)).toBe(0)
    expect(first.out.filter((l) => l.startsWith('✓ '))).toHaveLength(COLLECTIONS * 2 + INDEXES)
    expect(first.out.at(-1)).toBe(
      `完成：环境 prod-1 新建了 ${COLLECTIONS} 个集合、${INDEXES} 个索引（其中 ${UNIQUE} 个唯一）、${COLLECTIONS} 项权限。`,
    )
    const second = capture(keys, make)
    expect(await main(['--env', 'prod-1'], second.deps)).toBe(0)
    expect(cloud.writes).toBe(COLLECTIONS * 2 + INDEXES)
    expect(second.out.at(-1)).toBe(
      `环境 prod-1 已与清单一致：${COLLECTIONS} 个集合都已就绪，本次没有任何改动。`,
    )
    expect(envIds).toEqual(['prod-1', 'prod-1'])
  })

  it('takes the env id from LINLI_ENV_ID when --env is absent', async () => {
    const c = capture({ ...keys, LINLI_ENV_ID: 'from-env' }, () => memoryCloud())
    expect(await main([], c.deps)).toBe(0)
    expect(c.out[0]).toContain('from-env')
  })

  it('an interruption exits 1 and tells the deployer to run it again', async () => {
    const cloud = memoryCloud()
    let n = 0
    const flaky = {
      ...cloud,
      createIndex: async (...a: Parameters<ProvisionApi['createIndex']>) => {
        if (++n === 3) throw new Error('RequestLimitExceeded')
        return cloud.createIndex(...a)
      },
    }
    const c = capture(keys, () => flaky)
    expect(await main(['--env', 'e'], c.deps)).toBe(1)
    expect(c.err.join('\n')).toContain('RequestLimitExceeded')
    expect(c.err.join('\n')).toContain('再运行一次同样的命令，会从中断处继续')
    const again = capture(keys, () => cloud)
    expect(await main(['--env', 'e'], again.deps)).toBe(0)
    expect(again.out.at(-1)).toMatch(/^完成：/)
  })

  it('without an env id explains where to find it', async () => {
    const c = capture(keys, () => {
      throw new Error('must not build a client')
    })
    expect(await main(['--dry-run'], c.deps)).toBe(2)
    expect(c.err[0]).toContain('缺少环境 ID')
  })

  it('--help lists the options and the key variables', async () => {
    const c = capture()
    expect(await main(['--help'], c.deps)).toBe(0)
    expect(c.out[0]).toBe(HELP)
    for (const v of [
      '--env',
      '--dry-run',
      'TENCENTCLOUD_SECRETID',
      'TENCENTCLOUD_SECRETKEY',
      'TENCENTCLOUD_SESSIONTOKEN',
    ])
      expect(HELP).toContain(v)
  })
})
