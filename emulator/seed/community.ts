/**
 * The community backbone every other context builds on: sub-district, committees, blocks, ~300 family files,
 * residents and staff with the fixed demo OPENIDs of identities.ts.
 */
import type {
  BlockDoc,
  CommitteeDoc,
  HouseholdBinding,
  InviteDoc,
  NoticeDoc,
  ResidentDoc,
  StaffDoc,
  StaffMember,
  SubdistrictDoc,
} from '../../types/community'
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
/** Pinyin initials (拼音首字母) of each committee's name, for search. */
const PINYIN: Record<string, string> = {
  'c-chunhui': 'chsqjwh',
  'c-fenglin': 'flsqjwh',
  'c-hepingli': 'hplsqjwh',
}

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
    pinyin: PINYIN[c.id],
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
  const staff: StaffMember[] = [
    staffDoc('demo-blockhead-zhang', '张建国', 'blockHead', 'c-chunhui', ['c-chunhui-b1', 'c-chunhui-b2']),
    staffDoc('demo-admin-chen', '陈丽华', 'committeeAdmin', 'c-chunhui', []),
    { ...staffDoc('demo-clerk-liu', '刘洋', 'windowClerk', undefined, []), centerId: SERVICE_CENTER.id },
    // On duty for the sub-district desk: escalations alert him.
    { ...staffDoc('demo-officer-zhao', '赵志强', 'officer', undefined, []), onDuty: true },
    staffDoc('staff-chunhui-bh2', '周海燕', 'blockHead', 'c-chunhui', ['c-chunhui-b3', 'c-chunhui-b4']),
    staffDoc('staff-fenglin-admin', '孙卫东', 'committeeAdmin', 'c-fenglin', []),
    staffDoc('staff-fenglin-bh1', '吴春燕', 'blockHead', 'c-fenglin', [
      'c-fenglin-b1',
      'c-fenglin-b2',
      'c-fenglin-b3',
    ]),
    staffDoc('staff-hepingli-admin', '郑立新', 'committeeAdmin', 'c-hepingli', []),
    staffDoc('staff-hepingli-bh1', '冯志刚', 'blockHead', 'c-hepingli', ['c-hepingli-b1', 'c-hepingli-b2']),
    staffDoc('staff-hepingli-bh2', '何雪梅', 'blockHead', 'c-hepingli', ['c-hepingli-b3']),
  ]
  // Who heads a block is stored on the block only.
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
      if (households.some((h) => h._id === id) || (Object.values(DEMO_HOUSEHOLDS) as string[]).includes(id))
        continue
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
    members: [
      { name: '王秀英', relation: '户主', birthYear: 1944, phone: '13812341234', tags: ['独居老人', '高龄'] },
    ],
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

  // A binding carries its household's address, as bindHousehold writes it (首页, 我的 and 绑定我家 show it).
  function bindingTo(householdId: string, status: HouseholdBinding['status']): HouseholdBinding {
    const h = households.find((x) => x._id === householdId)
    if (!h) throw new Error(`seed: no household ${householdId}`)
    return {
      committeeId: h.committeeId,
      householdId,
      status,
      requestedAt: now,
      blockId: h.blockId,
      building: h.building,
      room: h.room,
    }
  }

  const residents: ResidentDoc[] = [
    residentDoc(
      'demo-resident-wang',
      '王秀英',
      '13812341234',
      ['c-chunhui'],
      [bindingTo(DEMO_HOUSEHOLDS.wang, 'confirmed')],
      now,
    ),
    residentDoc(
      'demo-resident-li',
      '李明',
      '13900001111',
      ['c-chunhui'],
      [bindingTo(DEMO_HOUSEHOLDS.li, 'confirmed')],
      now,
    ),
    // Staff are residents too (every WeChat user is); they follow their own committee (those of the
    // sub-district and the service center follow 春晖, where they live).
    ...staff.map((s) => residentDoc(s.openid, s.name, mobile(rng), [s.committeeId ?? 'c-chunhui'], [], now)),
  ]
  // Other residents: most households have one bound resident, a few bindings still wait for confirmation.
  households.forEach((h, i) => {
    if (h.residentOpenids.length > 0 || i % 4 === 3) return
    const openid = `resident-${h._id.slice(3)}`
    const pending = i % 9 === 0
    if (!pending) h.residentOpenids.push(openid)
    residents.push(
      residentDoc(
        openid,
        h.members[0].name,
        h.members[0].phone,
        [h.committeeId],
        [bindingTo(h._id, pending ? 'pending' : 'confirmed')],
        now,
      ),
    )
  })

  await ctx.insert('subdistricts', [subdistrict])
  await ctx.insert('committees', committees)
  await ctx.insert('blocks', blocks)
  await ctx.insert('households', households)
  await ctx.insert(
    'staff',
    staff.map(({ blockIds: _held, ...doc }) => doc),
  )
  await ctx.insert('residents', residents)
  await ctx.insert('notices', demoNotices(staff, now))
  await ctx.insert('invites', demoInvites(now))

  function staffDoc(
    openid: string,
    name: string,
    role: StaffDoc['role'],
    committeeId: string | undefined,
    blockIds: string[],
  ): StaffMember {
    return {
      _id: openid,
      openid,
      name,
      role,
      subdistrictId: SUBDISTRICT.id,
      committeeId,
      blockIds,
      active: true,
      since: now,
    }
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

function makeHousehold(
  rng: Rng,
  id: string,
  committeeId: string,
  blockId: string,
  building: string,
  room: string,
  now: Date,
): HouseholdDoc {
  const roll = rng.next()
  // Roughly: 15% special groups (C), 15% prefer no home visits (A), the rest normal (B).
  const cls: HouseholdClass = roll < 0.15 ? 'C' : roll < 0.3 ? 'A' : 'B'
  const members: Member[] = []
  if (cls === 'C') {
    const birthYear = rng.int(1932, 1955)
    members.push({
      name: personName(rng, birthYear),
      relation: '户主',
      birthYear,
      phone: mobile(rng),
      tags: [rng.pick(SPECIAL)],
    })
    if (rng.chance(0.3)) {
      const y = rng.int(1935, 1958)
      members.push({ name: personName(rng, y), relation: '配偶', birthYear: y, tags: [] })
    }
  } else {
    const headYear = rng.int(1950, 1995)
    members.push({
      name: personName(rng, headYear),
      relation: '户主',
      birthYear: headYear,
      phone: mobile(rng),
      tags: [],
    })
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

const HOUR = 3_600_000
const DAY = 24 * HOUR

/** Per committee: pinned notices, current ones, and an expired one that the feed hides. */
function demoNotices(staff: readonly StaffDoc[], now: Date): NoticeDoc[] {
  const texts: { title: string; body: string; pinned?: boolean; ageDays: number; expiresInDays?: number }[] =
    [
      {
        title: '居委会办公时间调整',
        body: '即日起，居委会办公时间为工作日 8:30—17:00，周六上午 9:00—12:00 有人值班。有急事请拨打居委会电话。',
        pinned: true,
        ageDays: 20,
      },
      {
        title: '防范电信诈骗，守好养老钱',
        body: '凡是自称“公检法”要求转账的都是诈骗！凡是要求提供银行卡验证码的都是诈骗！拿不准时，请先给子女或居委会打电话。',
        pinned: true,
        ageDays: 6,
      },
      {
        title: '本周六社区义诊',
        body: '本周六上午 9:00—11:30，社区卫生服务站医生在居委会门口为大家免费测血压、测血糖，请带好医保卡。',
        ageDays: 2,
        expiresInDays: 4,
      },
      {
        title: '楼道堆物清理',
        body: '为消除消防隐患，请各位居民在本月底前清理楼道内堆放的杂物。需要帮忙搬运的老人，请联系块长。',
        ageDays: 4,
        expiresInDays: 20,
      },
      {
        title: '二次供水水箱清洗停水',
        body: '上周三 9:00—12:00 水箱清洗，期间暂停供水，请提前储水。',
        ageDays: 9,
        expiresInDays: -5,
      },
    ]
  const out: NoticeDoc[] = []
  for (const c of COMMITTEES) {
    const author = staff.find((s) => s.committeeId === c.id && s.role === 'committeeAdmin')
    texts.forEach((n, i) => {
      out.push({
        _id: `notice-${c.id}-${i + 1}`,
        committeeId: c.id,
        subdistrictId: SUBDISTRICT.id,
        title: n.title,
        body: n.body,
        images: [],
        pinned: n.pinned ?? false,
        expiresAt: n.expiresInDays === undefined ? null : new Date(now.getTime() + n.expiresInDays * DAY),
        publishedAt: new Date(now.getTime() - n.ageDays * DAY - i * HOUR),
        authorOpenid: author?.openid ?? 'demo-admin-chen',
        authorName: author?.name ?? '居委会',
      })
    })
  }
  return out
}

/** Invitations of 春晖: one open (for the README walk-through), one used, one expired. */
function demoInvites(now: Date): InviteDoc[] {
  const base = { subdistrictId: SUBDISTRICT.id, committeeId: 'c-chunhui', createdBy: 'demo-admin-chen' }
  return [
    {
      _id: 'DEMO2345',
      code: 'DEMO2345',
      role: 'blockHead',
      blockIds: [],
      note: '新块长',
      createdAt: now,
      expiresAt: new Date(now.getTime() + 7 * DAY),
      status: 'open',
      ...base,
    },
    {
      _id: 'USED2345',
      code: 'USED2345',
      role: 'blockHead',
      blockIds: ['c-chunhui-b1', 'c-chunhui-b2'],
      createdAt: new Date(now.getTime() - 60 * DAY),
      expiresAt: new Date(now.getTime() - 53 * DAY),
      status: 'used',
      usedBy: 'demo-blockhead-zhang',
      usedAt: new Date(now.getTime() - 59 * DAY),
      ...base,
    },
    {
      _id: 'EXPD2345',
      code: 'EXPD2345',
      role: 'committeeAdmin',
      blockIds: [],
      createdAt: new Date(now.getTime() - 10 * DAY),
      expiresAt: new Date(now.getTime() - 3 * DAY),
      status: 'open',
      ...base,
    },
  ]
}
