/**
 * The built mini-program asks WeChat for template ids, never for template keys (a key there is refused by
 * WeChat, and no grant is ever recorded). The app holds no ids of its own: it gets them from
 * `community.alerts` at run time (types/messages.ts templateId), so the bundle is the same whatever ids a
 * deployment configures, and this check over the built `dist/weapp` covers every configuration.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { TemplateKey } from '../../types/messages'

const root = join(__dirname, '..', '..', 'dist', 'weapp')

function jsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name)
    if (statSync(p).isDirectory()) return jsFiles(p)
    return name.endsWith('.js') ? [p] : []
  })
}

const built = existsSync(join(root, 'app.js'))
if (!built)
  console.warn('tests/weapp/template-ids: dist/weapp is not built (npm test builds it first); skipped')
const maybe = built ? test : test.skip

maybe('every requestSubscribeMessage call passes ids looked up at run time, never a key', () => {
  const calls: { file: string; arg: string }[] = []
  for (const file of jsFiles(root)) {
    const src = readFileSync(file, 'utf8')
    for (const m of src.matchAll(/requestSubscribeMessage\(\{\s*tmplIds\s*:\s*([^}]{0,80})/g))
      calls.push({ file: file.slice(root.length + 1), arg: m[1] })
    for (const key of TemplateKey.options)
      expect({ file, literal: new RegExp(`tmplIds\\s*:\\s*\\[\\s*["'\`]${key}["'\`]`).test(src) }).toEqual({
        file,
        literal: false,
      })
  }
  // At least the one place that asks (src/shared/alerts.ts) is in the bundle.
  expect(calls.length).toBeGreaterThan(0)
  for (const c of calls)
    expect({ ...c, literal: /^\[\s*["'`]/.test(c.arg) }).toEqual({ ...c, literal: false })
})
