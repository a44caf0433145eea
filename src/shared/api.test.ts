import Taro from '@tarojs/taro'
import { ClientRequestId, ERROR_TEXT } from '../../types/common'
import { ApiFailure, call, callUntyped, errorText, H5_TIMEOUT_MS, NETWORK_TEXT, newRequestId } from './api'

const withRequestId = <T extends object>(input: T) => ({ ...input, clientRequestId: newRequestId() })
import { session } from './session'

const okResponse = (data: unknown) =>
  ({ status: 200, json: async () => ({ ok: true, data }) }) as unknown as Response
const failResponse = (error: Record<string, unknown>) =>
  ({ status: 200, json: async () => ({ ok: false, error }) }) as unknown as Response

let fetchMock: jest.Mock
beforeEach(() => {
  process.env.TARO_ENV = 'h5'
  fetchMock = jest.fn()
  global.fetch = fetchMock as unknown as typeof fetch
  session.set('demo-resident-wang')
})
afterEach(() => {
  jest.restoreAllMocks()
  process.env.TARO_ENV = 'h5'
})

describe('transport', () => {
  test('H5 posts the event to /fn/<name> with the signed-in OPENID in X-WX-OPENID', async () => {
    fetchMock.mockResolvedValue(
      okResponse({ items: [{ id: 'c-chunhui', name: '春晖社区居委会', address: '春晖路88号' }] }),
    )
    const out = await call('community', 'committees', { keyword: '春晖' })
    expect(out.items[0].name).toBe('春晖社区居委会')
    expect(fetchMock).toHaveBeenCalledTimes(1)
    const [url, init] = fetchMock.mock.calls[0] as [string, RequestInit]
    expect(url).toBe('/fn/community')
    expect(init.method).toBe('POST')
    expect((init.headers as Record<string, string>)['X-WX-OPENID']).toBe('demo-resident-wang')
    expect(JSON.parse(init.body as string)).toEqual({ action: 'committees', keyword: '春晖' })
  })

  test('weapp goes through Taro.cloud.callFunction with { action, ...input } and sends no OPENID', async () => {
    process.env.TARO_ENV = 'weapp'
    const callFunction = jest.fn().mockResolvedValue({ result: { ok: true, data: { items: [] } } })
    ;(Taro as unknown as { cloud: unknown }).cloud = { callFunction }
    await expect(call('community', 'committees', {})).resolves.toEqual({ items: [] })
    expect(callFunction).toHaveBeenCalledWith({ name: 'community', data: { action: 'committees' } })
    expect(fetchMock).not.toHaveBeenCalled()
  })
})

describe('retries', () => {
  test('a mutation that hit a network failure is sent again once with the same clientRequestId', async () => {
    fetchMock
      .mockRejectedValueOnce(new TypeError('Failed to fetch'))
      .mockResolvedValueOnce(okResponse({ done: true }))
    const input = withRequestId({ committeeId: 'c-chunhui' })
    await expect(callUntyped('community', 'follow', input)).resolves.toEqual({ done: true })
    expect(fetchMock).toHaveBeenCalledTimes(2)
    const bodies = fetchMock.mock.calls.map(([, init]) => JSON.parse((init as RequestInit).body as string))
    expect(bodies[0].clientRequestId).toBe(input.clientRequestId)
    expect(bodies[1]).toEqual(bodies[0])
  })

  test('a gateway that is down (502) counts as a network failure', async () => {
    fetchMock
      .mockResolvedValueOnce({ status: 502, json: async () => Promise.reject(new Error('not json')) })
      .mockResolvedValueOnce(okResponse({ done: true }))
    await expect(callUntyped('community', 'follow', withRequestId({}))).resolves.toEqual({ done: true })
    expect(fetchMock).toHaveBeenCalledTimes(2)
  })

  test('gives up after one retry with a NETWORK failure', async () => {
    fetchMock.mockRejectedValue(new TypeError('Failed to fetch'))
    const err = await callUntyped('community', 'follow', withRequestId({})).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ApiFailure)
    expect((err as ApiFailure).code).toBe('NETWORK')
    expect(errorText(err)).toBe(NETWORK_TEXT)
    expect(fetchMock).toHaveBeenCalledTimes(2)
  })

  test('a call that never answers is given up after H5_TIMEOUT_MS as NETWORK, and retried once', async () => {
    jest.useFakeTimers()
    try {
      // A connection that stays open without an answer until it is aborted.
      fetchMock.mockImplementation(
        (_url: string, init: RequestInit) =>
          new Promise((_resolve, reject) =>
            init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))),
          ),
      )
      const done = callUntyped('community', 'follow', withRequestId({})).catch((e: unknown) => e)
      await jest.advanceTimersByTimeAsync(H5_TIMEOUT_MS - 1)
      expect(fetchMock).toHaveBeenCalledTimes(1)
      await jest.advanceTimersByTimeAsync(H5_TIMEOUT_MS * 3)
      const err = await done
      expect((err as ApiFailure).code).toBe('NETWORK')
      expect(fetchMock).toHaveBeenCalledTimes(2)
    } finally {
      jest.useRealTimers()
    }
  })

  test('a call without clientRequestId is not retried', async () => {
    fetchMock.mockRejectedValue(new TypeError('Failed to fetch'))
    await expect(call('community', 'committees', {})).rejects.toMatchObject({ code: 'NETWORK' })
    expect(fetchMock).toHaveBeenCalledTimes(1)
  })

  test('a server answer (even a failure) is never retried', async () => {
    fetchMock.mockResolvedValue(failResponse({ code: 'CONFLICT', message: '这个时段刚被约满了' }))
    await expect(callUntyped('bookings', 'book', withRequestId({}))).rejects.toMatchObject({
      code: 'CONFLICT',
    })
    expect(fetchMock).toHaveBeenCalledTimes(1)
  })

  test('request ids satisfy the contract and differ', () => {
    const ids = new Set(Array.from({ length: 200 }, () => newRequestId()))
    expect(ids.size).toBe(200)
    for (const id of ids) expect(ClientRequestId.safeParse(id).success).toBe(true)
  })
})

describe('errors', () => {
  test('failures carry code, message, details and requestId', async () => {
    const details = [{ path: 'phone', message: '请输入11位手机号' }]
    fetchMock.mockResolvedValue(
      failResponse({
        code: 'INVALID_INPUT',
        message: '手机号：请输入11位手机号',
        details,
        requestId: 'req-1',
      }),
    )
    const err = (await callUntyped('community', 'updateProfile', { phone: '123' }).catch(
      (e: unknown) => e,
    )) as ApiFailure
    expect(err).toBeInstanceOf(ApiFailure)
    expect(err).toMatchObject({ code: 'INVALID_INPUT', details, requestId: 'req-1' })
    expect(errorText(err)).toBe('手机号：请输入11位手机号')
  })

  test('the server message wins for INVALID_INPUT, CONFLICT and RATE_LIMITED; others use the fixed text', () => {
    expect(errorText(new ApiFailure('CONFLICT', '这个时段刚被约满了'))).toBe('这个时段刚被约满了')
    expect(errorText(new ApiFailure('RATE_LIMITED', '一分钟内只能提交3次'))).toBe('一分钟内只能提交3次')
    expect(errorText(new ApiFailure('FORBIDDEN', 'role blockHead not allowed'))).toBe(ERROR_TEXT.FORBIDDEN)
    expect(errorText(new ApiFailure('INTERNAL', 'TypeError: x is undefined'))).toBe(ERROR_TEXT.INTERNAL)
    expect(errorText(new Error('boom'))).toBe(ERROR_TEXT.INTERNAL)
  })

  test('toast: true shows the mapped text', async () => {
    // taro-h5's default export has no showToast in jsdom; the H5 build provides it.
    const toast = jest.fn()
    ;(Taro as unknown as { showToast: unknown }).showToast = toast
    fetchMock.mockResolvedValue(failResponse({ code: 'FORBIDDEN', message: 'no' }))
    await expect(callUntyped('demands', 'inbox', {}, { toast: true })).rejects.toBeInstanceOf(ApiFailure)
    expect(toast).toHaveBeenCalledWith(expect.objectContaining({ title: ERROR_TEXT.FORBIDDEN, icon: 'none' }))
  })

  test('UNAUTHENTICATED on H5 goes to the sign-in page', async () => {
    const reLaunch = jest.spyOn(Taro, 'reLaunch').mockImplementation((() => Promise.resolve()) as never)
    fetchMock.mockResolvedValue(failResponse({ code: 'UNAUTHENTICATED', message: '请先登录' }))
    await expect(callUntyped('community', 'me')).rejects.toMatchObject({ code: 'UNAUTHENTICATED' })
    expect(reLaunch).toHaveBeenCalledWith({ url: '/shared/pages/signin/index' })
  })

  test('an answer that is not an envelope is INTERNAL', async () => {
    fetchMock.mockResolvedValue({ status: 500, json: async () => ({ hello: 'world' }) })
    await expect(callUntyped('community', 'me')).rejects.toMatchObject({ code: 'INTERNAL' })
  })
})
