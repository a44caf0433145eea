import { View } from '@tarojs/components'
import { useEffect, useRef, type ReactNode } from 'react'
import { useElderMode } from '../prefs'
import { goToSignIn, IS_H5, useSignedInOpenid } from '../session'
import { NavBar } from './NavBar'
import { PrivacyPrompt } from './PrivacyPrompt'

export interface PageShellProps {
  children: ReactNode
  className?: string
  /** H5: send people who have not picked an identity to the local sign-in page (default true). */
  requireSignIn?: boolean
  /** Show the privacy prompt when needed (default true; the privacy page itself turns it off). */
  privacyPrompt?: boolean
  /** H5's top bar (title, 返回, 首页); `false` leaves it out, a string replaces the configured title. */
  navBar?: boolean | string
}

let shells = 0

/**
 * The root of every page: applies 长辈模式 (class `elder`, which switches the CSS variables in
 * app.scss), keeps content clear of the home indicator, and hosts the privacy prompt.
 */
export function PageShell({
  children,
  className,
  requireSignIn = true,
  privacyPrompt = true,
  navBar = true,
}: PageShellProps) {
  const elder = useElderMode()
  const openid = useSignedInOpenid()
  const idRef = useRef(`page-shell-${++shells}`)

  useEffect(() => {
    if (IS_H5 && requireSignIn && !openid) goToSignIn()
  }, [requireSignIn, openid])

  useEffect(() => {
    // On H5 popups and the tab bar live outside the page root; the class on <html> reaches them too.
    if (IS_H5 && typeof document !== 'undefined') document.documentElement.classList.toggle('elder', elder)
  }, [elder])

  useEffect(() => {
    // Taro's H5 page container is the element that scrolls; keyboards can only scroll what can take focus.
    if (!IS_H5 || typeof document === 'undefined') return
    const container = document.getElementById(idRef.current)?.closest('.taro_page')
    if (container && !container.hasAttribute('tabindex')) container.setAttribute('tabindex', '0')
  }, [])

  const classes = ['page-shell', elder ? 'elder' : '', className ?? ''].filter(Boolean).join(' ')
  return (
    <View id={idRef.current} className={classes} data-elder={elder ? 'on' : 'off'}>
      {navBar !== false && <NavBar {...(typeof navBar === 'string' ? { title: navBar } : {})} />}
      {children}
      <View className="page-shell__safe-bottom" />
      {privacyPrompt && <PrivacyPrompt />}
    </View>
  )
}
