/**
 * The community backbone every other context builds on: sub-district, committees, blocks, ~300 family files,
 * residents and staff with the fixed demo OPENIDs of identities.ts.
 */
import type { BlockDoc, CommitteeDoc, ResidentDoc, StaffDoc, SubdistrictDoc } from '../../types/community'
import type { HouseholdClass, HouseholdDoc, Member, MemberTag } from '../../types/visits'
import type { SeedContext } from './context'
import { COMMITTEES, SERVICE_CENTER, SUBDISTRICT } from './identities'
import { mobile, personName, type Rng } from './random'

/** Block names per committee; the first two of 春晖 belong to the demo block head 张建国. */
const BLOCK_NAMES: Record<string, string[]> = {
  'c-chunhui': ['春晖苑一期', '春晖苑二期', '晖南小区', '老供销社宿舍'],
  'c-fenglin': ['枫林新村', '枫林花园', '林荫里'],
  'c-hepingli': ['和平里东区', '和平里西区', '和平里北区'],
}
const HOUSEHOLDS_PER_COMMITTEE = 100

export const DEMO_HOUSEHOLDS = {
  wang: 'hh-c-chunhui-b1-1-101',
  li: 'hh-c-chunhui-b2-2-502',
} as const

export async function seedCommunity(ctx: SeedContext): Promise<void> {
  const { now, rng } = ctx
  const subdistrict: SubdistrictDoc = { _id: SUBDISTRICT.id, name: SUBDISTRICT.name }
  const committees: CommitteeDoc[] = COMMITTEES.map((c) => ({
    _id: c.id,
    subdistrictId: SUBDISTRICT.id,
    name: c.name,
    address: c.address,
    phone: `010-6${rng.int(1000000, 9999999)}`,
  }))
  const blocks: BlockDoc[] = []
  for (const c of COMMITTEES) {
    BLOCK_NAMES[c.id].forEach((name, i) => {
      blocks.push({
        _id: `${c.id}-b${i + 1}`,
        committeeId: c.id,
        name,
        buildings: Array.from({ length: 4 + (i % 3) }, (_, b) => `${b + 1}号楼`),
      })
    })
  }

  // Staff: the demo identities plus a block head per remaining block and an admin per committee.
  const staff: StaffDoc[] = [
    staffDoc('demo-blockhead-zhang', '张建国', 'blockHead', 'c-chunhui', ['c-chunhui-b1', 'c-chunhui-b2']),
    staffDoc('demo-admin-chen', '陈丽华', 'committeeAdmin', 'c-chunhui', []),
    { ...staffDoc('demo-clerk-liu', '刘洋', 'windowClerk', undefined, []), centerId: SERVICE_CENTER.id },
    staffDoc('demo-officer-zhao', '赵志强', 'officer', undefined, []),
    staffDoc('staff-chunhui-bh2', '周海燕', 'blockHead', 'c-chunhui', ['c-chunhui-b3', 'c-chunhui-b4']),
    staffDoc('staff-fenglin-admin', '孙卫东', 'committeeAdmin', 'c-fenglin', []),
    staffDoc('staff-fenglin-bh1', '吴春燕', 'blockHead', 'c-fenglin', ['c-fenglin-b1', 'c-fenglin-b2', 'c-fenglin-b3']),
    staffDoc('staff-hepingli-admin', '郑立新', 'committeeAdmin', 'c-hepingli', []),
    staffDoc('staff-hepingli-bh1', '冯志刚', 'blockHead', 'c-hepingli', ['c-hepingli-b1', 'c-hepingli-b2']),
    staffDoc('staff-hepingli-bh2', '何雪梅', 'blockHead', 'c-hepingli', ['c-hepingli-b3']),
  ]
  for (const s of staff) {
    for (const b of blocks) if (s.blockIds.includes(b._id)) b.blockHeadOpenid = s.openid
  }

  const households: HouseholdDoc[] = []
  for (const c of COMMITTEES) {
    const cBlocks = blocks.filter((b) => b.committeeId === c.id)
    for (let n = 0; n < HOUSEHOLDS_PER_COMMITTEE; n++) {
      const block = cBlocks[n % cBlocks.length]
      const building = block.buildings[rng.int(0, block.buildings.length - 1)]
      const room = `${rng.int(1, 6)}0${rng.int(1, 4)}`
      const id = `hh-${block._id.replace(`${c.id}-`, `${c.id}-`)}-${building.replace('号楼', '')}-${room}`
      if (households.some((h) => h._id === id)) continue
      households.push(makeHousehold(rng, id, c.id, block._id, building, room, now))
    }
  }
  // The demo residents' own homes, fixed so the README and tests can name them.
  households.push({
    _id: DEMO_HOUSEHOLDS.wang,
    committeeId: 'c-chunhui',
    blockId: 'c-chunhui-b1',
    building: '1号楼',
    room: '101',
    class: 'C',
    members: [{ name: '王秀英', relation: '户主', birthYear: 1944, phone: '13812341234', tags: ['独居老人', '高龄'] }],
    notes: '独居，女儿在外地，每周日来电话。腿脚不便，上下楼需要帮助。',
    residentOpenids: ['demo-resident-wang'],
    lastContactAt: new Date(now.getTime() - 16 * 86_400_000),
    version: 1,
    updatedAt: now,
  })
  households.push({
    _id: DEMO_HOUSEHOLDS.li,
    committeeId: 'c-chunhui',
    blockId: 'c-chunhui-b2',
    building: '2号楼',
    room: '502',
    class: 'A',
    preferredChannel: 'wechat',
    members: [
      { name: '李明', relation: '户主', birthYear: 1988, phone: '13900001111', tags: [] },
      { name: '赵静', relation: '配偶', birthYear: 1990, tags: [] },
      { name: '李子涵', relation: '子女', birthYear: 2019, tags: [] },
    ],
    notes: '夫妻双职工，白天不在家，希望通过微信联系。',
    residentOpenids: ['demo-resident-li'],
    lastContactAt: new Date(now.getTime() - 40 * 86_400_000),
    version: 1,
    updatedAt: now,
  })

  const residents: ResidentDoc[] = [
    residentDoc('demo-resident-wang', '王秀英', '13812341234', ['c-chunhui'], [
      { committeeId: 'c-chunhui', householdId: DEMO_HOUSEHOLDS.wang, status: 'confirmed', requestedAt: now },
    ], now),
    residentDoc('demo-resident-li', '李明', '13900001111', ['c-chunhui'], [
      { committeeId: 'c-chunhui', householdId: DEMO_HOUSEHOLDS.li, status: 'confirmed', requestedAt: now },
    ], now),
    // Staff are residents too (every WeChat user is); they follow their own committee.
    ...staff.map((s) => residentDoc(s.openid, s.name, undefined, s.committeeId ? [s.committeeId] : [], [], now)),
  ]
  // Other residents: most households have one bound resident, a few bindings still wait for confirmation.
  households.forEach((h, i) => {
    if (h.residentOpenids.length > 0 || i % 4 === 3) return
    const openid = `resident-${h._id.slice(3)}`
    const pending = i % 9 === 0
    if (!pending) h.residentOpenids.push(openid)
    residents.push(
      residentDoc(openid, h.members[0].name, h.members[0].phone, [h.committeeId], [
        { committeeId: h.committeeId, householdId: h._id, status: pending ? 'pending' : 'confirmed', requestedAt: now },
      ], now),
    )
  })

  await ctx.insert('subdistricts', [subdistrict])
  await ctx.insert('committees', committees)
  await ctx.insert('blocks', blocks)
  await ctx.insert('households', households)
  await ctx.insert('staff', staff)
  await ctx.insert('residents', residents)

  function staffDoc(openid: string, name: string, role: StaffDoc['role'], committeeId: string | undefined, blockIds: string[]): StaffDoc {
    return { _id: openid, openid, name, role, subdistrictId: SUBDISTRICT.id, committeeId, blockIds, active: true, since: now }
  }
}

function residentDoc(
  openid: string,
  name: string,
  phone: string | undefined,
  committeeIds: string[],
  households: ResidentDoc['households'],
  now: Date,
): ResidentDoc {
  return { _id: openid, openid, name, phone, committeeIds, households, createdAt: now }
}

const SPECIAL: MemberTag[] = ['独居老人', '孤老', '失独', '低保', '优抚对象', '残疾']

function makeHousehold(rng: Rng, id: string, committeeId: string, blockId: string, building: string, room: string, now: Date): HouseholdDoc {
  const roll = rng.next()
  // Roughly: 15% special groups (C), 15% prefer no home visits (A), the rest normal (B).
  const cls: HouseholdClass = roll < 0.15 ? 'C' : roll < 0.3 ? 'A' : 'B'
  const members: Member[] = []
  if (cls === 'C') {
    const birthYear = rng.int(1932, 1955)
    members.push({ name: personName(rng, birthYear), relation: '户主', birthYear, phone: mobile(rng), tags: [rng.pick(SPECIAL)] })
    if (rng.chance(0.3)) {
      const y = rng.int(1935, 1958)
      members.push({ name: personName(rng, y), relation: '配偶', birthYear: y, tags: [] })
    }
  } else {
    const headYear = rng.int(1950, 1995)
    members.push({ name: personName(rng, headYear), relation: '户主', birthYear: headYear, phone: mobile(rng), tags: [] })
    if (rng.chance(0.7)) {
      const y = headYear + rng.int(-3, 3)
      members.push({ name: personName(rng, y), relation: '配偶', birthYear: y, tags: [] })
    }
    const kids = rng.int(0, 2)
    for (let k = 0; k < kids; k++) {
      const y = Math.min(2024, headYear + rng.int(24, 34))
      members.push({ name: personName(rng, y), relation: '子女', birthYear: y, tags: [] })
    }
  }
  const daysAgo = rng.int(3, cls === 'C' ? 30 : 150)
  return {
    _id: id,
    committeeId,
    blockId,
    building,
    room,
    class: cls,
    preferredChannel: cls === 'A' ? rng.pick(['phone', 'wechat', 'email'] as const) : undefined,
    members,
    notes: '',
    residentOpenids: [],
    lastContactAt: new Date(now.getTime() - daysAgo * 86_400_000),
    version: 1,
    updatedAt: now,
  }
}
