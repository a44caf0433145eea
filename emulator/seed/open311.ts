/**
 * Demo data of the Open311 interface: one partner key, `demo-hotline-12345`, for the district's 12345
 * hotline bridge, issued by 赵志强 (the officer of 明德街道), so a local partner call works on first start.
 */
import { keyHash } from '../../cloudfunctions/open311/public'
import type { SeedModule } from './context'
import { SUBDISTRICT } from './identities'

export const DEMO_PARTNER_KEY = 'demo-hotline-12345'

export const seedOpen311: SeedModule = async (ctx) => {
  await ctx.insert('partnerKeys', [
    {
      _id: 'partner-demo-hotline',
      name: '区12345热线',
      subdistrictId: SUBDISTRICT.id,
      keyHash: keyHash(DEMO_PARTNER_KEY),
      keyPrefix: DEMO_PARTNER_KEY.slice(0, 7),
      createdAt: new Date(ctx.now.getTime() - 30 * 86_400_000),
      createdBy: 'demo-officer-zhao',
      createdByName: '赵志强',
      calls: 0,
    },
  ])
}
