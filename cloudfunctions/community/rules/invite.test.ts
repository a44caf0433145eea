import fc from 'fast-check'
import { CODE_ALPHABET, codeFromHex, decideInvite, redeemability } from './invite'

const admin = { role: 'committeeAdmin' as const, subdistrictId: 'sd', committeeId: 'c1' }
const officer = { role: 'officer' as const, subdistrictId: 'sd' }
const c1 = { id: 'c1', subdistrictId: 'sd' }
const c2 = { id: 'c2', subdistrictId: 'sd' }
const cOther = { id: 'c9', subdistrictId: 'sd-other' }

describe('codeFromHex', () => {
  it('gives 8 unambiguous characters, the same for the same input', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9a-f]{32}$/), (hex) => {
        const code = codeFromHex(hex)
        expect(code).toMatch(/^[A-Z0-9]{8}$/)
        for (const ch of code) expect(CODE_ALPHABET).toContain(ch)
        expect(codeFromHex(hex)).toBe(code)
      }),
    )
  })
})

describe('decideInvite', () => {
  it('lets an admin invite block heads and admins of their own committee only', () => {
    expect(decideInvite(admin, { role: 'blockHead', committee: c1, blockCommittees: ['c1'] })).toEqual({
      ok: true,
    })
    expect(decideInvite(admin, { role: 'committeeAdmin', committee: c1, blockCommittees: [] })).toEqual({
      ok: true,
    })
    expect(decideInvite(admin, { role: 'blockHead', committee: c2, blockCommittees: [] })).toMatchObject({
      ok: false,
      kind: 'notFound',
    })
    expect(decideInvite(admin, { role: 'officer', blockCommittees: [] })).toMatchObject({
      ok: false,
      kind: 'invalid',
    })
    expect(decideInvite(admin, { role: 'windowClerk', blockCommittees: [] })).toMatchObject({
      ok: false,
      kind: 'invalid',
    })
  })
  it('lets an officer invite admins, clerks and officers of their sub-district, not block heads', () => {
    expect(decideInvite(officer, { role: 'committeeAdmin', committee: c2, blockCommittees: [] })).toEqual({
      ok: true,
    })
    expect(
      decideInvite(officer, { role: 'committeeAdmin', committee: cOther, blockCommittees: [] }),
    ).toMatchObject({ kind: 'notFound' })
    expect(
      decideInvite(officer, {
        role: 'windowClerk',
        center: { id: 'sc', subdistrictId: 'sd' },
        blockCommittees: [],
      }),
    ).toEqual({ ok: true })
    expect(decideInvite(officer, { role: 'windowClerk', blockCommittees: [] })).toMatchObject({
      kind: 'notFound',
    })
    expect(decideInvite(officer, { role: 'officer', blockCommittees: [] })).toEqual({ ok: true })
    expect(decideInvite(officer, { role: 'blockHead', committee: c1, blockCommittees: [] })).toMatchObject({
      kind: 'invalid',
    })
  })
  it('refuses blocks of another committee, unknown blocks, and blocks for non-block-heads', () => {
    expect(decideInvite(admin, { role: 'blockHead', committee: c1, blockCommittees: ['c2'] })).toMatchObject({
      kind: 'notFound',
    })
    expect(
      decideInvite(admin, { role: 'blockHead', committee: c1, blockCommittees: [undefined] }),
    ).toMatchObject({ kind: 'notFound' })
    expect(
      decideInvite(admin, { role: 'committeeAdmin', committee: c1, blockCommittees: ['c1'] }),
    ).toMatchObject({ kind: 'invalid', path: 'blockIds' })
  })
  it('never lets a block head or window clerk invite anyone', () => {
    for (const role of ['blockHead', 'windowClerk'] as const) {
      for (const target of ['blockHead', 'committeeAdmin', 'windowClerk', 'officer'] as const) {
        expect(
          decideInvite(
            { role, subdistrictId: 'sd', committeeId: 'c1' },
            { role: target, committee: c1, blockCommittees: [] },
          ),
        ).toMatchObject({ ok: false })
      }
    }
  })
})

describe('redeemability', () => {
  const now = new Date('2025-03-01T00:00:00Z')
  it('is ok until the expiry instant, then expired; used wins', () => {
    expect(redeemability({ status: 'open', expiresAt: '2025-03-01T00:00:01Z' }, now)).toBe('ok')
    expect(redeemability({ status: 'open', expiresAt: now }, now)).toBe('expired')
    expect(redeemability({ status: 'used', expiresAt: '2030-01-01T00:00:00Z' }, now)).toBe('used')
  })
})
