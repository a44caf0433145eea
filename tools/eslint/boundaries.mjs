/**
 * ESLint rule `linli/boundaries`: each bounded context (cloudfunctions/<context>/) is entered from outside
 * only through its public face, `cloudfunctions/<context>/public.ts`; the data layer only through
 * `cloudfunctions/shared/data` (its index); and the app (`src/`) never imports the functions or the local
 * cloud. Tests may reach inside (they test internals on purpose). Relative imports are resolved against the
 * importing file, so `../demands/rules/lifecycle` and `../../cloudfunctions/demands/rules/lifecycle` are the
 * same target.
 */
import path from 'node:path'

const CONTEXT_EXEMPT = new Set(['shared'])

/** Path from the project root with `/` separators and no extension or trailing `/index`. */
function modulePath(root, abs) {
  const rel = path.relative(root, abs).split(path.sep).join('/')
  return rel.replace(/\.(m|c)?(t|j)sx?$/, '').replace(/\/index$/, '')
}

const isTest = (rel) => rel.startsWith('tests/') || /\.(test|typetest)\.tsx?$/.test(rel)

/** @type {import('eslint').Rule.RuleModule} */
export const boundaries = {
  meta: {
    type: 'problem',
    docs: { description: 'Enforce the public faces of the bounded contexts and of the data layer' },
    schema: [],
    messages: {
      context:
        "'{{target}}' is inside the {{context}} context: from outside it, import only 'cloudfunctions/{{context}}/public.ts'",
      data: "'{{target}}' is inside the data layer: import 'cloudfunctions/shared/data' (its index) instead",
      app: "the app reaches the cloud functions only through its API client (src/shared/api.ts), not by importing '{{target}}'",
    },
  },
  create(context) {
    const root = context.cwd
    // The importer keeps its own name (an `index.ts` is inside its folder, not the folder itself).
    const importer = path.relative(root, context.filename).split(path.sep).join('/')
    if (isTest(importer)) return {}
    const check = (node) => {
      const source = node.source && node.source.value
      if (typeof source !== 'string' || !source.startsWith('.')) return
      const target = modulePath(root, path.resolve(path.dirname(context.filename), source))
      const report = (messageId, data) =>
        context.report({ node: node.source, messageId, data: { target, ...data } })

      if (
        importer.startsWith('src/') &&
        (target.startsWith('cloudfunctions/') || target.startsWith('emulator/'))
      )
        return report('app')

      const parts = target.split('/')
      if (parts[0] !== 'cloudfunctions' || parts.length < 3) return
      if (parts[1] === 'shared') {
        const inData = parts[2] === 'data'
        if (inData && parts.length > 3 && !importer.startsWith('cloudfunctions/shared/data/')) report('data')
        return
      }
      if (CONTEXT_EXEMPT.has(parts[1])) return
      const owner = `cloudfunctions/${parts[1]}/`
      if (importer.startsWith(owner)) return
      if (target === `cloudfunctions/${parts[1]}/public`) return
      report('context', { context: parts[1] })
    }
    return {
      ImportDeclaration: check,
      ExportNamedDeclaration: check,
      ExportAllDeclaration: check,
    }
  },
}

export default { rules: { boundaries } }
