export { Chips, RadioChips, optionsOf, type ChipOption } from './Chips'
