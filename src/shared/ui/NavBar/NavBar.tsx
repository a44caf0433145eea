import { Text, View } from '@tarojs/components'
import { NavBar as NutNavBar } from '@nutui/nutui-react-taro'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { ROUTES, TAB_PAGES } from '../../routes'
import './NavBar.scss'

const H5 = () => process.env.TARO_ENV === 'h5'

/** The title the page's config gives WeChat's own bar (`navigationBarTitleText`). */
function configuredTitle(): string {
  const page = Taro.getCurrentInstance().page as { config?: { navigationBarTitleText?: string } } | null
  return page?.config?.navigationBarTitleText ?? (typeof document !== 'undefined' ? document.title : '')
}

function currentPath(): string {
  const page = Taro.getCurrentInstance().router?.path ?? ''
  return `/${page.replace(/^\//, '').split('?')[0]}`
}

const isTabPage = (path: string) => (TAB_PAGES as readonly string[]).includes(path)

/** Back when there is somewhere to go back to; a page opened directly goes home instead. */
export function goBack(): void {
  const depth = Taro.getCurrentPages?.().length ?? 0
  if (depth > 1) void Taro.navigateBack()
  else void Taro.reLaunch({ url: ROUTES.home })
}

export function goHome(): void {
  void Taro.switchTab({ url: ROUTES.home }).catch(() => Taro.reLaunch({ url: ROUTES.home }))
}

export interface NavBarProps {
  /** Defaults to the page config's `navigationBarTitleText`. */
  title?: string
  /** Defaults to: not on a tab page. */
  back?: boolean
  /** A 首页 button on the right; defaults to: not on a tab page. */
  home?: boolean
}

const press = (act: () => void) => ({
  tabIndex: 0,
  onKeyDown: (e: { key?: string; preventDefault?: () => void }) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault?.()
      act()
    }
  },
})

/**
 * The H5 top bar: the page's title, 返回 and 首页. WeChat draws its own bar (with back and home) on the
 * mini-program, so there this renders nothing.
 */
export function NavBar({ title, back, home }: NavBarProps) {
  const [initial] = useState(() => (H5() ? { title: configuredTitle(), path: currentPath() } : null))
  if (!initial) return null
  const onTab = isTabPage(initial.path)
  const showBack = back ?? !onTab
  const showHome = home ?? !onTab
  return (
    <View className="linli-navbar" role="banner">
      <NutNavBar
        className="linli-navbar__bar"
        left={
          showBack ? (
            <View
              className="linli-navbar__button linli-navbar__back"
              role="button"
              aria-label="返回上一页"
              onClick={goBack}
              {...(press(goBack) as object)}
            >
              <Text aria-hidden="true">‹ </Text>
              <Text>返回</Text>
            </View>
          ) : undefined
        }
        right={
          showHome ? (
            <View
              className="linli-navbar__button linli-navbar__home"
              role="button"
              aria-label="回到首页"
              onClick={goHome}
              {...(press(goHome) as object)}
            >
              <Text>首页</Text>
            </View>
          ) : undefined
        }
      >
        <Text className="linli-navbar__title">{title ?? initial.title}</Text>
      </NutNavBar>
    </View>
  )
}
