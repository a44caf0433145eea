import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { useCallback, useEffect, useRef, useState } from 'react'
import { ApiFailure } from '../api'

export type QueryState<T> =
  | { status: 'loading'; data?: undefined; error?: undefined }
  | { status: 'ready'; data: T; error?: undefined }
  | { status: 'error'; data?: undefined; error: ApiFailure }

export interface Query<T> {
  state: QueryState<T>
  /** Loads again; keeps showing the current data while it runs. */
  reload: () => Promise<void>
}

export interface QueryOptions {
  /** Load again each time the page is shown again (tab pages after a change elsewhere). */
  refreshOnShow?: boolean
}

/**
 * One page's data: loading → ready | error, pull-to-refresh (the page config must set
 * `enablePullDownRefresh: true`), and reload. `load` may change identity on every render.
 */
export function useQuery<T>(load: () => Promise<T>, options: QueryOptions = {}): Query<T> {
  const [state, setState] = useState<QueryState<T>>({ status: 'loading' })
  const loadRef = useRef(load)
  loadRef.current = load
  const seq = useRef(0)
  const shown = useRef(false)

  const reload = useCallback(async () => {
    const mine = ++seq.current
    try {
      const data = await loadRef.current()
      if (mine === seq.current) setState({ status: 'ready', data })
    } catch (e) {
      const error = e instanceof ApiFailure ? e : new ApiFailure('INTERNAL', String(e))
      // A failed refresh keeps what is on screen unless nothing is.
      if (mine === seq.current) setState((s) => (s.status === 'ready' ? s : { status: 'error', error }))
    }
  }, [])

  useEffect(() => {
    void reload()
  }, [reload])

  usePullDownRefresh(() => {
    void reload().finally(() => Taro.stopPullDownRefresh())
  })

  useDidShow(() => {
    if (shown.current && options.refreshOnShow) void reload()
    shown.current = true
  })

  /** Retry from the error state shows the skeleton again. */
  const retry = useCallback(async () => {
    setState({ status: 'loading' })
    await reload()
  }, [reload])

  return { state, reload: state.status === 'error' ? retry : reload }
}
