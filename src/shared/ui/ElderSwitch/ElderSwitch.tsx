import { Text, View } from '@tarojs/components'
import { elderMode, useElderMode } from '../../prefs'
import './ElderSwitch.scss'

/**
 * The 长辈模式 switch as a big tile: larger type, stronger contrast and bigger buttons on every page.
 * Drawn here rather than NutUI Switch: that one writes an invalid `aria-role` on H5.
 */
export function ElderSwitch({ id = 'elder-mode', className }: { id?: string; className?: string }) {
  const elder = useElderMode()
  const toggle = () => elderMode.set(!elder)
  return (
    <View
      id={id}
      className={`tile elder-switch ${className ?? ''}`}
      role="switch"
      aria-checked={elder}
      aria-label="长辈模式"
      onClick={toggle}
      {...({
        tabIndex: 0,
        onKeyDown: (e: { key?: string; preventDefault?: () => void }) => {
          if (e.key === 'Enter' || e.key === ' ') {
            e.preventDefault?.()
            toggle()
          }
        },
      } as object)}
    >
      <View className="tile__body">
        <Text className="tile__title">长辈模式</Text>
        <Text className="tile__description">
          {elder ? '已打开：字更大，颜色更清楚' : '字太小？打开后字更大，按钮更好点'}
        </Text>
      </View>
      <View className={`elder-switch__toggle${elder ? ' elder-switch__toggle--on' : ''}`} aria-hidden="true">
        <View className="elder-switch__knob" />
      </View>
    </View>
  )
}
