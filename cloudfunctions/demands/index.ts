/**
 * The `demands` function (诉求): residents submit, rate and reopen; committee staff answer, route and close;
 * the hourly `slaScan` keeps the 24-hour promise visible and, at 03:xx, removes unreferenced uploads. See types/demands.ts for the contract.
 */
import { demandsContract } from '../../types/demands'
import { defineFunction } from '../shared/router'
import { attachPhoto, photoSlot } from './actions/attachPhoto'
import { get } from './actions/get'
import { inbox } from './actions/inbox'
import { mine } from './actions/mine'
import { join, similar } from './actions/neighbours'
import { finishSubItem, split } from './actions/subItems'
import { rate, reopen } from './actions/resident'
import { intake } from './actions/intake'
import {
  departmentAnswer,
  escalate,
  linkDuplicate,
  markMicroMatter,
  reject,
  reply,
  resolve,
  sendBack,
  toMeeting,
  transfer,
  transferTargets,
} from './actions/staff'
import { submit } from './actions/submit'
import { cleanupDue } from './rules/cleanup'
import { cleanupUploads } from './timers/cleanup'
import { slaScan } from './timers/slaScan'
import { logLine } from '../shared/log'
import type { TimerCtx } from '../shared/router'

/**
 * The one timer trigger (slaScan, hourly) also runs the daily cleanup in its 03:xx run. The scan goes first:
 * its alerts are promises to people; a cleanup that fails is logged and simply done again tomorrow.
 */
async function hourly(ctx: TimerCtx) {
  const sla = await slaScan(ctx)
  if (!cleanupDue(ctx.now)) return sla
  try {
    return { ...sla, cleanup: await cleanupUploads(ctx) }
  } catch (err) {
    logLine('error', {
      fn: 'demands',
      trigger: 'cleanupUploads',
      error: String((err as Error)?.message ?? err).slice(0, 300),
    })
    return sla
  }
}

export const main = defineFunction({
  name: 'demands',
  contract: demandsContract,
  handlers: {
    submit,
    attachPhoto,
    photoSlot,
    mine,
    get,
    rate,
    reopen,
    inbox,
    reply,
    toMeeting,
    escalate,
    transfer,
    resolve,
    reject,
    markMicroMatter,
    linkDuplicate,
    similar,
    join,
    split,
    finishSubItem,
    sendBack,
    departmentAnswer,
    transferTargets,
    intake,
  },
  // cleanupUploads also answers a timer event under its own name, as a console test event would.
  timers: { slaScan: hourly, cleanupUploads },
})
