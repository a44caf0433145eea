import type { z } from 'zod'
import type { ErrorCode, FieldIssue } from '../../types/common'

/** An expected failure: becomes `{ ok: false, error }` with a zh-CN message; never logged as a fault. */
export class AppError extends Error {
  constructor(
    readonly code: Exclude<ErrorCode, 'INTERNAL'>,
    message: string,
    readonly details?: unknown,
  ) {
    super(message)
    this.name = 'AppError'
  }
}

export const invalid = (path: string, message: string) =>
  new AppError('INVALID_INPUT', message, { issues: [{ path, message }] satisfies FieldIssue[] })
export const forbidden = (message = '您没有权限进行这项操作') => new AppError('FORBIDDEN', message)
export const notFound = (message = '没有找到相关内容') => new AppError('NOT_FOUND', message)
export const conflict = (message: string, details?: unknown) => new AppError('CONFLICT', message, details)
export const rateLimited = (message: string) => new AppError('RATE_LIMITED', message)

/** zod issues → field paths and zh-CN messages (zod's zh-CN locale is configured in router.ts). */
export function fromZodError(error: z.ZodError): AppError {
  const issues: FieldIssue[] = error.issues.map((i) => ({
    path: i.path.map(String).join('.') || '(root)',
    message: i.message,
  }))
  const first = issues[0]
  const message = first
    ? `填写的内容有误：${first.path === '(root)' ? '' : `${first.path} `}${first.message}`
    : '填写的内容有误'
  return new AppError('INVALID_INPUT', message, { issues })
}

/** CloudBase answers a duplicate `_id` or unique-index violation with errCode -502001 and "E11000". */
export function isDuplicateKey(err: unknown): boolean {
  const e = err as { errCode?: number; message?: string; errMsg?: string } | null
  const text = `${e?.message ?? ''} ${e?.errMsg ?? ''}`
  return /E11000|duplicate key/i.test(text)
}
