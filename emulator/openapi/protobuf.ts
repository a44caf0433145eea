/**
 * The few protobuf messages of `wx.openApi` (cloudbase-wire.md §9.1), encoded and decoded by hand: five
 * messages of strings, bytes and ints do not earn a protobuf library.
 */

/** One top-level argument of an open-API call: `value` is its JSON text (or raw bytes for media). */
export interface KeyValuePair {
  key: string
  value: Buffer
  contenttype: string
  filename: string
}
export interface CommApiData {
  apiType: number
  pairs: KeyValuePair[]
  appid: string
}
export interface CommOpenApiResp {
  respData: Buffer
  contentType: string
  errorCode?: number
  httpCode?: number
}

type Field = { no: number; wire: number; int?: bigint; bytes?: Buffer }

function* fields(buf: Buffer): Generator<Field> {
  let pos = 0
  const varint = (): bigint => {
    let result = 0n
    let shift = 0n
    for (;;) {
      if (pos >= buf.length) throw new Error('truncated varint')
      const b = buf[pos++]
      result |= BigInt(b & 0x7f) << shift
      if ((b & 0x80) === 0) return result
      shift += 7n
    }
  }
  while (pos < buf.length) {
    const key = Number(varint())
    const no = key >>> 3
    const wire = key & 7
    if (wire === 0) yield { no, wire, int: varint() }
    else if (wire === 2) {
      const len = Number(varint())
      if (pos + len > buf.length) throw new Error('truncated length-delimited field')
      yield { no, wire, bytes: buf.subarray(pos, pos + len) }
      pos += len
    } else if (wire === 5) pos += 4
    else if (wire === 1) pos += 8
    else throw new Error(`unsupported wire type ${wire}`)
  }
}

const int32 = (v: bigint | undefined): number => Number(BigInt.asIntN(32, v ?? 0n))

function decodePair(buf: Buffer): KeyValuePair {
  const pair: KeyValuePair = { key: '', value: Buffer.alloc(0), contenttype: '', filename: '' }
  for (const f of fields(buf)) {
    if (!f.bytes) continue
    if (f.no === 1) pair.key = f.bytes.toString('utf8')
    else if (f.no === 2) pair.value = Buffer.from(f.bytes)
    else if (f.no === 3) pair.contenttype = f.bytes.toString('utf8')
    else if (f.no === 4) pair.filename = f.bytes.toString('utf8')
  }
  return pair
}

export function decodeCommApiData(buf: Buffer): CommApiData {
  const out: CommApiData = { apiType: 0, pairs: [], appid: '' }
  for (const f of fields(buf)) {
    if (f.no === 1 && f.wire === 0) out.apiType = int32(f.int)
    else if (f.no === 2 && f.bytes) {
      for (const g of fields(f.bytes)) if (g.no === 1 && g.bytes) out.pairs.push(decodePair(g.bytes))
    } else if (f.no === 6 && f.bytes) out.appid = f.bytes.toString('utf8')
  }
  return out
}

function varintBytes(v: bigint): number[] {
  const out: number[] = []
  let x = BigInt.asUintN(64, v)
  do {
    let b = Number(x & 0x7fn)
    x >>= 7n
    if (x !== 0n) b |= 0x80
    out.push(b)
  } while (x !== 0n)
  return out
}

const tag = (no: number, wire: number) => varintBytes(BigInt((no << 3) | wire))
const lenField = (no: number, bytes: Buffer): Buffer =>
  Buffer.concat([Buffer.from([...tag(no, 2), ...varintBytes(BigInt(bytes.length))]), bytes])
const intField = (no: number, v: number): Buffer => Buffer.from([...tag(no, 0), ...varintBytes(BigInt(v))])

export function encodeCommOpenApiResp(r: CommOpenApiResp): Buffer {
  const parts = [lenField(1, r.respData), lenField(2, Buffer.from(r.contentType, 'utf8'))]
  if (r.errorCode) parts.push(intField(3, r.errorCode))
  if (r.httpCode) parts.push(intField(4, r.httpCode))
  return Buffer.concat(parts)
}
