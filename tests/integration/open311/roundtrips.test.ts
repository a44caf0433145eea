/**
 * What each open311 console action costs in database requests (CloudBase bills and rate-limits them), caller
 * lookup included, against the pins and budgets of tests/helpers/budgets.ts.
 */
import { ok, startTestCloud, type TestCloud } from '../../helpers/localCloud'
import type { CallOutput, ContractAction } from '../../../types/api'
import { budgetMeter } from '../../helpers/budgets'
import { requestMeter } from '../../helpers/requests'

jest.setTimeout(120_000)

let t: TestCloud
const OFFICER = 'demo-officer-zhao'
const call = <A extends ContractAction<'open311'>>(action: A, input: Record<string, unknown> = {}) =>
  t.call<CallOutput<'open311', A>>('open311', { action, ...input }, OFFICER)

const meter = requestMeter(
  () => t.cloud.database,
  () => t.cloud.meter,
)
const { cost, problems } = budgetMeter('open311', meter)

beforeAll(async () => {
  t = await startTestCloud({ seed: true })
})
afterAll(async () => {
  meter.save()
  await t?.stop()
})

it("the officer's partner keys", async () => {
  const input = { name: '区城管热线', clientRequestId: 'rt-issue-key-1' }
  let id = ''
  await cost('issueKey', async () => {
    id = ok(await call('issueKey', input)).partner.id
  })
  await cost('issueKey', 'retry', async () => ok(await call('issueKey', input)))
  await cost('partners', async () => ok(await call('partners')))
  await cost('partnerCalls', async () => ok(await call('partnerCalls', { id })))
  await cost('revokeKey', async () => ok(await call('revokeKey', { id })))
})

it('every open311 action within its pinned number of database requests', () => {
  expect(problems()).toEqual([])
})
