/** Page paths of 业务学习 in 工作台. */
export const LEARNING_ROUTES = {
  path: '/pkg-staff/learning/path/index',
  lesson: (id: string) => `/pkg-staff/learning/lesson/index?id=${encodeURIComponent(id)}`,
  coverage: '/pkg-staff/learning/coverage/index',
} as const

/** What each state means to the clerk, in plain words. */
export const STATE_LABEL = { new: '还没学', certified: '已通过', retake: '要重新考' } as const
