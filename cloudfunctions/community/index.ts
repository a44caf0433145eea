/**
 * The `community` function (社区): residents and the committees they follow, household bindings, staff by
 * invitation, the roster, notices and subscribe-message grants; the officer's 组织架构 (committees, blocks,
 * buildings and rooms, service centers), Excel imports and QR posters.
 */
import { communityContract } from '../../types/community'
import { defineFunction } from '../shared/router'
import { assignBlocks } from './actions/assignBlocks'
import { bindHousehold } from './actions/bindHousehold'
import { bootstrap } from './actions/bootstrap'
import { confirmBinding, pendingBindings } from './actions/bindings'
import { committees } from './actions/committees'
import { deactivate } from './actions/deactivate'
import { follow, unfollow } from './actions/follow'
import { handover } from './actions/handover'
import { invite } from './actions/invite'
import { me } from './actions/me'
import { notice, notices } from './actions/notices'
import { publishNotice } from './actions/publishNotice'
import { redeem } from './actions/redeem'
import { roster } from './actions/roster'
import { units } from './actions/units'
import { alerts } from './actions/alerts'
import { subscribe } from './actions/subscribe'
import { updateProfile } from './actions/updateProfile'
import { committeeOrg, org, saveBlock, saveBuilding, saveCenter, saveCommittee } from './actions/org'
import { confirmImport, continueImport, importStatus, importTemplate, startImport } from './actions/imports'
import { qrCode } from './actions/qrCode'

export const main = defineFunction({
  name: 'community',
  contract: communityContract,
  handlers: {
    me,
    committees,
    follow,
    unfollow,
    updateProfile,
    bindHousehold,
    notices,
    notice,
    subscribe,
    alerts,
    redeem,
    publishNotice,
    invite,
    roster,
    units,
    assignBlocks,
    pendingBindings,
    confirmBinding,
    deactivate,
    handover,
    bootstrap,
    org,
    committeeOrg,
    saveCommittee,
    saveBlock,
    saveBuilding,
    saveCenter,
    qrCode,
    importTemplate,
    startImport,
    confirmImport,
    importStatus,
    continueImport,
  },
})
