/**
 * EJSON as wx-server-sdk speaks it (docs/cloudbase-wire.md §2): canonical EJSON comes in, relaxed EJSON
 * with dates as `{"$date":<ms>}` goes out. The same encoding is used on disk, so stored documents never
 * hold `$`-keys of their own (rejected on write) and the round trip is unambiguous.
 */
import { DbError } from './errors'

type Json = null | boolean | number | string | Json[] | { [k: string]: Json }

/** Turns parsed wire JSON into stored values; `now` resolves `db.serverDate()`. */
export function decode(v: unknown, now: () => number): unknown {
  if (v === null || typeof v !== 'object') return v
  if (Array.isArray(v)) {
    const out = new Array(v.length)
    for (let i = 0; i < v.length; i++) out[i] = decode(v[i], now)
    return out
  }
  const o = v as Record<string, unknown>
  const keys = Object.keys(o)
  if (keys.length >= 1 && keys[0].charCodeAt(0) === 36 /* $ */) {
    const special = decodeSpecial(keys, o, now)
    if (special !== NOT_SPECIAL) return special
  }
  const out: Record<string, unknown> = {}
  for (const k of keys) {
    if (k === '__proto__') throw new DbError('INVALID_PARAM', 'invalid field name __proto__')
    const d = decode(o[k], now)
    if (d !== undefined) out[k] = d
  }
  return out
}

const NOT_SPECIAL = Symbol('not special')

function decodeSpecial(keys: string[], o: Record<string, unknown>, now: () => number): unknown {
  const k = keys[0]
  if (keys.length === 1) {
    const x = o[k]
    switch (k) {
      case '$numberInt':
        if (typeof x !== 'string' || !/^-?\d+$/.test(x)) throw bad(k, x)
        return parseInt(x, 10)
      case '$numberLong':
        if (typeof x !== 'string' || !/^-?\d+$/.test(x)) throw bad(k, x)
        return Number(x)
      case '$numberDouble':
      case '$numberDecimal': {
        if (typeof x !== 'string') throw bad(k, x)
        const n = Number(x === '-0' ? '-0' : x)
        if (Number.isNaN(n) && x !== 'NaN') throw bad(k, x)
        return n
      }
      case '$date':
        return decodeDate(x)
      case '$oid':
        if (typeof x !== 'string' || !/^[0-9a-fA-F]{24}$/.test(x)) throw bad(k, x)
        return x
      case '$regularExpression': {
        const r = x as { pattern?: unknown; options?: unknown }
        if (
          !r ||
          typeof r.pattern !== 'string' ||
          (r.options !== undefined && typeof r.options !== 'string')
        ) {
          throw bad(k, x)
        }
        return makeRegExp(r.pattern, (r.options as string | undefined) ?? '')
      }
      case '$tcb_server_date': {
        const off = decode((x as { offset?: unknown } | null)?.offset ?? 0, now)
        if (typeof off !== 'number' || !Number.isFinite(off)) throw bad(k, x)
        return new Date(now() + off)
      }
      case '$undefined':
        return undefined
      case '$binary':
      case '$timestamp':
      case '$minKey':
      case '$maxKey':
      case '$symbol':
      case '$code':
      case '$dbPointer':
        throw new DbError('INVALID_PARAM', `unsupported EJSON type ${k}`)
    }
  }
  return NOT_SPECIAL
}

function decodeDate(x: unknown): Date {
  let ms: number
  if (typeof x === 'number') ms = x
  else if (typeof x === 'string') ms = Date.parse(x)
  else if (x && typeof x === 'object' && typeof (x as { $numberLong?: unknown }).$numberLong === 'string') {
    ms = Number((x as { $numberLong: string }).$numberLong)
  } else ms = NaN
  if (!Number.isFinite(ms)) throw bad('$date', x)
  return new Date(ms)
}

function makeRegExp(pattern: string, options: string): RegExp {
  // Mongo options i, m, s, x, u; JS has no `x`, and `g` is meaningless for matching.
  const flags = [...new Set(options.split('').filter((f) => 'imsu'.includes(f)))].join('')
  try {
    return new RegExp(pattern, flags)
  } catch {
    throw new DbError('INVALID_PARAM', `invalid regular expression /${pattern}/`)
  }
}

function bad(k: string, x: unknown): DbError {
  return new DbError('INVALID_PARAM', `invalid EJSON ${k}: ${JSON.stringify(x)}`)
}

/** Parses an EJSON string from the wire; syntax errors become INVALID_PARAM. */
export function parseWire(text: unknown, what: string, now: () => number): unknown {
  if (typeof text !== 'string') throw new DbError('INVALID_PARAM', `${what} must be an EJSON string`)
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch {
    throw new DbError('INVALID_PARAM', `${what} is not valid EJSON`)
  }
  return decode(raw, now)
}

function replacer(this: Record<string, unknown>, key: string, value: unknown): unknown {
  const raw = this[key]
  if (raw instanceof Date) return { $date: raw.getTime() }
  if (raw instanceof RegExp) return { $regularExpression: { pattern: raw.source, options: raw.flags } }
  if (typeof value === 'number' && !Number.isFinite(value)) return { $numberDouble: String(value) }
  return value
}

/** Encodes a stored value as relaxed EJSON text (what the SDK parses back, and what the journal holds). */
export function encode(v: unknown): string {
  return JSON.stringify(v, replacer)
}

/** Stored documents may not carry `$`-prefixed or dotted field names (as in MongoDB). */
export function checkFieldNames(v: unknown, path = ''): void {
  if (v === null || typeof v !== 'object' || v instanceof Date || v instanceof RegExp) return
  if (Array.isArray(v)) {
    for (const x of v) checkFieldNames(x, path)
    return
  }
  for (const k of Object.keys(v)) {
    if (k.startsWith('$') || k.includes('.')) {
      throw new DbError(
        'INVALID_PARAM',
        `invalid field name '${path}${k}': names may not start with $ or contain .`,
      )
    }
    checkFieldNames((v as Record<string, unknown>)[k], `${path}${k}.`)
  }
}

export type { Json }

/** Deep copy of an in-process value (seed data): keeps Dates and RegExps, drops `undefined` like the SDK does. */
export function clonePlain(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v
  if (v instanceof Date) return new Date(v.getTime())
  if (v instanceof RegExp) return new RegExp(v.source, v.flags)
  if (Array.isArray(v)) return v.map((x) => (x === undefined ? null : clonePlain(x)))
  const out: Record<string, unknown> = {}
  for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = clonePlain(x)
  return out
}
