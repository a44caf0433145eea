/**
 * Offline visit drafts (离线走访草稿): a visit recorded without a connection is kept on the phone with its
 * clientRequestId and submitted later; the server records it once however often it is sent.
 */
import Taro from '@tarojs/taro'
import type { CallInput } from '../../../types/api'

export type RecordDraft = CallInput<'visits', 'record'> & { address: string; savedAt: string }

const KEY = 'linli.visitDrafts'

export function loadDrafts(): RecordDraft[] {
  try {
    const v = Taro.getStorageSync(KEY) as unknown
    return Array.isArray(v) ? (v as RecordDraft[]) : []
  } catch {
    return []
  }
}

export function saveDraft(d: RecordDraft): void {
  const rest = loadDrafts().filter((x) => x.clientRequestId !== d.clientRequestId)
  Taro.setStorageSync(KEY, [...rest, d])
}

export function dropDraft(clientRequestId: string): void {
  Taro.setStorageSync(
    KEY,
    loadDrafts().filter((x) => x.clientRequestId !== clientRequestId),
  )
}

export function draftFor(householdId: string): RecordDraft | undefined {
  return loadDrafts().find((d) => d.householdId === householdId)
}
