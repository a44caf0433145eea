import { z } from 'zod'
import { zhCN } from 'zod/locales'
import { fromZodError, isDuplicateKey } from './errors'

z.config(zhCN())

test('zod issues become field paths with zh-CN messages', () => {
  const schema = z.object({
    members: z.array(z.object({ birthYear: z.number().int() })),
    text: z.string().min(5),
  })
  const parsed = schema.safeParse({ members: [{ birthYear: 'x' }], text: 'ab' })
  expect(parsed.success).toBe(false)
  if (parsed.success) return
  const err = fromZodError(parsed.error)
  expect(err.code).toBe('INVALID_INPUT')
  const issues = (err.details as { issues: { path: string; message: string }[] }).issues
  expect(issues.map((i) => i.path).sort()).toEqual(['members.0.birthYear', 'text'])
  for (const i of issues) expect(i.message).toMatch(/[\u4e00-\u9fa5]/)
  expect(err.message).toMatch(/^填写的内容有误/)
})

test('recognizes the duplicate-key error as the SDK reports it', () => {
  expect(
    isDuplicateKey({
      errCode: -502001,
      message: 'collection.add:fail -502001 database request fail. E11000 duplicate key error',
    }),
  ).toBe(true)
  expect(
    isDuplicateKey({ errCode: -502003, message: 'collection.add:fail -502003 database permission denied' }),
  ).toBe(false)
  expect(isDuplicateKey(null)).toBe(false)
})
