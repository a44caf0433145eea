import type { AdminBody } from '../contracts'
import type { Action } from './actions'
import { createAdmin } from './admin'
import { DbError } from './errors'

const body = (action: string, more: Record<string, unknown> = {}): AdminBody => ({ action, ...more })

const actions: Record<string, Action> = {
  'database.ok': async () => ({ data: { list: [] } }),
  'database.refused': async () => {
    throw new DbError('DATABASE_COLLECTION_NOT_EXIST', 'Db or Table not exist: x')
  },
  'database.bug': async () => {
    throw new TypeError('cannot read x of undefined')
  },
}

test('a database action answers its reply with a request id', async () => {
  const admin = createAdmin(actions, { quiet: true })
  expect(await admin.handle(body('database.ok'), '')).toEqual({
    data: { list: [] },
    requestId: expect.stringMatching(/^db-/),
  })
})

test("another service's action and an unknown database action are left to the next service", async () => {
  const admin = createAdmin(actions, { quiet: true })
  expect(await admin.handle(body('storage.getUploadMetadata'), '')).toBeUndefined()
  expect(await admin.handle(body('database.nope'), '')).toBeUndefined()
})

test('a DbError is the cloud error reply; anything else is SYS_ERR without internals', async () => {
  const admin = createAdmin(actions, { quiet: true })
  expect(await admin.handle(body('database.refused'), '')).toEqual({
    code: 'DATABASE_COLLECTION_NOT_EXIST',
    message: 'Db or Table not exist: x',
    requestId: expect.any(String),
  })
  expect(await admin.handle(body('database.bug'), '')).toEqual({
    code: 'SYS_ERR',
    message: 'internal database error',
    requestId: expect.any(String),
  })
})

test('refusals are logged unless quiet', async () => {
  const warn = jest.spyOn(console, 'warn').mockImplementation(() => {})
  const error = jest.spyOn(console, 'error').mockImplementation(() => {})
  try {
    await createAdmin(actions).handle(body('database.refused', { collectionName: 'x' }), '')
    expect(warn).toHaveBeenCalledWith(
      '[db] database.refused x -> DATABASE_COLLECTION_NOT_EXIST: Db or Table not exist: x',
    )
    expect(error).not.toHaveBeenCalled()
    await createAdmin(actions, { quiet: true }).handle(body('database.bug'), '')
    expect(warn).toHaveBeenCalledTimes(1)
  } finally {
    warn.mockRestore()
    error.mockRestore()
  }
})

test('every database request is counted per action, unknown ones too, until reset', async () => {
  const admin = createAdmin(actions, { quiet: true })
  await admin.handle(body('database.ok'), '')
  await admin.handle(body('database.ok'), '')
  await admin.handle(body('database.refused'), '')
  await admin.handle(body('database.nope'), '')
  await admin.handle(body('storage.x'), '')
  expect(admin.requestCounts()).toEqual({ 'database.ok': 2, 'database.refused': 1, 'database.nope': 1 })
  admin.resetRequestCounts()
  expect(admin.requestCounts()).toEqual({})
})
