/**
 * The local WeChat open APIs behind `cloud.openapi.*` (multipart + protobuf, docs/cloudbase-wire.md §9):
 * - `subscribeMessage.send` lands in a sink (the `dev_sent_messages` collection, durable like all data) and
 *   answers as WeChat does: an id that is not a registered template → 40037; data that does not fit the
 *   template (a stray or missing field, a value too long or of the wrong shape, `types/messages.ts`) → 47003
 *   naming the field; no grant → 43101. WeChat's grants live in `dev_wx_grants`, apart from Linli's own
 *   bookkeeping in `subscriptions`, because in production the functions cannot read WeChat's: a one-time
 *   grant is spent by the message it allows, a long-term grant is not;
 * - `security.msgSecCheck` v1 answers 87014; v2 `result.suggest` risky, review or pass, from risky-words.ts;
 * - `wxacode.getUnlimited` answers a real, scannable PNG: a QR code (WeChat draws its round code, which only
 *   WeChat reads) of the H5 page with the scene as `?scene=`, so scanning it locally opens the same page with
 *   the same scene. Scene and page are checked as WeChat checks them (40169, 41030).
 * A function calls only the APIs its config.json grants (`permissions.openapi`); any other answers -604101,
 * as the platform does.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import QRCode from 'qrcode'
import type { Clock } from '../clock'
import type { FunctionHost } from '../host'
import type { MultipartHandler } from '../http'
import type { UsageMeter } from '../meter'
import { misfit, templateKeyOf, TEMPLATES, type TemplateKey } from '../../types/messages'
import { findReviewWord, findRiskyWord } from './risky-words'
import { boundaryOf, parseMultipart } from './multipart'
import { decodeCommApiData, encodeCommOpenApiResp } from './protobuf'
import { WireDb, WireDbError } from './wireDb'

export const SENT_MESSAGES = 'dev_sent_messages'
/** WeChat's side of the grants (what the user accepted in the dialog), not Linli's `subscriptions`. */
export const WX_GRANTS = 'dev_wx_grants'

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

export interface OpenApiOptions {
  readonly db: WireDb
  readonly clock: Clock
  /** To tell which function and invocation made a call (by its wxCloudApiToken). */
  readonly host?: () => FunctionHost | undefined
  /** Counts messages sent and refused by function and action (emulator/meter.ts). */
  readonly meter?: UsageMeter
  readonly quiet?: boolean
  /** The template ids registered for this mini-program (`LINLI_TEMPLATE_<key>`); unset keys are their own ids. */
  readonly templateEnv?: Record<string, string | undefined>
  /** Where the H5 app is served (http://127.0.0.1:PORT): the local mini-program code opens a page there. */
  readonly appUrl?: () => string | undefined
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
    let answer: WxAnswer | Buffer | undefined
    let errorCode = 0
    const granted = from ? this.opts.host?.()?.config(from.fn)?.openapi : undefined
    try {
      if (granted && !granted.includes(apiName)) {
        if (!this.opts.quiet)
          console.error(`[openapi] ${from?.fn} 的 config.json 没有 permissions.openapi “${apiName}”`)
        errorCode = -604101
      } else {
        const decoded = decodeCommApiData(raw ?? Buffer.alloc(0))
        const args: Record<string, unknown> = {}
        for (const p of decoded.pairs) args[p.key] = parseValue(p.value)
        answer = await this.call(apiName, args, from)
      }
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
      Buffer.isBuffer(answer)
        ? { respData: answer, contentType: 'image/png', httpCode: 200 }
        : answer
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
    from?: { fn: string; label: string; requestId: string },
  ): Promise<WxAnswer | Buffer | undefined> {
    if (apiName === 'subscribeMessage.send') {
      const answer = await this.send(args, from)
      this.opts.meter?.message(from, answer.errcode === 0)
      return answer
    }
    if (apiName === 'wxacode.getUnlimited') return this.unlimitedCode(args)
    if (apiName === 'security.msgSecCheck') return msgSecCheck(args)
    return undefined
  }

  /** `subscribeMessage.send` with the snake_case arguments WeChat receives. */
  async send(args: Record<string, unknown>, from?: { fn: string; requestId: string }): Promise<WxAnswer> {
    const touser = typeof args.touser === 'string' ? args.touser : ''
    const templateId = typeof args.template_id === 'string' ? args.template_id : ''
    if (!touser) return { errcode: 40003, errmsg: `invalid openid rid: ${rid()}` }
    const key = this.keyOf(templateId)
    if (!key) return { errcode: 40037, errmsg: `invalid template_id rid: ${rid()}` }
    const data = (typeof args.data === 'object' && args.data !== null ? args.data : {}) as Record<
      string,
      { value?: unknown }
    >
    const bad = misfit(key, data)
    if (bad)
      return { errcode: 47003, errmsg: `argument invalid! data.${bad.field}.value invalid rid: ${rid()}` }

    const now = new Date(this.opts.clock.now())
    const granted = { openid: touser, templateId, remaining: { $gt: 0 } }
    const used =
      TEMPLATES[key].kind === 'long'
        ? await this.opts.db.count(WX_GRANTS, granted)
        : await this.opts.db.update(
            WX_GRANTS,
            granted,
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

  /**
   * `wxacode.getUnlimited`: `scene` is at most 32 visible characters of digits, letters and
   * `!#$&'()*+,/:;=?@-._~`; `page` names a page without a leading slash (WeChat answers 41030 for a bad one).
   */
  async unlimitedCode(args: Record<string, unknown>): Promise<WxAnswer | Buffer> {
    const scene = typeof args.scene === 'string' ? args.scene : ''
    if (!scene || scene.length > 32 || !/^[A-Za-z0-9!#$&'()*+,/:;=?@\-._~]+$/.test(scene))
      return { errcode: 40169, errmsg: `invalid length for scene, or the data is not json rid: ${rid()}` }
    const page = typeof args.page === 'string' ? args.page : ''
    if (page.startsWith('/') || (page && !/^[A-Za-z0-9_\-/]+$/.test(page)))
      return { errcode: 41030, errmsg: `invalid page rid: ${rid()}` }
    const base = this.opts.appUrl?.() ?? ''
    const text = `${base}/${page || 'community/pages/home/index'}?scene=${encodeURIComponent(scene)}`
    return localCodePng(text, Number(args.width) || 430)
  }

  private keyOf(id: string): TemplateKey | undefined {
    // The functions run with LINLI_LOCAL_CLOUD=1 (emulator/host), so the sink knows keys as ids too.
    return templateKeyOf(id, { LINLI_LOCAL_CLOUD: '1', ...(this.opts.templateEnv ?? process.env) })
  }

  /** The ids the user is asked about in the dialog must be registered templates, as in WeChat. */
  knownTemplate(id: string): boolean {
    return this.keyOf(id) !== undefined
  }

  /**
   * What a tap on "允许" in `wx.requestSubscribeMessage` gives WeChat: one more message of a one-time template,
   * or the long-term template switched on (more taps add nothing to it).
   */
  async grant(
    openid: string,
    templateIds: readonly string[],
    count = 1,
  ): Promise<Array<{ templateId: string; remaining: number }>> {
    const now = new Date(this.opts.clock.now())
    const out: Array<{ templateId: string; remaining: number }> = []
    for (const templateId of templateIds) {
      const key = this.keyOf(templateId)
      const long = key !== undefined && TEMPLATES[key].kind === 'long'
      const updated = await this.opts.db.update(
        WX_GRANTS,
        { openid, templateId },
        long
          ? { $set: { remaining: 1, updatedAt: now } }
          : { $inc: { remaining: count }, $set: { updatedAt: now } },
        { multi: false },
      )
      if (updated === 0) {
        try {
          await this.opts.db.insert(WX_GRANTS, {
            openid,
            templateId,
            remaining: long ? 1 : count,
            updatedAt: now,
          })
        } catch (err) {
          // Someone created it meanwhile: add to theirs.
          if (!(err instanceof WireDbError)) throw err
          await this.opts.db.update(
            WX_GRANTS,
            { openid, templateId },
            long ? { $set: { remaining: 1 } } : { $inc: { remaining: count } },
            { multi: false },
          )
        }
      }
      out.push({ templateId, remaining: await this.remaining(openid, templateId) })
    }
    return out
  }

  /** The user switched the template off in WeChat's settings (设置 → 订阅消息): every grant is gone. */
  async revoke(openid: string, templateIds: readonly string[]): Promise<void> {
    for (const templateId of templateIds)
      await this.opts.db.update(
        WX_GRANTS,
        { openid, templateId },
        { $set: { remaining: 0 } },
        { multi: true },
      )
  }

  async remaining(openid: string, templateId: string): Promise<number> {
    const docs = await this.opts.db.find<{ remaining?: number }>(WX_GRANTS, { openid, templateId })
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

/** The local stand-in for a mini-program code: a plain QR code of `text`, `width` pixels wide (280–1280). */
export function localCodePng(text: string, width: number): Promise<Buffer> {
  const w = Math.min(1280, Math.max(280, Math.round(width)))
  return QRCode.toBuffer(text, { type: 'png', width: w, margin: 4, errorCorrectionLevel: 'M' })
}

function msgSecCheck(args: Record<string, unknown>): WxAnswer {
  const content = typeof args.content === 'string' ? args.content : ''
  const word = findRiskyWord(content)
  if (Number(args.version) === 2) {
    // v2 needs the user and the scene; WeChat answers 40003 / 47001 without them.
    if (typeof args.openid !== 'string' || !args.openid)
      return { errcode: 40003, errmsg: `invalid openid rid: ${rid()}` }
    if (![1, 2, 3, 4].includes(Number(args.scene)))
      return { errcode: 47001, errmsg: `data format error: scene rid: ${rid()}` }
    const review = word ? undefined : findReviewWord(content)
    const suggest = word ? 'risky' : review ? 'review' : 'pass'
    const label = word ? 20006 : review ? 21000 : 100
    // v2 answers 0 and puts the verdict in `result` (WeChat's newer content-security API).
    return {
      errcode: 0,
      errmsg: 'ok',
      result: { suggest, label },
      detail: [{ strategy: 'keyword', errcode: 0, suggest, label, keyword: word ?? review }],
      trace_id: rid(),
    }
  }
  return word ? { errcode: 87014, errmsg: `risky content rid: ${rid()}` } : { errcode: 0, errmsg: 'ok' }
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
