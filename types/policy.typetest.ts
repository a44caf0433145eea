/**
 * Type-level tests, checked by `tsc` (part of `npm test`): each `@ts-expect-error` below must stay an
 * error, or the compile fails. They prove that the policy table cannot drift from the contracts.
 */
import { z } from 'zod'
import { action } from './contract'
import type { PolicyFor } from './policy'

const _contract = {
  listThings: action(z.object({}), z.object({})),
  dropThing: action(z.object({ id: z.string() }), z.object({})),
} as const

// Every action has its grant: accepted.
export const complete = {
  listThings: { resident: 'any' },
  dropThing: { committeeAdmin: 'committee' },
} as const satisfies PolicyFor<typeof _contract>

// @ts-expect-error an action of the contract without a policy entry
export const missing = { listThings: { resident: 'any' } } as const satisfies PolicyFor<typeof _contract>

export const stray = {
  listThings: { resident: 'any' },
  dropThing: { committeeAdmin: 'committee' },
  // @ts-expect-error a policy entry for an action the contract does not have
  renameThing: { resident: 'own' },
} as const satisfies PolicyFor<typeof _contract>
