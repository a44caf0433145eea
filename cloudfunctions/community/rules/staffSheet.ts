/**
 * 工作人员名单 import rules: a staff list (姓名, 手机号, 岗位, 居委会, 片区, 服务中心) becomes one invitation per
 * person, and every problem is listed by its row in plain zh-CN. Who may be invited is the invite rule's
 * (rules/invite.ts): officers bring in committee admins, window clerks and officers, committee admins the
 * block heads and admins of their own committee. Nothing here touches the database.
 */
import type { ImportUnit } from '../../../types/community'
import { ROLE_LABEL, type StaffRole } from '../../../types/roles'
import { decideInvite, type Inviter } from './invite'
import { dataRows, PHONE, problemList, type ParsedSheet } from './importSheet'

/** A staff list is a committee's or a sub-district's people: hundreds, not thousands. */
export const MAX_STAFF_ROWS = 500

const ROLE_BY_LABEL: ReadonlyMap<string, StaffRole> = new Map([
  ['块长', 'blockHead'],
  ['居委会管理员', 'committeeAdmin'],
  ['窗口工作人员', 'windowClerk'],
  ['街道工作人员', 'officer'],
])
const LIST_SPLIT = /[、,，;；/\s]+/

export interface StaffSheetOrg {
  readonly committees: readonly { id: string; name: string; subdistrictId: string; retired?: boolean }[]
  readonly blocks: readonly { id: string; name: string; committeeId: string; retired?: boolean }[]
  readonly centers: readonly { id: string; name: string; subdistrictId: string; retired?: boolean }[]
}

/** The roles this inviter may hand out (decideInvite says the same, with the object in reach). */
export function grantableRoles(inviter: Inviter): StaffRole[] {
  return inviter.role === 'committeeAdmin'
    ? ['blockHead', 'committeeAdmin']
    : inviter.role === 'officer'
      ? ['committeeAdmin', 'windowClerk', 'officer']
      : []
}

/**
 * `defaultCommitteeId`: the committee a row without 居委会 belongs to (the committee admin's own, or the
 * committee the officer opened the import from).
 */
export function parseStaffSheet(
  rows: readonly (readonly string[])[],
  inviter: Inviter,
  org: StaffSheetOrg,
  defaultCommitteeId?: string,
): ParsedSheet {
  const list = problemList()
  const got = dataRows('staff', rows, list.add, MAX_STAFF_ROWS)
  if ('stop' in got)
    return { rowCount: got.rowCount, units: [], problems: list.problems, problemCount: list.count() }
  const say = (row: number, message: string) => list.add(row, `第${row}行：${message}`)
  const committees = org.committees.filter((c) => !c.retired)
  const committeeByName = new Map(committees.map((c) => [c.name, c]))
  const centerByName = new Map(org.centers.filter((c) => !c.retired).map((c) => [c.name, c]))
  const byPhone = new Map<string, number>()
  const units: ImportUnit[] = []
  const mayRoles = grantableRoles(inviter)
  const mayGrant = mayRoles.map((r) => ROLE_LABEL[r]).join('、')

  for (const { row, cells } of got.data) {
    const [name, phoneCell, roleCell, committeeName, blockCell, centerName] = cells
    if (!name) {
      say(row, '没有填写姓名。')
      continue
    }
    if (name.length > 20) {
      say(row, '姓名太长（最多20个字）。')
      continue
    }
    const phone = phoneCell.replace(/[\s-]/g, '')
    if (!phone) {
      say(row, `没有填写${name}的手机号：每个人凭手机号对应一个邀请码，必须填写。`)
      continue
    }
    if (!PHONE.test(phone)) {
      say(row, `手机号“${phoneCell}”不对，应是11位手机号（以1开头）。`)
      continue
    }
    const twin = byPhone.get(phone)
    if (twin !== undefined) {
      say(row, `手机号${phone}和第${twin}行重复了：一个人只写一行。`)
      continue
    }
    byPhone.set(phone, row)
    const role = ROLE_BY_LABEL.get(roleCell.replace(/\s+/g, ''))
    if (!role) {
      say(
        row,
        roleCell
          ? `岗位“${roleCell}”不认识，应填：块长、居委会管理员或窗口工作人员。`
          : '没有填写岗位（块长、居委会管理员或窗口工作人员）。',
      )
      continue
    }
    if (!mayRoles.includes(role)) {
      say(row, `您不能导入${ROLE_LABEL[role]}，您可以导入：${mayGrant}。`)
      continue
    }
    const needsCommittee = role === 'blockHead' || role === 'committeeAdmin'
    let committee: (typeof committees)[number] | undefined
    if (needsCommittee) {
      const named = committeeName || undefined
      committee = named ? committeeByName.get(named) : committees.find((c) => c.id === defaultCommitteeId)
      if (!committee) {
        say(
          row,
          named
            ? `居委会“${named}”不存在。请核对名称（和组织架构里的写法一样）。`
            : `${ROLE_LABEL[role]}要填写居委会。`,
        )
        continue
      }
    } else if (committeeName) {
      say(row, `${ROLE_LABEL[role]}不属于居委会，“居委会”一栏请空着。`)
      continue
    }
    let center: (typeof org.centers)[number] | undefined
    if (role === 'windowClerk') {
      if (!centerName) {
        say(row, '窗口工作人员要填写服务中心。')
        continue
      }
      center = centerByName.get(centerName)
      if (!center) {
        say(row, `服务中心“${centerName}”不存在。请核对名称（和组织架构里的写法一样）。`)
        continue
      }
    } else if (centerName) {
      say(row, `只有窗口工作人员填写服务中心，${ROLE_LABEL[role]}请空着。`)
      continue
    }
    const blockNames = blockCell ? [...new Set(blockCell.split(LIST_SPLIT).filter(Boolean))] : []
    if (blockNames.length > 0 && role !== 'blockHead') {
      say(row, `只有块长填写片区，${ROLE_LABEL[role]}请空着。`)
      continue
    }
    const ownBlocks = org.blocks.filter((b) => b.committeeId === committee?.id && !b.retired)
    const unknown = blockNames.find((n) => !ownBlocks.some((b) => b.name === n))
    if (unknown) {
      say(
        row,
        `片区“${unknown}”不在${committee?.name ?? ''}。这个居委会的片区有：${ownBlocks.map((b) => b.name).join('、') || '（还没有片区）'}。`,
      )
      continue
    }
    const decision = decideInvite(inviter, {
      role,
      committee: committee ? { id: committee.id, subdistrictId: committee.subdistrictId } : undefined,
      center: center ? { id: center.id, subdistrictId: center.subdistrictId } : undefined,
      blockCommittees: [],
    })
    if (!decision.ok) {
      say(
        row,
        decision.kind === 'invalid'
          ? `您不能导入${ROLE_LABEL[role]}，您可以导入：${mayGrant}。`
          : committee
            ? `居委会“${committee.name}”不归您管，只能导入您自己居委会的人员。`
            : '这个服务中心不归您管。',
      )
      continue
    }
    units.push({
      rows: [row],
      staff: {
        name,
        phone,
        role,
        ...(committee ? { committeeId: committee.id } : {}),
        ...(center ? { centerId: center.id } : {}),
        blockIds: blockNames.map((n) => ownBlocks.find((b) => b.name === n)!.id),
      },
    })
  }
  return { rowCount: got.data.length, units, problems: list.problems, problemCount: list.count() }
}
