/// <reference types="@tarojs/taro" />

declare module '*.png' {
  const src: string
  export default src
}
declare module '*.jpg'
declare module '*.svg'
declare module '*.css'
declare module '*.scss'

declare namespace NodeJS {
  interface ProcessEnv {
    NODE_ENV: 'development' | 'production' | 'test'
    /** The platform Taro builds for; `h5` in component tests. */
    TARO_ENV: 'weapp' | 'h5' | undefined
    /** Base URL of `POST /fn/<name>` in the H5 build; empty = same origin. */
    TARO_APP_API?: string
    /** CloudBase environment id the weapp build calls (LINLI_ENV_ID at build time; config/deploy.ts). */
    LINLI_ENV_ID?: string
  }
}

/** The WeChat global on weapp (privacy API); absent on H5. */
declare const wx:
  | {
      onNeedPrivacyAuthorization?: (
        listener: (resolve: (result: { event: 'agree' | 'disagree'; buttonId?: string }) => void) => void,
      ) => void
    }
  | undefined
