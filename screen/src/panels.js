// The HTML panels: KPIs, the overdue list, the cadre ranking, the live feed.
import { CATEGORY, OPEN_STATUSES, chinaTime, chinaDay, percent, yuan } from './labels.js'

const $ = id => document.getElementById(id)

// Drops trailing rows that would be cut off at the bottom of their panel: a wall display
// shows whole rows only.
function fit(list) {
  const panel = list.closest('.panel')
  if (!panel) return
  const bottom = panel.getBoundingClientRect().bottom - 8
  while (list.children.length > 1 && list.lastElementChild.getBoundingClientRect().bottom > bottom) list.removeChild(list.lastElementChild)
}
const esc = s => String(s == null ? '' : s).replace(/[&<>"]/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]))

export function kpis(view) {
  $('kpi-filed').textContent = view.filed
  $('kpi-open').textContent = view.by_status.filter(s => OPEN_STATUSES.includes(s.status)).reduce((n, s) => n + s.count, 0)
  $('kpi-overdue').textContent = view.overdue
  const p50 = view.handling_time.p50_minutes
  $('kpi-p50').textContent = p50 == null ? '—' : p50 >= 120 ? `${Math.round(p50 / 6) / 10}小时` : `${p50}分钟`
  const today = view.by_day.find(d => d.day === chinaDay(new Date()))
  $('kpi-today').textContent = today ? today.filed : 0
}

export function overdue(items, names, now) {
  const rows = items.slice(0, 9).map(c => {
    const due = c.accepted_at ? c.resolution_due_at : c.response_due_at
    const hours = Math.max(0, Math.round((now - new Date(due)) / 3600000))
    return `<tr><td>${esc(CATEGORY[c.category] || c.category)}</td><td>${esc(names(c.jurisdiction || c.reported_jurisdiction || ''))}</td>` +
      `<td>${esc(chinaTime(due, true))}</td><td class="late">${hours >= 24 ? `${Math.floor(hours / 24)}天` : `${hours}小时`}</td></tr>`
  })
  $('overdue').innerHTML = rows.length ? rows.join('') : '<tr><td colspan="4">暂无超期事项</td></tr>'
  fit($('overdue'))
}

/** The cadre ranking as GET /api/v1/cadres/ranking answers it ({min_sample, ranked, …}). */
export function ranking(board, cadreName) {
  const ranked = board.ranked.slice(0, 8)
  const rows = ranked.map(c => `<tr><td>${c.rank}</td><td>${esc(cadreName(c.cadre))}</td><td>${c.handled}</td>` +
    `<td>${percent(c.resolution_rate) == null ? '—' : `${percent(c.resolution_rate)}%`}</td>` +
    `<td>${percent(c.satisfaction_rate) == null ? '—' : `${percent(c.satisfaction_rate)}%`}</td><td>${c.encouragements}</td></tr>`)
  $('ranking').innerHTML = rows.length ? rows.join('')
    : `<tr><td colspan="6">样本不足（每人至少${board.min_sample}件才排名）</td></tr>`
  fit($('ranking'))
}

/** Service usage's headline numbers; true when there is anything to chart. */
export function servicesSummary(usage) {
  const has = usage.orders > 0
  $('services').hidden = has
  $('chart-services').hidden = !has
  const rate = usage.completion_rate == null ? '—' : `${Math.round(usage.completion_rate * 1000) / 10}%`
  const rating = usage.average_rating == null ? '—' : usage.average_rating.toFixed(1)
  $('services-summary').innerHTML = `<span>订单 <b>${usage.orders}</b></span><span>完成率 <b>${rate}</b></span>` +
    `<span>平均评分 <b>${rating}</b></span><span>收入 <b>¥${esc(yuan(usage.revenue))}</b></span>`
  return has
}

const FEED_SIZE = 12
export function feedItem(item, names, fresh) {
  const li = document.createElement('li')
  if (fresh) li.className = 'fresh'
  li.dataset.id = item.id
  li.innerHTML = `<span class="when">${esc(chinaTime(item.filed_at))}</span><span class="tag">${esc(CATEGORY[item.category] || item.category)}</span>` +
    `<span class="what">${esc(item.jurisdiction ? `${names(item.jurisdiction)}：` : '')}${esc(item.excerpt)}</span>`
  const feed = $('feed')
  if (feed.querySelector(`[data-id="${item.id}"]`)) return
  if (fresh) feed.insertBefore(li, feed.firstChild)
  else feed.appendChild(li)
  while (feed.children.length > FEED_SIZE) feed.removeChild(feed.lastChild)
  fit(feed)
}

export function message(text) {
  const box = $('message')
  box.hidden = !text
  box.textContent = text || ''
}

export function live(on) {
  const el = $('live')
  el.className = `live ${on ? 'on' : 'off'}`
  el.textContent = on ? '实时' : '重连中'
}
