import { fireEvent, render, screen } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { NavBar } from './index'

const instance = (path: string, title: string) =>
  jest.spyOn(Taro, 'getCurrentInstance').mockReturnValue({
    router: { path, params: {} },
    page: { config: { navigationBarTitleText: title } },
  } as never)

afterEach(() => {
  jest.restoreAllMocks()
  process.env.TARO_ENV = 'h5'
})

test('a page off the tab bar shows its configured title, 返回 and 首页', () => {
  instance('/demands/pages/detail/index', '诉求详情')
  const reLaunch = jest.spyOn(Taro, 'reLaunch').mockImplementation((() => Promise.resolve()) as never)
  jest.spyOn(Taro, 'getCurrentPages').mockReturnValue([{}] as never)
  render(<NavBar />)
  expect(screen.getByText('诉求详情')).toBeTruthy()
  // Opened directly (nothing to go back to): 返回 goes home.
  fireEvent.click(screen.getByLabelText('返回上一页'))
  expect(reLaunch).toHaveBeenCalledWith({ url: '/community/pages/home/index' })
  expect(screen.getByLabelText('回到首页')).toBeTruthy()
})

test('返回 goes back when there is a page to go back to', () => {
  instance('/demands/pages/detail/index', '诉求详情')
  jest.spyOn(Taro, 'getCurrentPages').mockReturnValue([{}, {}] as never)
  const back = jest.spyOn(Taro, 'navigateBack').mockImplementation((() => Promise.resolve()) as never)
  render(<NavBar />)
  fireEvent.click(screen.getByLabelText('返回上一页'))
  expect(back).toHaveBeenCalled()
})

test('a tab page has a title only', () => {
  instance('/community/pages/me/index', '我的')
  render(<NavBar />)
  expect(screen.getByText('我的')).toBeTruthy()
  expect(screen.queryByLabelText('返回上一页')).toBeNull()
})

test('in WeChat it renders nothing (the native bar stays)', () => {
  process.env.TARO_ENV = 'weapp'
  const { container } = render(<NavBar title="诉求详情" />)
  expect(container.innerHTML).toBe('')
})
