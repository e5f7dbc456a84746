const { load, settle, text, nodes, tap } = require('./helpers/load')
const { createWx, routeRequests } = require('./helpers/wx')
const { error } = require('./helpers/fixtures')

function home(handler) {
  const wx = createWx()
  routeRequests(wx, handler)
  return load('pages/home/index', { wx })
}
const announcement = over => Object.assign({
  id: 'a-1', jurisdiction: '330110003001', title: '周六上午停水通知', body: '因管网检修，周六8:00–12:00停水。', media: [], pinned: true,
  status: 'published', author: 'u-9', published_at: '2026-12-06T01:00:00Z', edited_at: null, withdrawn_at: null, withdraw_reason: null,
}, over)
const feed = items => (m, p) => (p === '/api/v1/announcements/feed'
  ? { statusCode: 200, data: { items, next: null } }
  : { statusCode: 200, data: { unread: 0, items: [], next: null } })

describe('home (首页)', () => {
  test('shows the pinned announcements from the feed, not the unpinned ones, and opens one', async () => {
    const { comp, simulate, ready } = home(feed([announcement(), announcement({ id: 'a-2', title: '社区义诊', pinned: false })]))
    await ready
    await settle(simulate)
    let t = text(comp)
    expect(t).toContain('周六上午停水通知')
    expect(t).not.toContain('社区义诊')
    expect(t).not.toContain('管网检修')
    await tap(comp, 'announcement-0')
    await settle(simulate)
    t = text(comp)
    expect(t).toContain('管网检修')
  })

  test('no pinned announcements: the empty state; a failed feed: the error and a retry', async () => {
    let fail = true
    const { comp, simulate, ready } = home((m, p) => (fail && p === '/api/v1/announcements/feed'
      ? { statusCode: 503, data: error('service.unavailable', 'x') }
      : feed([])(m, p)))
    await ready
    await settle(simulate)
    expect(text(comp)).toContain('服务暂时不可用')
    fail = false
    await tap(comp, 'onRetry')
    await settle(simulate)
    expect(text(comp)).toContain('暂无置顶公告')
  })

  test('the quick entries have icon and words', async () => {
    const { comp, simulate, ready } = home(feed([]))
    await ready
    await settle(simulate)
    const t = text(comp)
    for (const label of ['我要投诉', '我要鼓励', '我要委托', '进度查询', '生活缴费/服务', '网上申办']) expect(t).toContain(label)
    const entries = nodes(comp, '.entry')
    expect(entries).toHaveLength(6)
    entries.forEach(e => {
      // The icon (first child) is never alone: words follow it.
      const [icon, words] = e.dom.children
      expect(icon.textContent.trim()).not.toBe('')
      expect(words.textContent.trim().length).toBeGreaterThan(1)
    })
  })

  test('tapping an entry navigates; 生活缴费/服务 switches to the 服务 tab', async () => {
    const { comp, simulate, ready, wx } = home(feed([]))
    await ready
    await settle(simulate)
    const entries = nodes(comp, '.entry')
    entries[0].dispatchEvent('tap')
    entries[2].dispatchEvent('tap')
    entries[4].dispatchEvent('tap')
    entries[5].dispatchEvent('tap')
    await settle(simulate)
    expect(wx.navigateTo.mock.calls.map(c => c[0].url)).toEqual([
      '/pages/complaint/form/index', '/pages/entrust/index', '/pages/applications/guides/index',
    ])
    expect(wx.switchTab).toHaveBeenCalledWith({ url: '/pages/services/index' })
  })
})
