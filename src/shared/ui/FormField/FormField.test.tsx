import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import { useState } from 'react'
import { ApiFailure } from '../../api'
import { FormField, fieldErrorsOf, useFieldErrors } from './index'

function Form() {
  const { errors, check, clear, fromServer } = useFieldErrors(['name', 'phone'])
  const [name, setName] = useState('')
  const [phone, setPhone] = useState('')
  return (
    <>
      <FormField name="name" label="姓名" required error={errors.name}>
        {({ nativeProps: _, ...a11y }) => (
          <input
            {...a11y}
            value={name}
            onChange={(e) => {
              setName(e.target.value)
              clear('name')
            }}
          />
        )}
      </FormField>
      <FormField name="phone" label="手机号" hint="11位数字" error={errors.phone}>
        {({ nativeProps: _, ...a11y }) => (
          <input {...a11y} value={phone} onChange={(e) => setPhone(e.target.value)} />
        )}
      </FormField>
      <button
        onClick={() =>
          check({ name: !name && '请填写姓名', phone: phone.length !== 11 && '手机号是11位数字' })
        }
      >
        提交
      </button>
      <button
        onClick={() =>
          fromServer(
            new ApiFailure('INVALID_INPUT', 'x', { issues: [{ path: 'phone', message: '号码不对' }] }),
          )
        }
      >
        服务器
      </button>
    </>
  )
}

test('errors show at their fields, the first takes focus, what was typed stays', async () => {
  // jsdom drops focus again after React's commit; what matters is which control the form focused.
  const focused: Element[] = []
  jest.spyOn(HTMLElement.prototype, 'focus').mockImplementation(function (this: HTMLElement) {
    focused.push(this)
  })
  const { container } = render(<Form />)
  const phone = container.querySelector('#input-phone') as HTMLInputElement
  fireEvent.change(phone, { target: { value: '123' } })
  fireEvent.click(screen.getByText('提交'))
  expect(screen.getByText('请填写姓名')).toBeTruthy()
  expect(screen.getByText('手机号是11位数字')).toBeTruthy()
  const name = container.querySelector('#input-name') as HTMLInputElement
  await waitFor(() => expect(focused).toContain(name))
  expect(focused).not.toContain(phone)
  expect(name.getAttribute('aria-invalid')).toBe('true')
  expect(name.getAttribute('aria-describedby')).toBe('error-name')
  expect(phone.getAttribute('aria-describedby')).toBe('error-phone hint-phone')
  expect(phone.value).toBe('123')
  // Typing into a field clears its own error only.
  fireEvent.change(name, { target: { value: '王秀英' } })
  expect(screen.queryByText('请填写姓名')).toBeNull()
  expect(screen.getByText('手机号是11位数字')).toBeTruthy()
})

afterEach(() => jest.restoreAllMocks())

test('on H5 the label and state also reach the input inside a Taro control (nativeProps)', () => {
  let seen: Record<string, unknown> | undefined
  render(
    <FormField name="room" label="房间号" required error="请填写房间号">
      {(a11y) => {
        seen = a11y.nativeProps
        return null
      }}
    </FormField>,
  )
  expect(seen).toEqual({
    'aria-label': '房间号',
    'aria-invalid': true,
    'aria-required': true,
    'aria-describedby': 'error-room',
  })
})

test('a required field says so in words, and the label names the control', () => {
  const { container } = render(<Form />)
  expect(screen.getByText('（必填）')).toBeTruthy()
  const name = container.querySelector('#input-name')!
  expect(name.getAttribute('aria-label')).toBe('姓名')
  expect(name.getAttribute('aria-required')).toBe('true')
})

test("the server's INVALID_INPUT issues land at their fields", () => {
  render(<Form />)
  fireEvent.click(screen.getByText('服务器'))
  expect(screen.getByText('号码不对')).toBeTruthy()
  expect(fieldErrorsOf(new ApiFailure('NOT_FOUND', 'x'))).toBeUndefined()
})
