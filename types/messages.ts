/**
 * Subscribe-message templates (订阅消息模板). The app asks for them by key; the ids are the ones the
 * mini-program registers in the WeChat admin console, configured per deployment. Locally the emulator's
 * sink accepts any id, so the keys themselves serve as ids.
 */
import { z } from 'zod'

export const TemplateKey = z.enum([
  'demandUpdate', // 诉求处理进度提醒 — to the resident
  'demandAlert', // 新诉求 / 即将超时 / 已超时 — to staff
  'bookingReminder', // 预约办事提醒
  'noticePublished', // 社区通知
  'visitOnline', // 线上走访
  'visitDue', // 走访提醒 — to block heads
  'digest', // 街道摘要 / 绩效 — to officers and admins
])
export type TemplateKey = z.infer<typeof TemplateKey>

export const TEMPLATE_TITLE: Record<TemplateKey, string> = {
  demandUpdate: '诉求处理进度提醒',
  demandAlert: '诉求待办提醒',
  bookingReminder: '预约办事提醒',
  noticePublished: '社区通知',
  visitOnline: '线上走访',
  visitDue: '走访提醒',
  digest: '工作摘要',
}

/** Production template ids come from the deployment (`LINLI_TEMPLATE_<KEY>`); locally the key is the id. */
export function templateId(key: TemplateKey, env: Record<string, string | undefined> = {}): string {
  return env[`LINLI_TEMPLATE_${key}`] ?? key
}
