import fc from 'fast-check'
import { committeeIdFromScene, sceneForCommittee } from './scene'

describe('committeeIdFromScene', () => {
  it('reads the forms a QR code or link carries', () => {
    expect(committeeIdFromScene('c=c-chunhui')).toBe('c-chunhui')
    expect(committeeIdFromScene('c%3Dc-chunhui')).toBe('c-chunhui')
    expect(committeeIdFromScene('committee=c-fenglin')).toBe('c-fenglin')
    expect(committeeIdFromScene('c-hepingli')).toBe('c-hepingli')
  })
  it('rejects anything else', () => {
    expect(committeeIdFromScene('')).toBeUndefined()
    expect(committeeIdFromScene('%E0%A4%A')).toBeUndefined()
    expect(committeeIdFromScene('x=1&c=2')).toBeUndefined()
  })
  it('round-trips ids', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9_-]{1,30}$/), (id) =>
        expect(committeeIdFromScene(sceneForCommittee(id))).toBe(id),
      ),
    )
  })
})
