export { PageShell } from './PageShell'
export { PrivacyPrompt } from './PrivacyPrompt'
export { LoadingSkeleton, EmptyState, ErrorState, QueryView } from './States'
export { focusable, Heading, PageHero, Section, Tile } from './Section'
