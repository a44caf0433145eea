/**
 * Zero-distance visits (零距离走访): family files, the visit catalogue, six-task visit records, online
 * visits, the talent pool and the residents' view of their own file.
 */
import { visitsContract } from '../../types/visits'
import { defineFunction } from '../shared/router'
import { catalogue } from './actions/catalogue'
import { correctHousehold } from './actions/correctHousehold'
import { exportMyData } from './actions/exportMyData'
import { household } from './actions/household'
import { households } from './actions/households'
import { myHousehold } from './actions/myHousehold'
import { pending } from './actions/pending'
import { record } from './actions/record'
import { respond } from './actions/respond'
import { revealPhone } from './actions/revealPhone'
import { saveHousehold } from './actions/saveHousehold'
import { sendOnline } from './actions/sendOnline'
import { setCadence } from './actions/setCadence'
import { talents } from './actions/talents'
import { dailyReminder } from './reminders'

export const main = defineFunction({
  name: 'visits',
  contract: visitsContract,
  handlers: {
    households,
    household,
    revealPhone,
    saveHousehold,
    catalogue,
    record,
    sendOnline,
    talents,
    setCadence,
    myHousehold,
    correctHousehold,
    pending,
    respond,
    exportMyData,
  },
  timers: { dailyReminder },
})
