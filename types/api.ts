/**
 * The whole app-facing contract: one entry per cloud function that has a contract so far. Feature issues
 * add theirs here (`demands: demandsContract`, …); the API client's types follow automatically.
 */
import type { z } from 'zod'
import { communityContract } from './community'
import { bookingsContract } from './bookings'
import type { ActionSpec } from './contract'
import { demandsContract } from './demands'
import { visitsContract } from './visits'
import { reportsContract } from './reports'
import { open311Contract } from './open311'

export const CONTRACT = {
  community: communityContract,
  bookings: bookingsContract,
  demands: demandsContract,
  visits: visitsContract,
  reports: reportsContract,
  open311: open311Contract,
} as const

export type AppContract = typeof CONTRACT
/** A function that has a contract (`community`, …). */
export type ContractFn = keyof AppContract & string
/** An action of that function (`committees`, …). */
export type ContractAction<F extends ContractFn> = keyof AppContract[F] & string
type SpecOf<F extends ContractFn, A extends ContractAction<F>> = AppContract[F][A] extends ActionSpec
  ? AppContract[F][A]
  : never
/** What the caller passes (defaults still optional). */
export type CallInput<F extends ContractFn, A extends ContractAction<F>> = z.input<SpecOf<F, A>['input']>
/** What `data` holds on success. */
export type CallOutput<F extends ContractFn, A extends ContractAction<F>> = z.output<SpecOf<F, A>['output']>
