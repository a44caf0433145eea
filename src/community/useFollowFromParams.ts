import Taro, { useRouter } from '@tarojs/taro'
import { useEffect, useRef } from 'react'
import { call, toastError } from '@/shared/api'
import { committeeFromParams } from './format'

/**
 * A committee QR code or link (`?committee=` or `?scene=`) follows that committee once, says so, then
 * calls `onFollowed` (the latest one passed).
 */
export function useFollowFromParams(onFollowed: () => void): void {
  const router = useRouter()
  const handled = useRef(false)
  const onFollowedRef = useRef(onFollowed)
  onFollowedRef.current = onFollowed

  useEffect(() => {
    const target = committeeFromParams(router.params as Record<string, string | undefined>)
    if (!target || handled.current) return
    handled.current = true
    call('community', 'follow', target)
      .then((r) => {
        void Taro.showToast({ title: `已关注${r.committee.name}`, icon: 'success' })
        onFollowedRef.current()
      })
      .catch(toastError)
  }, [router.params])
}
