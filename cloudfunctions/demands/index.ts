/**
 * The `demands` function (诉求): residents submit, rate and reopen; committee staff answer, route and close;
 * the hourly `slaScan` keeps the 24-hour promise visible. See types/demands.ts for the contract.
 */
import { demandsContract } from '../../types/demands'
import { defineFunction } from '../shared/router'
import { attachPhoto, photoSlot } from './actions/attachPhoto'
import { get } from './actions/get'
import { inbox } from './actions/inbox'
import { mine } from './actions/mine'
import { rate, reopen } from './actions/resident'
import {
  escalate,
  linkDuplicate,
  markMicroMatter,
  reject,
  reply,
  resolve,
  toMeeting,
  transfer,
} from './actions/staff'
import { submit } from './actions/submit'
import { slaScan } from './timers/slaScan'

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
  },
  timers: { slaScan },
})
