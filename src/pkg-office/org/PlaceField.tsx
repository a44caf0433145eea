import { Input, View } from '@tarojs/components'
import { useState } from 'react'
import { FormField, type FieldA11y } from '@/shared/ui'

/**
 * A FormField's name for a Taro Input: on the element itself and, through `nativeProps`, on the inner <input>
 * of the browser build, where screen readers (and axe) look for it.
 */
export const inputA11y = (a11y: FieldA11y): object => named(a11y['aria-label'])
const named = (label: string): object => ({ 'aria-label': label, nativeProps: { 'aria-label': label } })

/** A one-line text field of the organisation forms: labelled, with its error under it, named for H5. */
export function OrgTextField({
  name,
  label,
  value,
  onChange,
  error,
  required,
  hint,
  placeholder,
  maxlength,
}: {
  name: string
  label: string
  value: string
  onChange: (value: string) => void
  error?: string
  required?: boolean
  hint?: string
  placeholder?: string
  maxlength: number
}) {
  return (
    <FormField name={name} label={label} required={required} hint={hint} error={error}>
      {(a11y) => (
        <Input
          className="org-input"
          value={value}
          placeholder={placeholder}
          maxlength={maxlength}
          onInput={(e) => onChange(e.detail.value)}
          {...inputA11y(a11y)}
        />
      )}
    </FormField>
  )
}

export interface Place {
  latitude: number
  longitude: number
}

/**
 * 地图位置 as two numbers (纬度、经度) read off any map. WeChat's map picker (`chooseLocation`) would need a
 * privacy declaration and `requiredPrivateInfos` in app.json for an officer-only page; the numbers do not.
 */
export function PlaceField({
  value,
  onChange,
  error,
  required,
}: {
  value?: Place
  onChange: (p: Place | undefined) => void
  error?: string
  required?: boolean
}) {
  const [lat, setLat] = useState(value ? String(value.latitude) : '')
  const [lng, setLng] = useState(value ? String(value.longitude) : '')
  const typed = (a: string, b: string) => {
    const [la, lo] = [Number(a), Number(b)]
    const ok =
      a && b && Number.isFinite(la) && Number.isFinite(lo) && Math.abs(la) <= 90 && Math.abs(lo) <= 180
    onChange(ok ? { latitude: la, longitude: lo } : undefined)
  }
  return (
    <FormField
      name="place"
      label="地图位置"
      required={required}
      hint="纬度和经度，在手机地图上长按地点可以看到，例如 39.93 和 116.39"
      error={error}
    >
      <View className="org-actions">
        <Input
          className="org-input"
          type="digit"
          value={lat}
          placeholder="纬度"
          onInput={(e) => {
            setLat(e.detail.value)
            typed(e.detail.value, lng)
          }}
          {...named('纬度')}
        />
        <Input
          className="org-input"
          type="digit"
          value={lng}
          placeholder="经度"
          onInput={(e) => {
            setLng(e.detail.value)
            typed(lat, e.detail.value)
          }}
          {...named('经度')}
        />
      </View>
    </FormField>
  )
}
