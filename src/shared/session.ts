/**
 * Who is signed in on H5. Locally the OPENID travels in the `X-WX-OPENID` header and the local sign-in
 * page picks it; in WeChat the platform injects it and the app never sees or sends it.
 */
import Taro from '@tarojs/taro'
import { STORAGE_KEYS } from './prefs'
import { localStore, useLocalStore } from './store'
import { ROUTES } from './routes'
import type { Role } from '../../types/roles'

export const IS_H5 = process.env.TARO_ENV === 'h5'

export const session = localStore<string>(STORAGE_KEYS.openid, '')
export const useSignedInOpenid = () => useLocalStore(session)

export function signedInOpenid(): string | undefined {
  return session.get() || undefined
}

/** The demo identity picked on the local sign-in page (H5 only; WeChat has no such list). */
export interface LocalIdentity {
  openid: string
  name: string
  role: Role
  description?: string
}
export const localIdentity = localStore<LocalIdentity | ''>(STORAGE_KEYS.identity, '')
export const useLocalIdentity = () => useLocalStore(localIdentity) || undefined

export function signIn(identity: LocalIdentity): void {
  localIdentity.set(identity)
  session.set(identity.openid)
}

/** H5 only: back to the sign-in page, dropping the page stack. */
export function goToSignIn(switching = false): void {
  if (!IS_H5) return
  void Taro.reLaunch({ url: switching ? `${ROUTES.signin}?switch=1` : ROUTES.signin })
}
