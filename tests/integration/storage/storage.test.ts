import { MAX_FILE_BYTES } from '../../../emulator/storage'
import { startCloudWithSdk, type CloudWithSdk } from '../sdk'

let t: CloudWithSdk
beforeAll(async () => {
  t = await startCloudWithSdk()
})
afterAll(() => t.stop())

interface FileEntry {
  fileID: string
  status: number
  tempFileURL: string
  maxAge?: number
}
const files = (p: unknown): Promise<{ fileList: FileEntry[] }> => p as Promise<{ fileList: FileEntry[] }>

const code = async (p: Promise<unknown>): Promise<unknown> =>
  p.then(
    () => 'resolved',
    (e: { code?: unknown }) => e.code,
  )

test('uploadFile → getTempFileURL → downloadFile → deleteFile through the SDK flows', async () => {
  const content = Buffer.from('邻里 notice body')
  const up = await t.cloud.uploadFile({ cloudPath: 'notices/2024 公告.txt', fileContent: content })
  expect(up.fileID).toBe(`cloud://linli-local.linli-local-1250000000/notices/2024 公告.txt`)

  const urls = await files(
    t.cloud.getTempFileURL({
      fileList: [
        up.fileID,
        { fileID: up.fileID, maxAge: 60 },
        'cloud://linli-local.linli-local-1250000000/none.txt',
      ],
    }),
  )
  expect(urls.fileList[0]).toMatchObject({ fileID: up.fileID, status: 0 })
  expect(urls.fileList[1]).toMatchObject({ status: 0, maxAge: 60 })
  expect(urls.fileList[2]).toMatchObject({ status: -503003, tempFileURL: '' })
  const res = await fetch(encodeURI(urls.fileList[0].tempFileURL))
  expect(res.status).toBe(200)
  expect(Buffer.from(await res.arrayBuffer()).equals(content)).toBe(true)

  const dl = await t.cloud.downloadFile({ fileID: up.fileID })
  expect((dl.fileContent as Buffer).equals(content)).toBe(true)

  const del = await files(t.cloud.deleteFile({ fileList: [up.fileID, up.fileID] }))
  expect(del.fileList.map((f) => f.status)).toEqual([0, -503003])
  expect(await code(t.cloud.downloadFile({ fileID: up.fileID }))).toBe('STORAGE_FILE_NONEXIST')
})

test('temporary URLs expire by the local clock and cannot be forged', async () => {
  const { fileID } = await t.cloud.uploadFile({ cloudPath: 'a/b.png', fileContent: Buffer.from([1, 2, 3]) })
  const [f] = (await files(t.cloud.getTempFileURL({ fileList: [{ fileID, maxAge: 60 }] }))).fileList
  expect((await fetch(f.tempFileURL)).status).toBe(200)
  expect((await fetch(f.tempFileURL.replace(/sign=\w/, 'sign=z'))).status).toBe(403)
  t.localCloud.clock.setOffset(61_000)
  try {
    expect((await fetch(f.tempFileURL)).status).toBe(403)
  } finally {
    t.localCloud.clock.setOffset(0)
  }
})

test('size and type limits', async () => {
  expect(await code(t.cloud.uploadFile({ cloudPath: 'x/evil.exe', fileContent: Buffer.from('MZ') }))).toBe(
    'INVALID_PARAM',
  )
  expect(await code(t.cloud.uploadFile({ cloudPath: '../escape.txt', fileContent: Buffer.from('x') }))).toBe(
    'INVALID_PARAM',
  )
  const big = Buffer.alloc(MAX_FILE_BYTES + 1)
  expect(await code(t.cloud.uploadFile({ cloudPath: 'x/big.pdf', fileContent: big }))).toBe(
    'STORAGE_REQUEST_FAIL',
  )
  expect(await t.localCloud.storage.readFile(t.localCloud.storage.fileIdOf('x/big.pdf'))).toBeUndefined()
})

test('putFile stores seed files the SDK can download', async () => {
  const fileID = await t.localCloud.storage.putFile('seed/logo.png', Buffer.from('png'))
  const dl = await t.cloud.downloadFile({ fileID })
  expect((dl.fileContent as Buffer).toString()).toBe('png')
})
