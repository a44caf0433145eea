/**
 * The emulator's modules form no import circle. A circle is how server.ts and the parts it assembles once
 * depended on each other for two HTTP helpers: it makes load order matter and hides which way a
 * dependency runs. Type-only imports count too, since they tie the modules' designs together the same way.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import ts from 'typescript'

const ROOT = __dirname

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return sources(path)
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [path] : []
  })
}

/** The file a relative specifier names, as TypeScript resolves it (x.ts, x.tsx, x/index.ts). */
function resolveImport(from: string, specifier: string): string | undefined {
  const base = resolve(dirname(from), specifier)
  const candidates = [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), join(base, 'index.tsx')]
  return candidates.find((c) => existsSync(c) && statSync(c).isFile())
}

/** Every module under emulator/ and the emulator modules it imports (static, re-exported or dynamic). */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>()
  for (const file of sources(ROOT)) {
    const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true)
    const targets = info.importedFiles
      .map((f) => f.fileName)
      .filter((s) => s.startsWith('.'))
      .map((s) => resolveImport(file, s))
      .filter((t): t is string => t !== undefined && !relative(ROOT, t).startsWith('..'))
    graph.set(file, [...new Set(targets)])
  }
  return graph
}

/** The circles a depth-first walk closes, as `a -> b -> a`: one per back edge, and any circle makes one. */
function circles(graph: Map<string, string[]>): string[] {
  const found: string[] = []
  const state = new Map<string, 'open' | 'done'>()
  const stack: string[] = []
  const visit = (file: string): void => {
    state.set(file, 'open')
    stack.push(file)
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'open') {
        const loop = [...stack.slice(stack.indexOf(next)), next]
        found.push(loop.map((f) => relative(ROOT, f)).join(' -> '))
      } else if (!state.has(next)) visit(next)
    }
    stack.pop()
    state.set(file, 'done')
  }
  for (const file of [...graph.keys()].sort()) if (!state.has(file)) visit(file)
  return found
}

test('the module graph under emulator/ is read (the check below is not vacuous)', () => {
  const graph = importGraph()
  expect(graph.get(join(ROOT, 'server.ts'))).toEqual(
    expect.arrayContaining([join(ROOT, 'http.ts'), join(ROOT, 'db', 'index.ts'), join(ROOT, 'gateway.ts')]),
  )
  expect(graph.get(join(ROOT, 'openapi', 'index.ts'))).toContain(join(ROOT, 'http.ts'))
})

test('a circle is found and named', () => {
  const a = join(ROOT, 'a.ts')
  const b = join(ROOT, 'b.ts')
  const c = join(ROOT, 'c.ts')
  expect(
    circles(
      new Map([
        [a, [b]],
        [b, [c]],
        [c, [b]],
      ]),
    ),
  ).toEqual(['b.ts -> c.ts -> b.ts'])
})

test('no module under emulator/ imports, through any chain, a module that imports it', () => {
  expect(circles(importGraph())).toEqual([])
})
