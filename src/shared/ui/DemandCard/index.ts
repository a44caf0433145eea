export { DemandCard, type DemandCardProps } from './DemandCard'
