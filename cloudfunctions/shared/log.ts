/** Structured log lines: ids, names, durations and outcomes only — never personal data. */
export type LogFields = Record<string, string | number | boolean | null | undefined>

export function logLine(level: 'info' | 'warn' | 'error', fields: LogFields): void {
  const line = JSON.stringify({ level, ts: new Date().toISOString(), ...fields })
  if (level === 'error') console.error(line)
  else if (level === 'warn') console.warn(line)
  else console.log(line)
}
