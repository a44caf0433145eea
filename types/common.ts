/**
 * The contract every cloud function speaks: `{ action, ...input }` in, a result envelope out.
 * Shared by the app and the functions; every type is inferred from a zod schema, never written twice.
 */
import { z } from 'zod'

/** Error codes of the design; `message` beside them is always zh-CN, for people. */
export const ErrorCode = z.enum([
  'INVALID_INPUT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'RATE_LIMITED',
  'INTERNAL',
])
export type ErrorCode = z.infer<typeof ErrorCode>

/** One invalid field: `path` is dotted (`members.0.birthYear`), `message` zh-CN. */
export const FieldIssue = z.object({ path: z.string(), message: z.string() })
export type FieldIssue = z.infer<typeof FieldIssue>

export const ApiError = z.object({
  code: ErrorCode,
  message: z.string(),
  details: z.unknown().optional(),
  requestId: z.string().optional(),
})
export type ApiError = z.infer<typeof ApiError>

export type Ok<T> = { readonly ok: true; readonly data: T }
export type Fail = { readonly ok: false; readonly error: ApiError }
export type Result<T> = Ok<T> | Fail

/** What a toast says for each code when the server's own message is not shown. */
export const ERROR_TEXT: Record<ErrorCode, string> = {
  INVALID_INPUT: '填写的内容有误，请检查后再试',
  UNAUTHENTICATED: '请先登录',
  FORBIDDEN: '您没有权限进行这项操作',
  NOT_FOUND: '没有找到相关内容',
  CONFLICT: '情况有变化，请刷新后再试',
  RATE_LIMITED: '操作太频繁了，请稍后再试',
  INTERNAL: '系统开小差了，请稍后再试',
}

// ---- shared primitives -------------------------------------------------------------------------

/** Document id: CloudBase generates 32 hex characters; seeds and derived ids use readable strings. */
export const Id = z.string().min(1, '不能为空').max(64, '编号太长')
/** Makes a retried mutation safe: the same id twice has one effect. */
export const ClientRequestId = z
  .string()
  .min(8, '请求编号太短')
  .max(64, '请求编号太长')
  .regex(/^[A-Za-z0-9_-]+$/, '请求编号只能包含字母、数字、下划线和连字符')
/** ISO-8601 instant, as dates cross the wire as strings. */
export const IsoDateTime = z.iso.datetime({ offset: true, message: '时间格式不正确' })
/** A business day in Asia/Shanghai, `YYYY-MM-DD`. */
export const LocalDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')
/** Mainland mobile number. */
export const Phone = z.string().regex(/^1[3-9]\d{9}$/, '请输入11位手机号')
/** A file in cloud storage (`cloud://env.bucket/path`). */
export const FileId = z
  .string()
  .regex(/^cloud:\/\/[^/]+\/.+/, '文件地址不正确')
  .max(512)

/** A page of a list: the cursor is opaque to the client. */
export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().optional(), total: z.number().int().optional() })

export const OkFlag = z.object({ done: z.literal(true) })

/** A stored instant: the SDK hands back a Date, a document written by hand or by an older build may hold a string. */
export const DateLike = z.union([z.date(), z.string()])
