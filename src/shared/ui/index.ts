export { PageShell } from './PageShell'
export { PrivacyPrompt, PRIVACY_SUMMARY } from './PrivacyPrompt'
export { LoadingSkeleton, EmptyState, ErrorState, QueryView, Picture } from './States'
export { focusable, Heading, Section, Tile } from './Section'
