/**
 * The local WeChat open APIs behind `cloud.openapi.*` (multipart + protobuf, docs/cloudbase-wire.md §9):
 * - `subscribeMessage.send` lands in a sink (the `dev_sent_messages` collection, durable like all data) and
 *   follows WeChat's rule: each one-time grant in `subscriptions` allows one message; without one the answer is
 *   errcode 43101, which the sending function catches as `errCode 43101`;
 * - `security.msgSecCheck` answers 87014 for text containing a word of risky-words.ts.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Clock } from '../clock'
import type { FunctionHost } from '../host'
import type { MultipartHandler } from '../http'
import { findRiskyWord } from './risky-words'
import { boundaryOf, parseMultipart } from './multipart'
import { decodeCommApiData, encodeCommOpenApiResp } from './protobuf'
import { WireDb, WireDbError } from './wireDb'

export const SENT_MESSAGES = 'dev_sent_messages'
export const SUBSCRIPTIONS = 'subscriptions'

/** One subscribe message as the sink recorded it (sent, or refused with 43101). */
export interface SentMessage {
  _id?: string
  touser: string
  templateId: string
  page?: string
  data: Record<string, { value: string }>
  lang?: string
  miniprogramState?: string
  status: 'sent' | 'refused'
  errcode: number
  msgid?: number
  sentAt: Date
  /** Function and invocation that sent it. */
  fn?: string
  requestId?: string
}

type WxAnswer = { errcode: number; errmsg: string; [k: string]: unknown }

// Length limits per template field kind (WeChat subscribe-message rules); longer values are rejected 47003.
const FIELD_LIMITS: Record<string, number> = {
  thing: 20,
  number: 32,
  letter: 32,
  symbol: 5,
  character_string: 32,
  phrase: 5,
  phone_number: 17,
  car_number: 8,
  name: 20,
}

export interface OpenApiOptions {
  readonly db: WireDb
  readonly clock: Clock
  /** To tell which function and invocation made a call (by its wxCloudApiToken). */
  readonly host?: () => FunctionHost | undefined
  readonly quiet?: boolean
}

export class OpenApiSink {
  private msgSeq = 0

  constructor(private readonly opts: OpenApiOptions) {}

  readonly multipart: MultipartHandler = async (req: IncomingMessage, res: ServerResponse, body: Buffer) => {
    const boundary = boundaryOf(String(req.headers['content-type'] ?? ''))
    if (!boundary) return false
    const parts = parseMultipart(body, boundary)
    const text = (name: string) => parts.find((p) => p.name === name)?.data.toString('utf8')
    if (text('action') !== 'wx.openApi') return false
    const apiName = text('apiName') ?? ''
    const raw = parts.find((p) => p.name === 'requestData')?.data
    const from = this.opts.host?.()?.lookupToken(text('wxCloudApiToken'))
    let answer: WxAnswer | undefined
    let errorCode = 0
    try {
      const decoded = decodeCommApiData(raw ?? Buffer.alloc(0))
      const args: Record<string, unknown> = {}
      for (const p of decoded.pairs) args[p.key] = parseValue(p.value)
      answer = await this.call(apiName, args, from)
    } catch (err) {
      if (!this.opts.quiet)
        console.error(`[openapi] ${apiName} failed:`, err instanceof Error ? err.message : err)
      errorCode = -604101
    }
    if (!answer && !errorCode) {
      if (!this.opts.quiet) console.warn(`[openapi] ${apiName} is not emulated locally / 本地未模拟此接口`)
      errorCode = -604101
    }
    const resp = encodeCommOpenApiResp(
      answer
        ? {
            respData: Buffer.from(JSON.stringify(answer)),
            contentType: 'application/json; charset=UTF-8',
            httpCode: 200,
          }
        : { respData: Buffer.alloc(0), contentType: '', errorCode },
    )
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': resp.length })
    res.end(resp)
    return true
  }

  private async call(
    apiName: string,
    args: Record<string, unknown>,
    from?: { fn: string; requestId: string },
  ): Promise<WxAnswer | undefined> {
    if (apiName === 'subscribeMessage.send') return this.send(args, from)
    if (apiName === 'security.msgSecCheck') return msgSecCheck(args)
    return undefined
  }

  /** `subscribeMessage.send` with the snake_case arguments WeChat receives. */
  async send(args: Record<string, unknown>, from?: { fn: string; requestId: string }): Promise<WxAnswer> {
    const touser = typeof args.touser === 'string' ? args.touser : ''
    const templateId = typeof args.template_id === 'string' ? args.template_id : ''
    if (!touser) return { errcode: 40003, errmsg: `invalid openid rid: ${rid()}` }
    if (!templateId) return { errcode: 40037, errmsg: `invalid template_id rid: ${rid()}` }
    const data = (typeof args.data === 'object' && args.data !== null ? args.data : {}) as Record<
      string,
      { value?: unknown }
    >
    const bad = invalidField(data)
    if (bad) return { errcode: 47003, errmsg: `argument invalid! data.${bad}.value invalid rid: ${rid()}` }

    const now = new Date(this.opts.clock.now())
    const used = await this.opts.db.update(
      SUBSCRIPTIONS,
      { openid: touser, templateId, remaining: { $gt: 0 } },
      { $inc: { remaining: -1 }, $set: { updatedAt: now } },
      { multi: false },
    )
    const msg: SentMessage = {
      touser,
      templateId,
      page: typeof args.page === 'string' ? args.page : undefined,
      data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, { value: String(v?.value ?? '') }])),
      lang: typeof args.lang === 'string' ? args.lang : undefined,
      miniprogramState: typeof args.miniprogram_state === 'string' ? args.miniprogram_state : undefined,
      status: used > 0 ? 'sent' : 'refused',
      errcode: used > 0 ? 0 : 43101,
      sentAt: now,
      fn: from?.fn,
      requestId: from?.requestId,
    }
    if (used > 0) msg.msgid = Date.now() * 1000 + (this.msgSeq++ % 1000)
    await this.opts.db.insert(SENT_MESSAGES, msg as unknown as Record<string, unknown>)
    if (!this.opts.quiet) console.log(`[openapi] subscribeMessage.send ${templateId} → ${msg.status}`)
    if (used === 0) return { errcode: 43101, errmsg: `user refuse to accept the msg rid: ${rid()}` }
    return { errcode: 0, errmsg: 'ok', msgid: msg.msgid }
  }

  /** Adds one-time grants, as `community.subscribe` does after `wx.requestSubscribeMessage`. */
  async grant(
    openid: string,
    templateIds: readonly string[],
    count = 1,
  ): Promise<Array<{ templateId: string; remaining: number }>> {
    const now = new Date(this.opts.clock.now())
    const out: Array<{ templateId: string; remaining: number }> = []
    for (const templateId of templateIds) {
      const updated = await this.opts.db.update(
        SUBSCRIPTIONS,
        { openid, templateId },
        { $inc: { remaining: count }, $set: { updatedAt: now } },
        { multi: false },
      )
      if (updated === 0) {
        try {
          await this.opts.db.insert(SUBSCRIPTIONS, { openid, templateId, remaining: count, updatedAt: now })
        } catch (err) {
          // Someone created it meanwhile: add to theirs.
          if (!(err instanceof WireDbError)) throw err
          await this.opts.db.update(
            SUBSCRIPTIONS,
            { openid, templateId },
            { $inc: { remaining: count } },
            { multi: false },
          )
        }
      }
      out.push({ templateId, remaining: await this.remaining(openid, templateId) })
    }
    return out
  }

  async remaining(openid: string, templateId: string): Promise<number> {
    const docs = await this.opts.db.find<{ remaining?: number }>(SUBSCRIPTIONS, { openid, templateId })
    return docs.reduce((n, d) => n + (typeof d.remaining === 'number' ? d.remaining : 0), 0)
  }

  /** Recorded messages, newest first; refused ones only when asked. */
  async messages(
    filter: { touser?: string; templateId?: string; includeRefused?: boolean; limit?: number } = {},
  ): Promise<SentMessage[]> {
    const query: Record<string, unknown> = {}
    if (filter.touser) query.touser = filter.touser
    if (filter.templateId) query.templateId = filter.templateId
    if (!filter.includeRefused) query.status = 'sent'
    return this.opts.db.find<SentMessage>(SENT_MESSAGES, query, {
      order: { sentAt: -1 },
      limit: filter.limit ?? 100,
    })
  }
}

function msgSecCheck(args: Record<string, unknown>): WxAnswer {
  const content = typeof args.content === 'string' ? args.content : ''
  const word = findRiskyWord(content)
  if (Number(args.version) === 2) {
    // v2 answers 0 and puts the verdict in `result` (WeChat's newer content-security API).
    return {
      errcode: 0,
      errmsg: 'ok',
      result: word ? { suggest: 'risky', label: 20006 } : { suggest: 'pass', label: 100 },
      detail: [
        {
          strategy: 'keyword',
          errcode: 0,
          suggest: word ? 'risky' : 'pass',
          label: word ? 20006 : 100,
          keyword: word,
        },
      ],
      trace_id: rid(),
    }
  }
  return word ? { errcode: 87014, errmsg: `risky content rid: ${rid()}` } : { errcode: 0, errmsg: 'ok' }
}

function invalidField(data: Record<string, { value?: unknown }>): string | undefined {
  for (const [key, v] of Object.entries(data)) {
    const value = v && typeof v === 'object' ? v.value : undefined
    if (typeof value !== 'string' && typeof value !== 'number') return key
    const text = String(value)
    if (text.length === 0) return key
    const kind = key.replace(/\d+$/, '')
    const limit = FIELD_LIMITS[kind]
    if (
      limit !== undefined &&
      [...text].length > (kind === 'name' && /[\u4e00-\u9fff]/.test(text) ? 10 : limit)
    )
      return key
  }
  return undefined
}

function parseValue(value: Buffer): unknown {
  const text = value.toString('utf8')
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

let ridSeq = 0
const rid = (): string => `${Date.now().toString(16)}-${(ridSeq++).toString(16)}`
