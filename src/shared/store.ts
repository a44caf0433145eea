import Taro from '@tarojs/taro'
import { useSyncExternalStore } from 'react'

/** A value kept in local storage that components can subscribe to (elder mode, consent, sign-in). */
export interface LocalStore<T> {
  get(): T
  set(value: T): void
  subscribe(listener: () => void): () => void
}

export function localStore<T>(key: string, initial: T): LocalStore<T> {
  let cached: { value: T } | undefined
  const listeners = new Set<() => void>()
  const read = (): T => {
    try {
      const stored = Taro.getStorageSync(key) as T | '' | undefined
      return stored === '' || stored === undefined || stored === null ? initial : stored
    } catch {
      return initial
    }
  }
  return {
    get() {
      if (!cached) cached = { value: read() }
      return cached.value
    },
    set(value) {
      cached = { value }
      try {
        if (value === undefined || value === null) Taro.removeStorageSync(key)
        else Taro.setStorageSync(key, value)
      } catch {
        // Storage full or unavailable: the choice still holds for this session.
      }
      listeners.forEach((l) => l())
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}

export function useLocalStore<T>(store: LocalStore<T>): T {
  return useSyncExternalStore(store.subscribe, store.get, store.get)
}
