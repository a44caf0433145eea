/**
 * The table of database-request pins (tests/helpers/budgets.ts) against the contracts: every function with a
 * contract has a round-trip suite that measures it with `budgetMeter`, and every row above its budget says
 * why. The suites themselves fail when an action is unmeasured or its count moves.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { CONTRACT } from '../../../types/api'
import { BUDGET, PINS, type Pin } from '../../helpers/budgets'

const root = resolve(__dirname, '..', '..', '..')
const rows = Object.entries(PINS).flatMap(([fn, actions]) =>
  Object.entries(actions as Record<string, Pin>).map(([action, pin]) => ({ fn, action, ...pin })),
)

it('every function of the contract has a round-trip suite that measures it against the pins', () => {
  const missing = Object.keys(CONTRACT).filter((fn) => {
    const file = join(root, 'tests', 'integration', fn, 'roundtrips.test.ts')
    return !existsSync(file) || !readFileSync(file, 'utf8').includes(`budgetMeter('${fn}'`)
  })
  expect(missing).toEqual([])
})

it('every action of every contract has exactly one row', () => {
  const expected = Object.entries(CONTRACT).flatMap(([fn, c]) => Object.keys(c).map((a) => `${fn}.${a}`))
  expect(rows.map((r) => `${r.fn}.${r.action}`).sort()).toEqual(expected.sort())
})

it('a row above its budget says why', () => {
  const over = rows.filter((r) => r.pin > BUDGET[r.kind])
  expect(over.filter((r) => !r.over).map((r) => `${r.fn}.${r.action}`)).toEqual([])
  if (over.length)
    console.info(
      `${over.length} of ${rows.length} actions above budget (mutation ≤ ${BUDGET.mutation}, read ≤ ${BUDGET.read}):\n` +
        over.map((r) => `  ${r.fn}.${r.action} ${r.kind} ${r.pin}: ${r.over}`).join('\n'),
    )
})
