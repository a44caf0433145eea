import { View } from '@tarojs/components'
import Echarts from 'taro-react-echarts'
import * as echarts from 'echarts/core'
import { BarChart, LineChart } from 'echarts/charts'
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components'
import { CanvasRenderer } from 'echarts/renderers'

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer])

/**
 * One chart for both builds (echarts through taro-react-echarts, a 2D canvas on weapp). Kept in the
 * pkg-office subpackage so the library never loads for residents. `summary` is what a screen reader says.
 * No width in `style`: on H5 the component hands style sizes to echarts.init, which cannot read '100%';
 * without one it measures the canvas.
 */
export function Chart({
  option,
  summary,
  height = 300,
}: {
  option: Record<string, unknown>
  summary: string
  height?: number
}) {
  return (
    <View className="chart card" role="img" aria-label={summary}>
      {/* No animation: a printed page or a screenshot shows the whole bars, not a frame of them growing. */}
      <Echarts
        echarts={echarts}
        option={{ animation: false, ...option } as never}
        style={{ height: `${height}px` }}
      />
    </View>
  )
}
