import { bookingsContract } from '../../types/bookings'
import { defineFunction } from '../shared/router'
import { book } from './actions/book'
import { cancel } from './actions/cancel'
import { checkIn } from './actions/checkIn'
import { closeDay } from './actions/closeDay'
import { daySheet } from './actions/daySheet'
import { item } from './actions/item'
import { itemHistory } from './actions/itemHistory'
import { items } from './actions/items'
import { followUp } from './actions/followUp'
import { coverage, learningPath, quiz, submitQuiz } from './actions/learning'
import { mine } from './actions/mine'
import { noShow } from './actions/noShow'
import { openSlots } from './actions/openSlots'
import { rateService } from './actions/rateService'
import { reschedule } from './actions/reschedule'
import { saveItem } from './actions/saveItem'
import { serve } from './actions/serve'
import { slots } from './actions/slots'
import { ticket } from './actions/ticket'
import { walkIn } from './actions/walkIn'
import { plan, planPreview, savePlan } from './actions/plan'
import { adjustPlans, reminders, settle, tick } from './timers'

export const main = defineFunction({
  name: 'bookings',
  contract: bookingsContract,
  handlers: {
    items,
    item,
    slots,
    book,
    cancel,
    reschedule,
    mine,
    ticket,
    rateService,
    daySheet,
    checkIn,
    serve,
    noShow,
    walkIn,
    saveItem,
    itemHistory,
    openSlots,
    closeDay,
    learningPath,
    quiz,
    submitQuiz,
    coverage,
    followUp,
    plan,
    planPreview,
    savePlan,
  },
  timers: { tick, reminders, adjustPlans, settle },
})
