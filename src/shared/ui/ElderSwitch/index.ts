export { ElderSwitch } from './ElderSwitch'
