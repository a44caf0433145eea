import Taro from '@tarojs/taro'

export const householdUrl = (id: string) => `/pkg-staff/visits/household/index?id=${encodeURIComponent(id)}`

/**
 * Back to the family file after a save. A page opened directly (from a subscribe message, or reloaded
 * in the browser) has nothing to go back to, so it opens the file instead.
 */
export function backToHousehold(householdId: string): void {
  if (Taro.getCurrentPages().length > 1) void Taro.navigateBack()
  else void Taro.redirectTo({ url: householdUrl(householdId) })
}
