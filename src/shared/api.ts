/**
 * The one API client. `call('community', 'committees', { keyword })` is typed from `types/api.ts`;
 * it resolves with `data` or throws an `ApiFailure`.
 *
 * Transport: in WeChat `Taro.cloud.callFunction` (the platform injects the caller's OPENID); in the H5
 * build `POST /fn/<name>` with the locally signed-in OPENID in `X-WX-OPENID`.
 * A call that carries a `clientRequestId` is retried once after a network failure with the same id, so
 * the server applies it at most once.
 */
import Taro from '@tarojs/taro'
import type { ApiError, ErrorCode, Result } from '../../types/common'
import { ERROR_TEXT } from '../../types/common'
import type { CallInput, CallOutput, ContractAction, ContractFn } from '../../types/api'
import type { FunctionName } from '../../types/policy'
import { goToSignIn, signedInOpenid } from './session'

/** `NETWORK`: the request never got an answer (offline, timeout, gateway down). */
export type FailureCode = ErrorCode | 'NETWORK'

export const NETWORK_TEXT = '网络不太好，请检查网络后再试'

export class ApiFailure extends Error {
  readonly code: FailureCode
  readonly details?: unknown
  readonly requestId?: string
  constructor(code: FailureCode, message: string, details?: unknown, requestId?: string) {
    super(message)
    this.name = 'ApiFailure'
    this.code = code
    this.details = details
    this.requestId = requestId
  }
}

export interface CallOptions {
  /** Show a toast with `errorText` when the call fails. */
  toast?: boolean
  /** On H5, an UNAUTHENTICATED answer goes to the sign-in page (default true). */
  redirectOnUnauthenticated?: boolean
}

// ---- request ids ---------------------------------------------------------------------------------

/** A fresh `clientRequestId` (matches `ClientRequestId` in types/common.ts: 8–64 of [A-Za-z0-9_-]). */
export function newRequestId(): string {
  const rand = () => Math.random().toString(36).slice(2, 10).padEnd(8, '0')
  return `r${Date.now().toString(36)}${rand()}${rand()}`
}

// ---- error text ----------------------------------------------------------------------------------

/** What to tell the person. The server's own message is specific for these codes, so it wins. */
const SERVER_MESSAGE_WINS: readonly FailureCode[] = ['INVALID_INPUT', 'CONFLICT', 'RATE_LIMITED']

export function errorText(err: unknown): string {
  if (err instanceof ApiFailure) {
    if (err.code === 'NETWORK') return NETWORK_TEXT
    if (SERVER_MESSAGE_WINS.includes(err.code) && err.message) return err.message
    return ERROR_TEXT[err.code]
  }
  return ERROR_TEXT.INTERNAL
}

export function toastError(err: unknown): void {
  void Taro.showToast({ title: errorText(err), icon: 'none', duration: 2500 })
}

// ---- transports ----------------------------------------------------------------------------------

type Envelope = Result<unknown>
type Event = Record<string, unknown> & { action: string }

class NetworkError extends Error {}

function isEnvelope(v: unknown): v is Envelope {
  return typeof v === 'object' && v !== null && typeof (v as { ok?: unknown }).ok === 'boolean'
}

async function viaCloud(fn: string, event: Event): Promise<Envelope> {
  let res: { result?: unknown }
  try {
    res = (await Taro.cloud.callFunction({ name: fn, data: event })) as { result?: unknown }
  } catch (e) {
    // callFunction rejects when the call did not complete (network, timeout, platform fault);
    // function-level failures come back as an envelope in `result`.
    throw new NetworkError(String((e as { errMsg?: string })?.errMsg ?? e))
  }
  if (!isEnvelope(res.result)) throw new ApiFailure('INTERNAL', ERROR_TEXT.INTERNAL)
  return res.result
}

/**
 * How long the H5 page waits for an answer: past the longest a function may run (20 s), so only a call that
 * will never answer (a dropped connection, a proxy that holds it) is given up — as NETWORK, which a call
 * carrying a clientRequestId retries once — instead of leaving the page loading for ever.
 */
export const H5_TIMEOUT_MS = 25_000

async function viaHttp(fn: string, event: Event): Promise<Envelope> {
  const headers: Record<string, string> = { 'content-type': 'application/json' }
  const openid = signedInOpenid()
  if (openid) headers['X-WX-OPENID'] = openid
  const abort = new AbortController()
  const timer = setTimeout(() => abort.abort(), H5_TIMEOUT_MS)
  let res: Response
  let body: unknown
  try {
    try {
      res = await fetch(`${process.env.TARO_APP_API || ''}/fn/${encodeURIComponent(fn)}`, {
        method: 'POST',
        headers,
        body: JSON.stringify(event),
        signal: abort.signal,
      })
    } catch (e) {
      throw new NetworkError(String(e))
    }
    try {
      body = await res.json()
    } catch {
      // A body cut off by the timeout is no answer either.
      if (abort.signal.aborted) throw new NetworkError('timeout')
      body = undefined
    }
  } finally {
    clearTimeout(timer)
  }
  if (isEnvelope(body)) return body
  // A gateway that is restarting or unreachable answers without an envelope: worth one retry.
  if (res.status === 502 || res.status === 503 || res.status === 504)
    throw new NetworkError(`HTTP ${res.status}`)
  throw new ApiFailure('INTERNAL', ERROR_TEXT.INTERNAL)
}

function transport(): (fn: string, event: Event) => Promise<Envelope> {
  return process.env.TARO_ENV === 'h5' ? viaHttp : viaCloud
}

// ---- call ----------------------------------------------------------------------------------------

async function invoke(
  fn: string,
  action: string,
  input: object | undefined,
  options: CallOptions,
): Promise<unknown> {
  const event: Event = { ...(input ?? {}), action }
  const send = transport()
  const retryable = typeof event.clientRequestId === 'string'
  try {
    let envelope: Envelope
    try {
      envelope = await send(fn, event)
    } catch (e) {
      if (!(e instanceof NetworkError) || !retryable) throw e
      envelope = await send(fn, event) // same body, same clientRequestId
    }
    if (envelope.ok) return envelope.data
    const error: ApiError = envelope.error
    throw new ApiFailure(error.code, error.message, error.details, error.requestId)
  } catch (e) {
    const failure =
      e instanceof ApiFailure
        ? e
        : e instanceof NetworkError
          ? new ApiFailure('NETWORK', NETWORK_TEXT)
          : new ApiFailure('INTERNAL', ERROR_TEXT.INTERNAL)
    if (
      failure.code === 'UNAUTHENTICATED' &&
      process.env.TARO_ENV === 'h5' &&
      options.redirectOnUnauthenticated !== false
    ) {
      goToSignIn()
    } else if (options.toast) {
      toastError(failure)
    }
    throw failure
  }
}

/** Calls an action whose contract is in `types/api.ts`. */
export function call<F extends ContractFn, A extends ContractAction<F>>(
  fn: F,
  action: A,
  input: CallInput<F, A>,
  options: CallOptions = {},
): Promise<CallOutput<F, A>> {
  return invoke(fn, action, input as object, options) as Promise<CallOutput<F, A>>
}

/**
 * Calls an action whose contract is not in `types/api.ts` yet. Prefer `call`: replace uses of this
 * when the feature adds its contract.
 */
export function callUntyped<T = unknown>(
  fn: FunctionName,
  action: string,
  input: Record<string, unknown> = {},
  options: CallOptions = {},
): Promise<T> {
  return invoke(fn, action, input, options) as Promise<T>
}
