/**
 * The `outbox` function (消息发件箱): delivers the subscribe messages every other function writes to
 * `messages`. It has no actions; only its timer runs it.
 */
import { defineFunction } from '../shared/router'
import { deliver } from './deliver'

export const main = defineFunction({ name: 'outbox', contract: {}, handlers: {}, timers: { deliver } })
