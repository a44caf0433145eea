import { createHash } from 'node:crypto'
import type { communityContract } from '../../../types/community'
import { invalid, notFound } from '../../shared/errors'
import type { Handler } from '../../shared/router'
import { loadCommittee } from '../org'
import { buildingFromScene, sceneForBuilding, unitsOf } from '../rules/org'
import { sceneForCommittee } from '../rules/scene'

const FOLLOW_PAGE = 'community/pages/home/index'
const BIND_PAGE = 'community/pages/bind/index'

/** Which version of the mini-program a code opens: the released one unless the deployment says otherwise. */
function envVersion(): 'release' | 'trial' | 'develop' {
  const state = process.env.LINLI_MINIPROGRAM_STATE
  return state === 'developer' ? 'develop' : state === 'trial' ? 'trial' : 'release'
}

/**
 * 二维码海报: the committee's follow code or a building's bind code, from `wxacode.getUnlimited` with the
 * scene naming it (the page reads `options.scene`). The image is kept in storage under a name derived from the
 * scene, so printing the poster again makes the same file. Three database requests at most.
 */
export const qrCode: Handler<typeof communityContract.qrCode> = async (input, ctx) => {
  let scene: string
  let page: string
  let title: string
  let subtitle: string
  if (input.kind === 'follow') {
    if (!input.committeeId) throw invalid('committeeId', '请选择居委会')
    const committee = await loadCommittee(ctx, input.committeeId)
    scene = sceneForCommittee(committee._id)
    page = FOLLOW_PAGE
    title = committee.name
    subtitle = '微信扫一扫，关注居委会：看社区通知、反映诉求、预约办事'
  } else {
    if (!input.blockId || !input.buildingId) throw invalid('buildingId', '请选择楼栋')
    const block = await ctx.store.blocks.get(input.blockId)
    if (!block) throw notFound('没有找到这个片区')
    const committee = await loadCommittee(ctx, block.committeeId)
    const unit = unitsOf(block).find((u) => u.id === input.buildingId)
    if (!unit) throw notFound('没有找到这栋楼')
    scene = sceneForBuilding(block._id, unit.id)
    if (!buildingFromScene(scene)) throw invalid('buildingId', '这栋楼的编号不能做成二维码')
    page = BIND_PAGE
    title = `${committee.name} · ${block.name} ${unit.name}`
    subtitle = '本楼居民微信扫一扫，绑定我家：选房间号，块长确认后就绑定好了'
  }
  if (scene.length > 32)
    throw invalid(input.kind === 'follow' ? 'committeeId' : 'blockId', '编号太长，不能做成小程序码')

  const version = envVersion()
  // A refusal by WeChat (no permission, quota) fails the call as INTERNAL, with the cause in the log.
  const code = (await ctx.cloud.openapi.wxacode.getUnlimited({
    scene,
    page,
    width: 430,
    // Before release the page is not published yet, and WeChat refuses a code for it unless told not to check.
    checkPath: version === 'release',
    envVersion: version,
  })) as { buffer?: Buffer }
  if (!code.buffer?.length) throw new Error(`wxacode.getUnlimited answered no image for ${scene}`)
  const name = createHash('sha256').update(`${scene}\u0000${page}\u0000${version}`).digest('hex').slice(0, 24)
  const up = (await ctx.cloud.uploadFile({ cloudPath: `qrcodes/${name}.png`, fileContent: code.buffer })) as {
    fileID: string
  }
  const res = (await ctx.cloud.getTempFileURL({ fileList: [up.fileID] })) as {
    fileList: Array<{ tempFileURL?: string }>
  }
  return {
    kind: input.kind,
    title,
    subtitle,
    scene,
    page,
    url: res.fileList[0]?.tempFileURL ?? '',
    fileId: up.fileID,
  }
}
