/**
 * Preferences kept on the device. Storage keys are part of the browser-test harness's contract
 * (tests/e2e/harness.ts sets them directly), so rename them in both places.
 */
import { localStore, useLocalStore } from './store'

export const STORAGE_KEYS = {
  openid: 'linli.openid',
  identity: 'linli.identity',
  elderMode: 'linli.elderMode',
  privacyConsent: 'linli.privacyConsent',
} as const

/** 长辈模式: larger type, higher contrast, bigger tap targets. */
export const elderMode = localStore<boolean>(STORAGE_KEYS.elderMode, false)
export const useElderMode = () => useLocalStore(elderMode)

/** When the user agreed to the privacy summary (H5; WeChat keeps its own record on weapp). */
export const privacyConsent = localStore<string>(STORAGE_KEYS.privacyConsent, '')
