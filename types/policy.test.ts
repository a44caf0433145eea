import { FUNCTION_NAMES, POLICY, grantFor, resolveScope } from './policy'
import { Role, Scope } from './roles'

describe('the authorization table', () => {
  test('names only known roles and scopes', () => {
    for (const fn of FUNCTION_NAMES) {
      for (const [action, grant] of Object.entries(POLICY[fn])) {
        for (const [role, scope] of Object.entries(grant)) {
          expect({ action, role: Role.safeParse(role).success }).toEqual({ action, role: true })
          expect({ action, scope: Scope.safeParse(scope).success }).toEqual({ action, scope: true })
        }
      }
    }
  })

  test('never lets an officer near a family file', () => {
    for (const action of ['households', 'household', 'saveHousehold', 'record'] as const) {
      expect(POLICY.visits[action]).not.toHaveProperty('officer')
    }
  })

  test('unknown actions have no grant', () => {
    expect(grantFor('demands', 'dropTable')).toBeUndefined()
    expect(grantFor('demands', 'constructor')).toBeUndefined()
  })
})

describe('resolveScope', () => {
  test('a block head who is also a resident acts as block head on staff actions', () => {
    expect(resolveScope(POLICY.demands.get, ['resident', 'blockHead'])).toEqual({
      role: 'blockHead',
      scope: 'blocks',
    })
  })

  test('a resident-only action stays own-scoped for staff', () => {
    expect(resolveScope(POLICY.demands.submit, ['resident', 'committeeAdmin'])).toEqual({
      role: 'resident',
      scope: 'own',
    })
  })

  test('denies when no role of the caller is listed', () => {
    expect(resolveScope(POLICY.reports.summary, ['resident', 'blockHead'])).toBeUndefined()
  })
})
