// 数据大屏: loads the dashboard, the cadre ranking and service usage, then follows the SSE
// stream (`dashboard` overviews, `filed` items) so panels change without a reload. The token comes from ?token= (a manager or an
// auditor; the dashboard refuses anyone else).
import { get, all, stream, token } from './api.js'
import * as charts from './charts.js'
import * as panels from './panels.js'
import { index } from './directory.js'
import { OPEN_STATUSES, chinaTime } from './labels.js'

const state = { loadedAt: Date.now(), dashboards: 0, filedEvents: 0, names: index(null), view: null, lastOverdue: 0, lastBoards: 0, usage: null, ranking: null }
window.__screen = { state, charts: charts.charts }

function showDashboard(view) {
  state.view = view
  state.dashboards++
  panels.kpis(view)
  charts.render(view, state.names.node)
}

// The cadre ranking and service usage have their own routes; they follow the dashboard's
// events, at most every 15 s.
async function refreshBoards(force) {
  if (!force && Date.now() - state.lastBoards < 15000) return
  state.lastBoards = Date.now()
  const [ranking, usage] = await Promise.all([get('/api/v1/cadres/ranking'), get('/api/v1/dashboard/service-usage')])
  state.ranking = ranking
  state.usage = usage
  panels.ranking(ranking, state.names.cadre)
  // ECharts needs a visible box to size itself, so the panel is shown before drawing.
  if (panels.servicesSummary(usage)) charts.services(usage)
}

// Open complaints past a deadline, most overdue first. The API has no overdue filter, so the
// open statuses are read and filtered here; at most every 15 s.
async function refreshOverdue(force) {
  if (!force && Date.now() - state.lastOverdue < 15000) return
  state.lastOverdue = Date.now()
  const now = Date.now()
  const lists = await Promise.all(OPEN_STATUSES.map(s => all(`/api/v1/complaints?status=${s}`)))
  const due = c => new Date(c.accepted_at ? c.resolution_due_at : c.response_due_at).getTime()
  const late = lists.flat().filter(c => c.response_overdue || c.resolution_overdue || (due(c) && due(c) < now))
  late.sort((a, b) => due(a) - due(b))
  panels.overdue(late, state.names.node, now)
}

async function start() {
  setInterval(() => { document.getElementById('clock').textContent = chinaTime(new Date().toISOString(), true) }, 1000)
  if (!token) {
    panels.message('请在地址后加上 ?token=（管理员或审计员的登录令牌）')
    return
  }
  try {
    state.names = index(await get('/api/v1/directory').catch(() => null))
    showDashboard(await get('/api/v1/dashboard'))
    const recent = await get('/api/v1/complaints')
    recent.items.slice(0, 12).forEach(c => panels.feedItem({
      id: c.id, category: c.category, jurisdiction: c.jurisdiction, filed_at: c.filed_at, excerpt: c.description.slice(0, 40),
    }, state.names.node, false))
    await refreshOverdue(true)
    await refreshBoards(true)
  } catch (err) {
    panels.message(err.status === 401 || err.status === 403 ? '令牌无效或无权查看（需要管理员或审计员）' : `数据加载失败：${err.message}`)
    return
  }
  stream({
    open: () => { panels.live(true); panels.message('') },
    error: () => panels.live(false),
    dashboard: view => {
      showDashboard(view)
      refreshOverdue(false).catch(() => {})
      refreshBoards(false).catch(() => {})
    },
    filed: item => { state.filedEvents++; panels.feedItem(item, state.names.node, true) },
  })
  setInterval(() => refreshOverdue(true).catch(() => {}), 60000)
  setInterval(() => refreshBoards(true).catch(() => {}), 60000)
  window.addEventListener('resize', charts.resize)
}

start()
