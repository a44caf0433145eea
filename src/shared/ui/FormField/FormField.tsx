import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useCallback, useState, type ReactNode } from 'react'
import { ApiFailure } from '../../api'
import './FormField.scss'

/** What a FormField hands its control so that the label, hint and error are announced with it. */
export interface FieldA11y {
  id: string
  'aria-label': string
  'aria-labelledby': string
  'aria-describedby'?: string
  'aria-invalid': boolean
  'aria-required'?: boolean
  /**
   * H5: Taro's Input and Textarea put only `nativeProps` on the inner <input>/<textarea>, so the name
   * and state go there too (without it the control has no label for screen readers). Strip it when
   * spreading onto a plain element.
   */
  nativeProps?: Record<string, string | boolean>
}

export interface FormFieldProps {
  /** Form-unique name: the field's anchor is `field-<name>`, its control's id `input-<name>`. */
  name: string
  label: string
  hint?: string
  required?: boolean
  error?: string | null
  className?: string
  /** The control; a function receives the a11y props to spread onto it (`{...(a11y as object)}`). */
  children: ReactNode | ((a11y: FieldA11y) => ReactNode)
}

export const fieldAnchor = (name: string) => `field-${name}`

/**
 * A labelled form control with an optional hint, a required mark and its error right under it, where
 * the eye already is (not a toast that vanishes over the form).
 */
export function FormField({ name, label, hint, required, error, className, children }: FormFieldProps) {
  const labelId = `label-${name}`
  const hintId = hint ? `hint-${name}` : undefined
  const errorId = error ? `error-${name}` : undefined
  const describedBy = [errorId, hintId].filter(Boolean).join(' ') || undefined
  const a11y: FieldA11y = {
    id: `input-${name}`,
    'aria-label': label,
    'aria-labelledby': labelId,
    ...(describedBy ? { 'aria-describedby': describedBy } : {}),
    'aria-invalid': Boolean(error),
    ...(required ? { 'aria-required': true } : {}),
  }
  if (process.env.TARO_ENV === 'h5') {
    const { id: _id, 'aria-labelledby': _by, nativeProps: _np, ...native } = a11y
    a11y.nativeProps = native
  }
  return (
    <View
      id={fieldAnchor(name)}
      className={['form-field', error ? 'form-field--error' : '', className ?? ''].filter(Boolean).join(' ')}
    >
      <View className="form-field__label" id={labelId}>
        <Text>{label}</Text>
        {required && <Text className="form-field__required">（必填）</Text>}
      </View>
      {hint && (
        <Text className="form-field__hint" id={hintId}>
          {hint}
        </Text>
      )}
      <View className="form-field__control">
        {typeof children === 'function' ? children(a11y) : children}
      </View>
      {error && (
        <View className="form-field__error" id={errorId} role="alert">
          <Text aria-hidden="true">⚠ </Text>
          <Text>{error}</Text>
        </View>
      )}
    </View>
  )
}

export type FieldErrors = Record<string, string | undefined>

/**
 * Moves the eye and the keyboard to the first field with an error, in the order given (the order on the
 * page). On H5 the control inside takes focus; WeChat scrolls the field into view.
 */
export function focusFirstError(order: readonly string[], errors: FieldErrors): string | undefined {
  const first = order.find((n) => errors[n])
  if (!first) return undefined
  if (process.env.TARO_ENV === 'h5' && typeof document !== 'undefined') {
    // After React has drawn the error (the field may grow), not before.
    setTimeout(() => {
      const field = document.getElementById(fieldAnchor(first))
      if (!field) return
      field.scrollIntoView?.({ block: 'center' })
      const control = field.querySelector<HTMLElement>(
        'input, textarea, select, [role=radio], [role=checkbox], [tabindex]',
      )
      control?.focus?.({ preventScroll: true })
    }, 0)
  } else {
    void Taro.pageScrollTo({ selector: `#${fieldAnchor(first)}`, duration: 200 }).catch(() => undefined)
  }
  return first
}

/** The server's INVALID_INPUT issues (`details.issues[{ path, message }]`) by field path. */
export function fieldErrorsOf(err: unknown): FieldErrors | undefined {
  if (!(err instanceof ApiFailure) || err.code !== 'INVALID_INPUT') return undefined
  const issues = (err.details as { issues?: { path?: unknown; message?: unknown }[] } | undefined)?.issues
  if (!Array.isArray(issues) || issues.length === 0) return undefined
  const out: FieldErrors = {}
  for (const i of issues) {
    if (typeof i.path === 'string' && typeof i.message === 'string' && !out[i.path]) out[i.path] = i.message
  }
  return out
}

/**
 * Errors of one form: `check(rules)` sets them (in page order) and focuses the first; typing into a
 * field clears its own error with `clear(name)`. What was typed is never touched.
 */
export function useFieldErrors(order: readonly string[]) {
  const [errors, setErrors] = useState<FieldErrors>({})
  const show = useCallback(
    (next: FieldErrors) => {
      setErrors(next)
      return focusFirstError(order, next) === undefined
    },
    // The order is the page's; it does not change while the form is open.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [],
  )
  /** `rules` maps a field to its message when wrong, or to a falsy value. True when all pass. */
  const check = useCallback(
    (rules: Record<string, string | false | null | undefined>) => {
      const next: FieldErrors = {}
      for (const [k, v] of Object.entries(rules)) if (v) next[k] = v
      return show(next)
    },
    [show],
  )
  const clear = useCallback(
    (name: string) => setErrors((e) => (e[name] ? { ...e, [name]: undefined } : e)),
    [],
  )
  /** Puts a server INVALID_INPUT answer at its fields; false when it was something else. */
  const fromServer = useCallback(
    (err: unknown) => {
      const byField = fieldErrorsOf(err)
      if (!byField || !order.some((n) => byField[n])) return false
      show(byField)
      return true
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [show],
  )
  return { errors, check, clear, fromServer, setErrors: show }
}
