// Cadre pages: 我的待办 (deadline order, overdue highlighted) and 办理诉求 (accept, note,
// transfer, resolve, with validation and server errors shown).
const { load, settle, text, tap, nodes } = require('./helpers/load')
const { createWx, routeRequests } = require('./helpers/wx')
const { complaint, timeline, queueItem, error } = require('./helpers/fixtures')

function page(path, handler, options) {
  const wx = createWx()
  routeRequests(wx, handler)
  return load(path, { wx, options })
}

test('the queue keeps the server’s deadline order and highlights overdue items', async () => {
  const { comp, simulate, ready, wx } = page('pages/cadre/queue/index', () => ({ statusCode: 200, data: { items: [
    queueItem({ complaint: 'a', due_at: '2026-11-19T02:00:00Z', overdue: true }),
    queueItem({ complaint: 'b', due_at: '2026-11-21T02:00:00Z', deadline: 'resolution', status: 'in_progress' }),
  ], next: null } }))
  await ready
  await settle(simulate)
  expect(comp.instance.data.items.map(i => i.id)).toEqual(['a', 'b'])
  const rows = nodes(comp, '.list-item')
  expect(rows[0].dom.className).toContain('overdue')
  expect(rows[1].dom.className).not.toContain('overdue')
  const t = text(comp)
  expect(t).toContain('已超时')
  expect(t).toContain('受理期限：11月19日 10:00')
  expect(t).toContain('办结期限：11月21日 10:00')
  await tap(comp, 'open-0')
  expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/pages/cadre/item/index?id=a' })
})

test('an empty queue says so', async () => {
  const { comp, simulate, ready } = page('pages/cadre/queue/index', () => ({ statusCode: 200, data: { items: [], next: null } }))
  await ready
  await settle(simulate)
  expect(text(comp)).toContain('暂无待办')
})

test('pull-down refresh on the queue', async () => {
  const { comp, ready, wx } = page('pages/cadre/queue/index', () => ({ statusCode: 200, data: { items: [queueItem()], next: null } }))
  await ready
  await comp.instance.onPullDownRefresh()
  expect(wx.stopPullDownRefresh).toHaveBeenCalled()
})

describe('办理诉求', () => {
  function item(handler) {
    let status = 'assigned'
    const posts = []
    const loaded = page('pages/cadre/item/index', (m, p, d, h) => {
      if (m === 'POST') {
        posts.push({ p, d, key: h['Idempotency-Key'] })
        const res = handler && handler(p, d)
        if (res) return res
        if (p.endsWith('/accept')) status = 'in_progress'
        if (p.endsWith('/resolve')) status = 'resolved'
        return { statusCode: 200, data: { id: 'c-1', position: 50 + posts.length } }
      }
      return { statusCode: 200, data: { complaint: complaint({ status, resolution_overdue: true }), timeline: timeline() } }
    }, { id: 'c-1' })
    return Object.assign(loaded, { posts })
  }

  test('accept, then note, transfer and resolve appear; overdue shown', async () => {
    const { comp, simulate, ready, posts } = item()
    await ready
    await settle(simulate)
    expect(text(comp)).toContain('已超时')
    expect(text(comp)).toContain('受理')
    await tap(comp, 'accept')
    await settle(simulate)
    expect(posts[0].p).toBe('/api/v1/complaints/c-1/accept')
    expect(comp.instance.data.canAccept).toBe(false)
    expect(comp.instance.data.complaint.status).toBe('处理中')

    comp.instance.onNoteInput({ detail: { value: '已联系物业' } })
    await comp.instance.addNote()
    expect(posts[1]).toEqual(expect.objectContaining({ p: '/api/v1/complaints/c-1/notes', d: { text: '已联系物业' } }))
    expect(comp.instance.data.note).toBe('')

    comp.instance.onResolutionInput({ detail: { value: '已清理' } })
    await comp.instance.resolve()
    expect(posts[2].d).toEqual({ resolution: '已清理' })
    expect(comp.instance.data.canHandle).toBe(false)
    expect(new Set(posts.map(p => p.key)).size).toBe(3)
  })

  test('transfer checks the jurisdiction code and the reason before sending', async () => {
    const { comp, simulate, ready, posts } = item()
    await ready
    await settle(simulate)
    comp.instance.onCodeInput({ detail: { value: '3301' } })
    await comp.instance.transfer()
    await settle(simulate)
    expect(text(comp)).toContain('请填写正确的辖区编码')
    comp.instance.onCodeInput({ detail: { value: '330110003002-G001' } })
    await comp.instance.transfer()
    await settle(simulate)
    expect(text(comp)).toContain('请写明转交原因')
    comp.instance.onTransferReasonInput({ detail: { value: '不在本网格' } })
    await comp.instance.transfer()
    expect(posts[0].d).toEqual({ to_jurisdiction: '330110003002-G001', reason: '不在本网格' })
  })

  test('empty note and resolution are refused locally; server refusals are shown', async () => {
    const { comp, simulate, ready, posts } = item(p => (p.endsWith('/accept') ? { statusCode: 403, data: error('complaint.not_allowed', 'only the assigned cadre') } : null))
    await ready
    await settle(simulate)
    await tap(comp, 'addNote')
    await settle(simulate)
    expect(text(comp)).toContain('请先写下进展')
    await tap(comp, 'resolve')
    await settle(simulate)
    expect(text(comp)).toContain('请写明是怎么解决的')
    expect(posts).toHaveLength(0)
    await comp.instance.accept()
    await settle(simulate)
    expect(text(comp)).toContain('操作失败：only the assigned cadre')
  })
})
