import { Text, View } from '@tarojs/components'
import type { ReactNode } from 'react'

/** A titled block of a page. */
export function Section({
  title,
  extra,
  children,
}: {
  title?: string
  extra?: ReactNode
  children: ReactNode
}) {
  return (
    <View className="section">
      {(title || extra) && (
        <View className="section__head">
          {title && (
            <Heading level={2} className="section__title">
              {title}
            </Heading>
          )}
          {extra}
        </View>
      )}
      {children}
    </View>
  )
}

/** The title block at the top of a page: a heading, an optional line under it and anything else. */
export function PageHero({
  title,
  subtitle,
  subtitleId,
  children,
}: {
  title: ReactNode
  subtitle?: ReactNode
  subtitleId?: string
  children?: ReactNode
}) {
  return (
    <View className="page-hero">
      <Heading level={1} className="page-hero__title">
        {title}
      </Heading>
      {subtitle != null && (
        <Text className="page-hero__subtitle" {...(subtitleId !== undefined ? { id: subtitleId } : {})}>
          {subtitle}
        </Text>
      )}
      {children}
    </View>
  )
}

/** Lets keyboards and screen readers reach a tappable View (H5); WeChat ignores it. */
export const focusable = { tabIndex: 0 } as object

/** A big tappable card: a title, an optional line under it and an optional badge. */
export function Tile({
  title,
  description,
  badge,
  onClick,
  id,
}: {
  title: string
  description?: string
  badge?: string | number
  onClick?: () => void
  id?: string
}) {
  return (
    <View
      className="tile"
      id={id}
      onClick={onClick}
      role={onClick ? 'button' : undefined}
      hoverClass="tile--pressed"
    >
      <View className="tile__body">
        <Text className="tile__title">{title}</Text>
        {description && <Text className="tile__description">{description}</Text>}
      </View>
      {badge !== undefined && badge !== '' && <Text className="tile__badge">{badge}</Text>}
      {onClick && (
        <Text className="tile__arrow" aria-hidden="true">
          ›
        </Text>
      )}
    </View>
  )
}

/** A heading that screen readers announce as one (`Text` cannot carry a role). */
export function Heading({
  level = 1,
  className,
  children,
}: {
  level?: 1 | 2 | 3
  className?: string
  children: ReactNode
}) {
  return (
    <View className={className} role="heading" aria-level={level}>
      {children}
    </View>
  )
}
