import { checkPatch, DocumentShapeError } from './repo'

// The round trips are tested through the real SDK in tests/integration/data; these are the pure checks.
describe('checkPatch', () => {
  test('accepts values of the fields’ types and leaves commands to the database', () => {
    const inc = new (class UpdateCommand {})()
    expect(() => checkPatch('demands', { status: 'resolved', version: inc, 'rating.score': 3 })).not.toThrow()
    expect(() => checkPatch('stats', { demands: { submitted: inc } })).not.toThrow()
  })

  test('refuses a value of the wrong type, naming the field', () => {
    expect(() => checkPatch('demands', { status: 'lost' })).toThrow(DocumentShapeError)
    expect(() => checkPatch('bookings', { startTime: 930 })).toThrow(/startTime/)
  })

  test('never lets an update change _id', () => {
    expect(() => checkPatch('residents', { _id: 'someone-else' })).toThrow(/_id/)
  })
})
