/**
 * Proves the boundary rules bite: real ESLint with the project's own config lints small sources as if
 * they stood at the given paths. ESLint loads its flat config as ESM, so it runs in a child process.
 */
import { execFileSync } from 'node:child_process'
import { join } from 'node:path'

const root = join(__dirname, '..', '..')

interface Case {
  readonly file: string
  readonly code: string
}

/** The rule ids each case reports, in order. */
function lint(cases: readonly Case[]): string[][] {
  const script = `
    const { ESLint } = await import('eslint')
    const eslint = new ESLint({ cwd: ${JSON.stringify(root)} })
    const cases = JSON.parse(process.argv[1])
    const out = []
    for (const c of cases) {
      const [r] = await eslint.lintText(c.code, { filePath: c.file })
      out.push(r.messages.map((m) => m.ruleId ?? m.message))
    }
    console.log(JSON.stringify(out))`
  const stdout = execFileSync(
    process.execPath,
    ['--input-type=module', '-e', script, JSON.stringify(cases)],
    {
      cwd: root,
      encoding: 'utf8',
    },
  )
  return JSON.parse(stdout.trim().split('\n').pop() ?? '[]')
}

test('cross-context imports of internals, data-layer internals and raw collections fail lint', () => {
  const [
    viaInternal,
    viaPublic,
    seedInternal,
    dataInternal,
    appToFunctions,
    testInside,
    ownIndex,
    rawCollection,
  ] = lint([
    {
      file: 'cloudfunctions/visits/example.ts',
      code: "import { route } from '../demands/rules/routing'\nexport const r = route\n",
    },
    {
      file: 'cloudfunctions/visits/example.ts',
      code: "import * as demands from '../demands/public'\nexport const d = demands\n",
    },
    {
      file: 'emulator/seed/example.ts',
      code: "import { plan } from '../../cloudfunctions/bookings/rules/plan'\nexport const p = plan\n",
    },
    {
      file: 'cloudfunctions/demands/example.ts',
      code: "import { repo } from '../shared/data/repo'\nexport const r = repo\n",
    },
    {
      file: 'src/demands/example.ts',
      code: "import { route } from '../../cloudfunctions/demands/public'\nexport const r = route\n",
    },
    {
      file: 'tests/integration/example.test.ts',
      code: "import { route } from '../../cloudfunctions/demands/rules/routing'\nexport const r = route\n",
    },
    {
      file: 'cloudfunctions/demands/index.ts',
      code: "import { submit } from './actions/submit'\nexport const s = submit\n",
    },
    {
      file: 'cloudfunctions/demands/example.ts',
      code: "declare const db: { collection(n: string): unknown }\nexport const c = db.collection('demands')\n",
    },
  ])
  expect(viaInternal).toEqual(['linli/boundaries'])
  expect(viaPublic).toEqual([])
  expect(seedInternal).toEqual(['linli/boundaries'])
  expect(dataInternal).toEqual(['linli/boundaries'])
  expect(appToFunctions).toEqual(['linli/boundaries'])
  expect(testInside).toEqual([])
  expect(ownIndex).toEqual([])
  expect(rawCollection).toEqual(['no-restricted-syntax'])
})
