export { StatusTag, type StatusTone, type StatusTagProps } from './StatusTag'
export { demandTone, bookingTone } from './tones'
