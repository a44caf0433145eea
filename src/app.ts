import type { PropsWithChildren } from 'react'
import Taro, { useLaunch } from '@tarojs/taro'
import './app.scss'

function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    // In WeChat every call goes through CloudBase; the H5 build talks HTTP to the local cloud instead.
    if (process.env.TARO_ENV === 'weapp') {
      // A release build always names its environment (config/deploy.ts refuses one that does not); only a
      // local build leaves it empty, and DevTools then uses its default environment.
      Taro.cloud.init({ env: process.env.LINLI_ENV_ID || undefined, traceUser: true })
    }
  })
  return children
}

export default App
