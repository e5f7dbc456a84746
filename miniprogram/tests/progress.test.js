// 进度查询 (list with paging and refresh) and 诉求进度 (timeline, confirm, reopen, rate).
const { load, settle, text, tap } = require('./helpers/load')
const { createWx, routeRequests } = require('./helpers/wx')
const { complaint, timeline, error } = require('./helpers/fixtures')

function page(path, handler, options) {
  const wx = createWx()
  routeRequests(wx, handler)
  return load(path, { wx, options })
}

describe('进度查询', () => {
  test('lists my complaints with Chinese labels, overdue marked, and loads more on scroll', async () => {
    const seen = []
    const { comp, simulate, ready, wx } = page('pages/complaint/mine/index', (m, p) => {
      seen.push(p)
      if (p.includes('cursor=')) return { statusCode: 200, data: { items: [complaint({ id: 'c-3', status: 'closed' })], next: null } }
      return { statusCode: 200, data: { items: [complaint(), complaint({ id: 'c-2', category: 'theft', resolution_overdue: true })], next: 'CUR1' } }
    }, { after: '42' })
    await ready
    await settle(simulate)
    expect(seen[0]).toBe('/api/v1/complaints/mine?after=42')
    let t = text(comp)
    expect(t).toContain('环境卫生')
    expect(t).toContain('已分派')
    expect(t).toContain('已超时')
    expect(t).toContain('上滑加载更多')
    await comp.instance.onReachBottom()
    await settle(simulate)
    expect(seen[1]).toBe('/api/v1/complaints/mine?after=42&cursor=CUR1')
    t = text(comp)
    expect(comp.instance.data.items).toHaveLength(3)
    expect(t).toContain('已完成')
    expect(t).toContain('没有更多了')
    await comp.instance.onReachBottom() // nothing more to fetch
    expect(seen).toHaveLength(2)
    await tap(comp, 'open-1')
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/pages/complaint/detail/index?id=c-2' })
  })

  test('pull-down refresh reloads from the first page and stops the spinner', async () => {
    let n = 0
    const { comp, simulate, ready, wx } = page('pages/complaint/mine/index', () => {
      n++
      return { statusCode: 200, data: { items: [complaint({ id: `c-${n}` })], next: null } }
    })
    await ready
    await comp.instance.onPullDownRefresh()
    await settle(simulate)
    expect(comp.instance.data.items.map(i => i.id)).toEqual(['c-2'])
    expect(wx.stopPullDownRefresh).toHaveBeenCalled()
  })

  test('empty: says so and offers 我要投诉', async () => {
    const { comp, simulate, ready, wx } = page('pages/complaint/mine/index', () => ({ statusCode: 200, data: { items: [], next: null } }))
    await ready
    await settle(simulate)
    expect(text(comp)).toContain('您还没有提交过诉求')
    await tap(comp, 'fileNew')
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/pages/complaint/form/index' })
  })

  test('errors are shown with a retry that works', async () => {
    let ok = false
    const { comp, simulate, ready } = page('pages/complaint/mine/index', () => (ok
      ? { statusCode: 200, data: { items: [complaint()], next: null } }
      : { network: true }))
    await ready
    await settle(simulate)
    expect(text(comp)).toContain('网络连接失败')
    ok = true
    await comp.instance.reload()
    await settle(simulate)
    expect(text(comp)).not.toContain('网络连接失败')
    expect(text(comp)).toContain('五常社区3幢')
  })
})

describe('诉求进度', () => {
  const detail = over => ({ statusCode: 200, data: { complaint: complaint(over), timeline: timeline() } })

  test('shows the complaint and its timeline; no actions while being handled', async () => {
    const { comp, simulate, ready } = page('pages/complaint/detail/index', () => detail(), { id: 'c-1', after: '7', filed: '1' })
    await ready
    await settle(simulate)
    const t = text(comp)
    expect(t).toContain('提交成功')
    expect(t).toContain('提交诉求')
    expect(t).toContain('分派给网格员')
    expect(t).toContain('11月20日 10:00') // China time
    expect(t).not.toContain('问题解决了吗')
    expect(t).not.toContain('评价这次办理')
  })

  test('resolved: confirm sends the command and re-reads after its position', async () => {
    const calls = []
    let status = 'resolved'
    const { comp, simulate, ready } = page('pages/complaint/detail/index', (m, p, d, h) => {
      calls.push([m, p, h['Idempotency-Key']])
      if (m === 'POST') { status = 'closed'; return { statusCode: 200, data: { id: 'c-1', position: 99, replay: 'fresh' } } }
      return detail({ status })
    }, { id: 'c-1' })
    await ready
    await settle(simulate)
    expect(text(comp)).toContain('问题解决了吗')
    await tap(comp, 'confirm')
    await settle(simulate)
    expect(calls[1][0]).toBe('POST')
    expect(calls[1][1]).toBe('/api/v1/complaints/c-1/confirm')
    expect(calls[1][2]).toBeTruthy()
    expect(calls[2][1]).toBe('/api/v1/complaints/c-1?after=99')
    expect(text(comp)).toContain('已完成')
    expect(text(comp)).not.toContain('问题解决了吗')
  })

  test('reopen needs a reason; the server’s refusal is shown', async () => {
    const { comp, simulate, ready } = page('pages/complaint/detail/index', m => (m === 'POST'
      ? { statusCode: 409, data: error('complaint.reopen_window_closed', 'the reopen window closed') }
      : detail({ status: 'resolved' })), { id: 'c-1' })
    await ready
    await settle(simulate)
    await tap(comp, 'reopen')
    await settle(simulate)
    expect(text(comp)).toContain('请写下还有什么问题没解决')
    comp.instance.onReasonInput({ detail: { value: '垃圾又堆起来了' } })
    await comp.instance.reopen()
    await settle(simulate)
    expect(text(comp)).toContain('当前状态不能进行此操作')
  })

  test('rate: stars required, tags and comment sent', async () => {
    const bodies = []
    const { comp, simulate, ready } = page('pages/complaint/detail/index', (m, p, d) => {
      if (m === 'POST') { bodies.push(d); return { statusCode: 200, data: { id: 'c-1', position: 5 } } }
      return detail({ status: 'closed', rating: bodies.length ? 4 : null })
    }, { id: 'c-1' })
    await ready
    await settle(simulate)
    await tap(comp, 'rate')
    await settle(simulate)
    expect(text(comp)).toContain('请先点星星打分')
    await tap(comp, 'setScore-3')
    await tap(comp, 'toggleTag-0')
    await tap(comp, 'toggleTag-1')
    await settle(simulate)
    expect(text(comp)).toContain('4颗星')
    comp.instance.onCommentInput({ detail: { value: '谢谢' } })
    await comp.instance.rate()
    await settle(simulate)
    expect(bodies[0]).toEqual({ score: 4, tags: ['处理及时', '态度好'], comment: '谢谢' })
    expect(text(comp)).toContain('您的评价：4颗星')
    expect(text(comp)).not.toContain('评价这次办理')
  })

  test('not found is said plainly', async () => {
    const { comp, simulate, ready } = page('pages/complaint/detail/index', () => ({ statusCode: 404, data: error('complaint.not_found', 'no such complaint') }), { id: 'x' })
    await ready
    await settle(simulate)
    expect(text(comp)).toContain('没有找到这条记录')
  })
})
