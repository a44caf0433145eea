import { wxFailureKind } from './wxFailure'

describe('wxFailureKind: what a failed WeChat call means', () => {
  test.each([
    [{ errMsg: 'chooseImage:fail cancel' }, 'cancel'],
    [{ errMsg: 'scanCode:fail cancel' }, 'cancel'],
    [{ errMsg: 'chooseImage:fail auth deny', errno: 103 }, 'denied'],
    [{ errMsg: 'addPhoneCalendar:fail auth denied' }, 'denied'],
    [{ errMsg: 'authorize:fail auth deny' }, 'denied'],
    [{ errMsg: 'chooseImage:fail privacy permission is not authorized', errno: 104 }, 'privacy'],
    // errno wins over wording: WeChat's wording differs between base library versions.
    [{ errMsg: 'scanCode:fail', errno: 104 }, 'privacy'],
    [{ errMsg: 'chooseImage:fail', errno: 103 }, 'denied'],
    [{ errMsg: 'chooseImage:fail no space left' }, 'other'],
    [new Error('boom'), 'other'],
    [undefined, 'other'],
    ['chooseImage:fail cancel', 'other'],
  ])('%j → %s', (e, kind) => {
    expect(wxFailureKind(e)).toBe(kind)
  })
})
