// 消息通知: unread marked, opening a message marks it read, 全部已读, the tab badge follows.
const { load, settle, text, tap } = require('./helpers/load')
const { createWx, routeRequests } = require('./helpers/wx')
const { message, error } = require('./helpers/fixtures')

function inbox(handler) {
  const wx = createWx()
  routeRequests(wx, handler)
  return load('pages/inbox/index', { wx })
}

test('lists messages with unread marked and the count on the tab badge', async () => {
  const { comp, simulate, ready, wx } = inbox(() => ({ statusCode: 200, data: { unread: 1, items: [message(), message({ id: 2, kind: 'complaint_reply', title: '网格员已受理', read: true })], next: null } }))
  await ready
  await settle(simulate)
  const t = text(comp)
  expect(t).toContain('1条未读')
  expect(t).toContain('订单已支付')
  expect(t).toContain('诉求 · ')
  expect(comp.dom.querySelectorAll('.main--unread-dot').length).toBe(1)
  expect(wx.setTabBarBadge).toHaveBeenCalledWith(expect.objectContaining({ index: 3, text: '1' }))
})

test('opening an unread message marks it read and reads again after that write', async () => {
  const seen = []
  let read = false
  const { comp, simulate, ready, wx } = inbox((m, p, data) => {
    seen.push([m, p, data])
    if (m === 'POST') { read = true; return { statusCode: 200, data: { position: 90, replay: 'fresh' } } }
    return { statusCode: 200, data: { unread: read ? 0 : 1, items: [message({ read })], next: null } }
  })
  await ready
  await settle(simulate)
  await tap(comp, 'open-0')
  await settle(simulate)
  expect(seen[1]).toEqual(['POST', '/api/v1/inbox/read', { messages: [1] }])
  expect(seen[2][1]).toBe('/api/v1/inbox?after=90')
  expect(text(comp)).toContain('没有未读消息')
  expect(wx.removeTabBarBadge).toHaveBeenCalled()
  await tap(comp, 'open-0') // already read: nothing to send
  expect(seen.filter(s => s[0] === 'POST')).toHaveLength(1)
})

test('全部已读 marks up to the newest message; a failure is shown', async () => {
  const seen = []
  const { comp, simulate, ready } = inbox((m, p, data) => {
    seen.push([m, p, data])
    if (m === 'POST') return { statusCode: 409, data: error('request.contended', 'x') }
    return { statusCode: 200, data: { unread: 2, items: [message({ id: 7 }), message({ id: 5 })], next: null } }
  })
  await ready
  await settle(simulate)
  await tap(comp, 'readAll')
  await settle(simulate)
  expect(seen[1]).toEqual(['POST', '/api/v1/inbox/read', { up_to: 7 }])
  expect(text(comp)).toContain('正在被其他人处理')
})

test('an empty inbox says so', async () => {
  const { comp, simulate, ready } = inbox(() => ({ statusCode: 200, data: { unread: 0, items: [], next: null } }))
  await ready
  await settle(simulate)
  expect(text(comp)).toContain('暂无消息')
})
