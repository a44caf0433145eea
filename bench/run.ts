/**
 * `npm run bench`: lists the benchmarks in bench/, each with its purpose from its header comment.
 * `npm run bench -- <name> [<name>…] [-- <options>]` runs each named one in order, in its own `tsx` process
 * with its output streamed, passes the options after `--` to every one, and exits non-zero if any failed.
 */
import { spawn } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'

const dir = __dirname
const root = resolve(dir, '..')

/** Files in bench/ that other benchmarks import or that drive them, not benchmarks themselves. */
const isHelper = (name: string) => name === 'run' || name.endsWith('-lib')

interface Bench {
  readonly name: string
  readonly purpose: string
  readonly usage: string
  readonly needs?: string
}

function header(source: string): string[] {
  const m = /^\s*\/\*\*([\s\S]*?)\*\//.exec(source)
  return (m?.[1] ?? '').split('\n').map((l) => l.replace(/^\s*\*\s?/, ''))
}

/** The header's first sentence, without its parenthesised asides: its opening line of the listing. */
function purposeOf(lines: string[]): string {
  const first: string[] = []
  for (const l of lines) {
    const t = l.trim()
    if (!t) {
      if (first.length) break
      continue
    }
    // A list, or the command line, ends the opening sentence.
    if (/^(-|\d+\.)\s/.test(t) || /^(npx|Run)\b/.test(t)) break
    first.push(t)
  }
  const text = first.join(' ')
  const end = /[.](?=\s|$)/.exec(text)
  return (end ? text.slice(0, end.index + 1) : text)
    .replace(/(^|\s)\([^()]*\)/g, '')
    .replace(/\s+([,:.])/g, '$1')
    .replace(/:$/, '')
    .trim()
}

/** The options its header's command line shows, e.g. `[--write]`. */
function usageOf(name: string, lines: string[]): string {
  const at = lines.findIndex((l) => l.includes(`bench/${name}.ts`))
  if (at < 0) return ''
  const opts = [
    lines[at]
      .split(`bench/${name}.ts`)[1]
      .split('`')[0]
      .split(/\s{2,}\(/)[0],
  ]
  for (let i = at + 1; i < lines.length && /^\s+\[/.test(lines[i]); i++) opts.push(lines[i])
  return opts.join(' ').replace(/\s+/g, ' ').trim()
}

/** What must exist before it runs, when its header says so ("Run after `…`", "(needs …)"). */
function needsOf(lines: string[]): string | undefined {
  const text = lines.join(' ')
  const after = /\bRun after `([^`]+)`/.exec(text)
  if (after) return `run \`${after[1]}\` first`
  const needs = /\(needs ([^)]+)\)/.exec(text)
  if (!needs) return undefined
  // The clause it qualifies, e.g. "without a URL it starts the product itself".
  const clause = text
    .slice(0, needs.index)
    .split(/[.:;]\s/)
    .pop()
    ?.trim()
  return clause ? `${needs[1]} (${clause})` : needs[1]
}

function benchmarks(): Bench[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .map((f) => f.slice(0, -3))
    .filter((name) => !isHelper(name))
    .sort()
    .map((name) => {
      const lines = header(readFileSync(join(dir, `${name}.ts`), 'utf8'))
      return { name, purpose: purposeOf(lines), usage: usageOf(name, lines), needs: needsOf(lines) }
    })
}

function wrap(text: string, width: number): string[] {
  const out: string[] = []
  let line = ''
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      out.push(line)
      line = word
    } else line = line ? `${line} ${word}` : word
  }
  if (line) out.push(line)
  return out
}

function list(all: Bench[]): void {
  const pad = Math.max(...all.map((b) => b.name.length)) + 4
  const width = Math.max(60, Math.min(process.stdout.columns ?? 110, 110) - pad)
  console.log('Benchmarks: npm run bench -- <name> [<name>…] [-- <options for each>]\n')
  for (const b of all) {
    const notes = [b.usage && `options: ${b.usage}`, b.needs && `needs: ${b.needs}`].filter(Boolean)
    const lines = [...wrap(b.purpose, width), ...(notes.length ? wrap(notes.join('; '), width) : [])]
    lines.forEach((l, i) => console.log(`  ${(i === 0 ? b.name : '').padEnd(pad - 2)}${l}`))
  }
  console.log(
    '\nUnless it says what it needs, a benchmark starts its own local cloud in process (building the functions' +
      '\nwhen stale); none needs `npm start` running. Results go to bench/RESULTS.md (see each header).',
  )
}

function runOne(name: string, args: string[]): Promise<{ code: number | null; signal: string | null }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [require.resolve('tsx/cli'), join(dir, `${name}.ts`), ...args], {
      cwd: root,
      stdio: 'inherit',
    })
    child.on('error', (err) => {
      console.error(err)
      done({ code: 1, signal: null })
    })
    child.on('exit', (code, signal) => done({ code, signal }))
  })
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2)
  const dash = argv.indexOf('--')
  const names = dash >= 0 ? argv.slice(0, dash) : argv
  const args = dash >= 0 ? argv.slice(dash + 1) : []
  const all = benchmarks()
  if (names.length === 0) return list(all)

  const valid = all.map((b) => b.name)
  const unknown = names.filter((n) => !valid.includes(n.replace(/\.ts$/, '')))
  if (unknown.length) {
    console.error(
      `Unknown benchmark${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}\nValid: ${valid.join(', ')}`,
    )
    process.exit(2)
  }

  // Ctrl-C reaches the running benchmark too; wait for it to stop, then run no more.
  let interrupted = false
  process.on('SIGINT', () => (interrupted = true))
  process.on('SIGTERM', () => (interrupted = true))

  const results: string[] = []
  let failed = 0
  for (const raw of names) {
    const name = raw.replace(/\.ts$/, '')
    console.log(`\n=== bench/${name}.ts${args.length ? ` ${args.join(' ')}` : ''}`)
    const t0 = Date.now()
    const { code, signal } = await runOne(name, args)
    const secs = ((Date.now() - t0) / 1000).toFixed(1)
    const ok = code === 0
    if (!ok) failed++
    results.push(`  ${name}: ${ok ? 'ok' : `FAILED (${signal ?? `exit ${code}`})`} in ${secs} s`)
    if (interrupted || signal === 'SIGINT' || signal === 'SIGTERM') {
      results.push('  (interrupted: the rest were not run)')
      break
    }
  }
  console.log(`\n=== ${names.length} benchmark${names.length > 1 ? 's' : ''}, ${failed} failed`)
  for (const r of results) console.log(r)
  process.exit(failed || interrupted ? 1 : 0)
}

void main()
