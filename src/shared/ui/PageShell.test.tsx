import { act, fireEvent, render, screen, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { Text } from '@tarojs/components'
import type { MeOutput } from '../../../types/community'
import Me from '../../community/pages/me/index'
import { elderMode, privacyConsent, STORAGE_KEYS } from '../prefs'
import { session, signIn } from '../session'
import { PageShell } from './PageShell'

beforeEach(() => {
  process.env.TARO_ENV = 'h5'
  elderMode.set(false)
  privacyConsent.set('2025-01-01T00:00:00.000Z')
  signIn({ openid: 'demo-resident-wang', name: '王秀英', role: 'resident' })
  global.fetch = jest.fn().mockResolvedValue({
    status: 200,
    json: async () => ({
      ok: true,
      // A `community.me` answer as the contract shapes it (types/community.ts MeOutput).
      data: {
        openid: 'demo-resident-wang',
        created: false,
        profile: { name: '王秀英' },
        committees: [{ id: 'c-chunhui', name: '春晖社区居委会', address: '明德街道春晖路88号' }],
        bindings: [],
        roles: ['resident'],
        staff: null,
      } satisfies MeOutput,
    }),
  }) as unknown as typeof fetch
})
afterEach(() => jest.restoreAllMocks())

const shellOf = (container: HTMLElement) => container.querySelector('.page-shell') as HTMLElement

test('the shell carries the elder class exactly when elder mode is on', () => {
  const { container } = render(
    <PageShell>
      <Text>内容</Text>
    </PageShell>,
  )
  expect(shellOf(container).className).not.toMatch(/\belder\b/)
  act(() => elderMode.set(true))
  expect(shellOf(container).className).toMatch(/\belder\b/)
  expect(document.documentElement.classList.contains('elder')).toBe(true)
  act(() => elderMode.set(false))
  expect(shellOf(container).className).not.toMatch(/\belder\b/)
})

test('the 长辈模式 switch in 我的 turns the mode on, stores it, and turns it off again', async () => {
  const { container } = render(<Me />)
  await waitFor(() => expect(screen.getByText('春晖社区居委会')).toBeTruthy())
  const toggle = container.querySelector('#elder-mode') as HTMLElement
  expect(toggle.getAttribute('aria-checked')).toBe('false')
  fireEvent.click(screen.getByText('长辈模式'))
  expect(shellOf(container).className).toMatch(/\belder\b/)
  expect(toggle.getAttribute('aria-checked')).toBe('true')
  expect(Taro.getStorageSync(STORAGE_KEYS.elderMode)).toBe(true)
  fireEvent.click(screen.getByText('长辈模式'))
  expect(shellOf(container).className).not.toMatch(/\belder\b/)
  expect(Taro.getStorageSync(STORAGE_KEYS.elderMode)).toBe(false)
})

test('on H5 a page that needs an identity sends a signed-out visitor to the sign-in page', () => {
  const reLaunch = jest.spyOn(Taro, 'reLaunch').mockImplementation((() => Promise.resolve()) as never)
  session.set('')
  render(
    <PageShell>
      <Text>内容</Text>
    </PageShell>,
  )
  expect(reLaunch).toHaveBeenCalledWith({ url: '/shared/pages/signin/index' })
})

test('the privacy prompt shows until agreed, then stays away', () => {
  privacyConsent.set('')
  const first = render(
    <PageShell>
      <Text>内容</Text>
    </PageShell>,
  )
  expect(screen.getByText('隐私保护提示')).toBeTruthy()
  fireEvent.click(screen.getByText('同意并继续'))
  expect(privacyConsent.get()).not.toBe('')
  first.unmount()
  render(
    <PageShell>
      <Text>内容</Text>
    </PageShell>,
  )
  expect(screen.queryByText('隐私保护提示')).toBeNull()
})
