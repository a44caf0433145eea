export { PageShell } from './PageShell'
export { PrivacyPrompt } from './PrivacyPrompt'
export { LoadingSkeleton, ErrorState, QueryView } from './States'
export { Picture } from './Picture'
export { focusable, Heading, PageHero, Section, Tile } from './Section'
export { StatusTag, demandTone, bookingTone, type StatusTone, type StatusTagProps } from './StatusTag'
export { Chips, RadioChips, optionsOf, type ChipOption } from './Chips'
export {
  FormField,
  focusFirstError,
  fieldAnchor,
  fieldErrorsOf,
  useFieldErrors,
  type FieldA11y,
  type FieldErrors,
  type FormFieldProps,
} from './FormField'
export { DemandCard, type DemandCardProps } from './DemandCard'
export { EmptyState, type EmptyStateProps } from './EmptyState'
export { NavBar, goBack, goHome, type NavBarProps } from './NavBar'
export { DataTable, type DataColumn, type DataTableLayout, type DataTableProps } from './DataTable'
export { ElderSwitch } from './ElderSwitch'
