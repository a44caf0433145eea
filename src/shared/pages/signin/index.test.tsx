import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import SignIn from './index'
import { privacyConsent } from '../../prefs'
import { localIdentity, session, signedInOpenid } from '../../session'

const IDENTITIES = [
  {
    openid: 'demo-resident-wang',
    role: 'resident',
    name: '王秀英',
    description: '居民 · 独居老人，春晖社区',
  },
  {
    openid: 'demo-blockhead-zhang',
    role: 'blockHead',
    name: '张建国',
    description: '块长 · 春晖社区第一、二片区',
  },
  { openid: 'demo-officer-zhao', role: 'officer', name: '赵志强', description: '街道办 · 明德街道' },
]

beforeEach(() => {
  process.env.TARO_ENV = 'h5'
  session.set('')
  localIdentity.set('')
  privacyConsent.set('2025-01-01T00:00:00.000Z')
})
afterEach(() => jest.restoreAllMocks())

test('lists the identities with name, role and description; picking one signs in and opens 首页', async () => {
  const fetchMock = jest.fn().mockResolvedValue({ ok: true, status: 200, json: async () => IDENTITIES })
  global.fetch = fetchMock as unknown as typeof fetch
  const switchTab = jest.spyOn(Taro, 'switchTab').mockImplementation((() => Promise.resolve()) as never)

  render(<SignIn />)
  await waitFor(() => expect(screen.getByText('王秀英')).toBeTruthy())
  expect(fetchMock).toHaveBeenCalledWith('/_dev/api/identities')
  expect(screen.getByText('张建国')).toBeTruthy()
  expect(screen.getByText('块长')).toBeTruthy()
  expect(screen.getByText('街道工作人员')).toBeTruthy()
  expect(screen.getByText('居民 · 独居老人，春晖社区')).toBeTruthy()

  fireEvent.click(screen.getByText('张建国'))
  expect(signedInOpenid()).toBe('demo-blockhead-zhang')
  expect(localIdentity.get()).toMatchObject({ openid: 'demo-blockhead-zhang', role: 'blockHead' })
  expect(switchTab).toHaveBeenCalledWith({ url: '/community/pages/home/index' })
})

test('when the list cannot be loaded it says so and offers 重试', async () => {
  const fetchMock = jest
    .fn()
    .mockRejectedValueOnce(new TypeError('Failed to fetch'))
    .mockResolvedValueOnce({ ok: true, status: 200, json: async () => ({ identities: IDENTITIES }) })
  global.fetch = fetchMock as unknown as typeof fetch
  render(<SignIn />)
  await waitFor(() => expect(screen.getByText('网络不太好，请检查网络后再试')).toBeTruthy())
  fireEvent.click(screen.getByText('重试'))
  await waitFor(() => expect(screen.getByText('赵志强')).toBeTruthy())
})
