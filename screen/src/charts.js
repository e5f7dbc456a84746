// The ECharts panels. Only the chart types used are imported, so the bundle stays small.
import * as echarts from 'echarts/core'
import { BarChart, LineChart, PieChart, GaugeChart } from 'echarts/charts'
import { GridComponent, TooltipComponent, LegendComponent } from 'echarts/components'
import { CanvasRenderer } from 'echarts/renderers'
import { CATEGORY, STATUS, SERVICE_CATEGORY, percent } from './labels.js'

echarts.use([BarChart, LineChart, PieChart, GaugeChart, GridComponent, TooltipComponent, LegendComponent, CanvasRenderer])

const TEXT = '#e8f0ff'
const MUTED = '#b8c8e6'
const LINE = '#1f4f8f'
const PALETTE = ['#4fa3ff', '#5ad8a6', '#f6bd16', '#ff8a7a', '#9d8cff', '#5dd6e8', '#ffb86b', '#c8d3e6']
const axis = { axisLabel: { color: MUTED, fontSize: 14 }, axisLine: { lineStyle: { color: LINE } }, splitLine: { lineStyle: { color: LINE, opacity: 0.4 } } }

const charts = {}
function chart(id) {
  if (!charts[id]) charts[id] = echarts.init(document.getElementById(id), null, { renderer: 'canvas' })
  return charts[id]
}

function rates(view) {
  const items = [['响应率', view.response_rate], ['解决率', view.resolution_rate], ['满意率', view.satisfaction_rate]]
  chart('chart-rates').setOption({
    series: items.map(([name, rate], i) => ({
      type: 'gauge', name, center: [`${17 + i * 33}%`, '58%'], radius: '78%', min: 0, max: 100,
      startAngle: 210, endAngle: -30, progress: { show: true, width: 12 }, pointer: { show: false },
      axisLine: { lineStyle: { width: 12, color: [[1, LINE]] } }, axisTick: { show: false }, splitLine: { show: false }, axisLabel: { show: false },
      itemStyle: { color: PALETTE[i] },
      title: { offsetCenter: [0, '62%'], color: MUTED, fontSize: 18 },
      detail: { offsetCenter: [0, '5%'], color: TEXT, fontSize: 28, formatter: v => (percent(rate) == null ? '—' : `${v}%`) },
      data: [{ value: percent(rate) == null ? 0 : percent(rate), name }],
    })),
  })
}

function category(view) {
  chart('chart-category').setOption({
    color: PALETTE,
    tooltip: { trigger: 'item' },
    legend: { orient: 'vertical', right: 10, top: 'middle', textStyle: { color: TEXT, fontSize: 15 } },
    series: [{
      type: 'pie', radius: ['45%', '75%'], center: ['35%', '50%'], label: { color: TEXT, formatter: '{c}', fontSize: 15 },
      data: view.by_category.map(c => ({ name: CATEGORY[c.category] || c.category, value: c.count })),
    }],
  })
}

function status(view) {
  const rows = view.by_status.slice().reverse()
  chart('chart-status').setOption({
    grid: { left: 80, right: 40, top: 8, bottom: 24 },
    tooltip: {},
    xAxis: Object.assign({ type: 'value' }, axis),
    yAxis: Object.assign({ type: 'category', data: rows.map(s => STATUS[s.status] || s.status) }, axis),
    series: [{ type: 'bar', data: rows.map(s => s.count), itemStyle: { color: PALETTE[0] }, label: { show: true, position: 'right', color: TEXT } }],
  })
}

function trend(view) {
  const days = view.by_day.slice(-30)
  chart('chart-trend').setOption({
    color: [PALETTE[0], PALETTE[1]],
    grid: { left: 50, right: 20, top: 36, bottom: 30 },
    tooltip: { trigger: 'axis' },
    legend: { data: ['新增', '办结'], top: 0, right: 10, textStyle: { color: TEXT, fontSize: 15 } },
    xAxis: Object.assign({ type: 'category', data: days.map(d => d.day.slice(5)) }, axis),
    yAxis: Object.assign({ type: 'value', minInterval: 1 }, axis),
    series: [
      { name: '新增', type: 'line', smooth: true, areaStyle: { opacity: 0.2 }, data: days.map(d => d.filed) },
      { name: '办结', type: 'line', smooth: true, data: days.map(d => d.resolved) },
    ],
  })
}

function jurisdiction(view, names) {
  const top = view.by_jurisdiction.slice(0, 10).reverse()
  chart('chart-jurisdiction').setOption({
    grid: { left: 170, right: 40, top: 8, bottom: 24 },
    tooltip: {},
    xAxis: Object.assign({ type: 'value', minInterval: 1 }, axis),
    yAxis: Object.assign({ type: 'category', data: top.map(j => (j.jurisdiction ? names(j.jurisdiction) : '未分派')) }, axis),
    series: [{ type: 'bar', data: top.map(j => j.count), itemStyle: { color: PALETTE[4] }, label: { show: true, position: 'right', color: TEXT } }],
  })
}

export function render(view, names) {
  rates(view)
  category(view)
  status(view)
  trend(view)
  jurisdiction(view, names)
}

// Service usage (GET /api/v1/dashboard/service-usage): orders per category over the period,
// reserved against completed. Drawn only when there is at least one order.
export function services(usage) {
  const totals = {}
  usage.rows.forEach(r => {
    const t = totals[r.category] || (totals[r.category] = { reserved: 0, completed: 0 })
    t.reserved += r.reserved
    t.completed += r.completed
  })
  const cats = Object.keys(totals).sort((a, b) => totals[b].reserved - totals[a].reserved)
  chart('chart-services').setOption({
    color: [PALETTE[2], PALETTE[1]],
    grid: { left: 90, right: 30, top: 30, bottom: 20 },
    tooltip: { trigger: 'axis' },
    legend: { data: ['预约', '完成'], top: 0, right: 10, textStyle: { color: TEXT, fontSize: 15 } },
    xAxis: Object.assign({ type: 'value', minInterval: 1 }, axis),
    yAxis: Object.assign({ type: 'category', data: cats.map(c => SERVICE_CATEGORY[c] || c) }, axis),
    series: [
      { name: '预约', type: 'bar', data: cats.map(c => totals[c].reserved), label: { show: true, position: 'right', color: TEXT } },
      { name: '完成', type: 'bar', data: cats.map(c => totals[c].completed), label: { show: true, position: 'right', color: TEXT } },
    ],
  })
}

export function resize() {
  Object.values(charts).forEach(c => c.resize())
}

export { charts }
