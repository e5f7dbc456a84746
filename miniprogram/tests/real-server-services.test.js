/**
 * Life services and the inbox against the real linli server (--demo --dev-login
 * --pay-sandbox): a provider registers, a manager approves, the provider lists a service
 * and opens a slot over plain HTTP; then the resident finds it in 服务, reserves from the
 * detail page, pays through wx.requestPayment with the server's signed parameters (the
 * sandbox plays WeChat's payment notification), sees the order in 我的订单, reads the order
 * messages in 消息通知 (badge and read marks), and evaluates the finished order.
 */
const { load, settle, text, tap } = require('./helpers/load')
const { createWx } = require('./helpers/wx')
const server = require('./helpers/server')

let srv
beforeAll(async () => {
  srv = await server.start(['--dev-login', '--demo', '--pay-sandbox'])
}, 90000)
afterAll(() => srv && srv.stop())

let keyN = 0
async function as(openid) {
  const token = await server.devLogin(srv.base, openid)
  return (method, path, body) => server.call(srv.base, method, path, {
    body,
    headers: Object.assign({ Authorization: `Bearer ${token}` }, method === 'GET' ? {} : { 'Idempotency-Key': `mp-services-${++keyN}` }),
  })
}
async function ok(resPromise, what) {
  const res = await resPromise
  if (res.statusCode >= 300) throw new Error(`${what}: ${res.statusCode} ${res.text}`)
  return res.data
}
async function until(check, what, ms = 10000) {
  const end = Date.now() + ms
  for (;;) {
    const value = await check()
    if (value) return value
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise(r => setTimeout(r, 50))
  }
}

test('find, reserve, pay, follow and evaluate a service; its messages arrive in the inbox', async () => {
  // --- a provider gets a listing with a slot (the provider's own app is not ours) -------
  const provider = await as('mp-provider-anxin')
  const manager = await as('demo-county-manager')
  const registered = await ok(provider('POST', '/api/v1/providers', { name: '安心家政', phone: '13800000001', description: '家政保洁' }), 'register')
  await ok(manager('POST', `/api/v1/providers/${registered.id}/approve`), 'approve')
  const listed = await ok(provider('POST', '/api/v1/services', {
    category: 'housekeeping', name: '擦窗保洁两小时', description: '厨房卫生间客厅', price: 8800, scope: ['330110000000'],
  }), 'list')
  const start = new Date(Date.now() + 2 * 86400000)
  const opened = await ok(provider('POST', `/api/v1/services/${listed.id}/slots`, {
    starts_at: start.toISOString(), ends_at: new Date(start.getTime() + 2 * 3600000).toISOString(), capacity: 2,
  }), 'open slot')

  // --- the resident's wx: real HTTP; wx.requestPayment pays through the sandbox ----------
  const wx = createWx()
  server.wire(wx)
  const residentToken = await server.devLogin(srv.base, 'demo-resident')
  wx.setStorageSync('linli.token', residentToken)
  let paidOrder = null
  wx.requestPayment = jest.fn(params => {
    // WeChat would show the sheet; the sandbox posts the signed notification instead.
    const orderId = wx.request.mock.calls.map(c => /\/api\/v1\/orders\/([^/]+)\/pay$/.exec(c[0].url)).filter(Boolean).pop()[1]
    server.call(srv.base, 'POST', `/api/v1/pay/sandbox/orders/${orderId}/pay`, { headers: { Authorization: `Bearer ${residentToken}` } })
      .then(res => { paidOrder = res.data; params.success({ errMsg: 'requestPayment:ok' }) })
      .catch(err => params.fail({ errMsg: String(err) }))
  })
  const loadAt = (page, options) => load(page, { wx, options, apiBase: srv.base })

  // 服务: the new listing is found by category and keyword.
  const catalogue = loadAt('pages/services/index')
  await catalogue.ready
  await tap(catalogue.comp, 'category-housekeeping')
  catalogue.comp.instance.onKeywordInput({ detail: { value: '擦窗' } })
  await until(async () => {
    await catalogue.comp.instance.search()
    return catalogue.comp.instance.data.items.some(i => i.id === listed.id)
  }, 'the listing in the catalogue')
  await settle(catalogue.simulate)
  expect(text(catalogue.comp)).toContain('擦窗保洁两小时')
  expect(text(catalogue.comp)).toContain('¥88')

  // 服务详情: pick the slot, fill the form, reserve and pay.
  const detail = loadAt('pages/services/detail/index', { id: listed.id })
  await detail.ready
  await until(async () => {
    await detail.comp.instance.load()
    return detail.comp.instance.data.slots.some(s => s.id === opened.id)
  }, 'the slot')
  await settle(detail.simulate)
  const slotIndex = detail.comp.instance.data.slots.findIndex(s => s.id === opened.id)
  await tap(detail.comp, `slot-${slotIndex}`)
  const input = (field, value) => detail.comp.instance.onInput({ currentTarget: { dataset: { field } }, detail: { value } })
  input('address', '五常街道 五常社区 3幢201')
  input('contactName', '沈建华')
  input('contactPhone', '13900000002')
  await detail.comp.instance.submit()
  expect(detail.comp.instance.data.submitError).toBe('')
  expect(wx.requestPayment).toHaveBeenCalledWith(expect.objectContaining({ signType: 'RSA', package: expect.stringMatching(/^prepay_id=/) }))
  expect(paidOrder).toEqual(expect.objectContaining({ acknowledged: true }))
  expect(wx.redirectTo).toHaveBeenCalledTimes(1)
  const url = wx.redirectTo.mock.calls[0][0].url
  const query = Object.fromEntries(new URLSearchParams(url.split('?')[1]))
  expect(url.startsWith('/pages/orders/detail/index?')).toBe(true)

  // 订单详情: paid once the notification is in.
  const order = loadAt('pages/orders/detail/index', query)
  await order.ready
  await until(async () => {
    await order.comp.instance.load()
    return order.comp.instance.data.order && order.comp.instance.data.order.statusCode === 'paid'
  }, 'the order to be paid')
  await settle(order.simulate)
  expect(text(order.comp)).toContain('已支付待派单')
  expect(order.comp.instance.data.canPay).toBe(false)

  // 我的订单 lists it.
  const orders = loadAt('pages/orders/mine/index')
  await orders.ready
  expect(orders.comp.instance.data.items.map(i => i.id)).toContain(query.id)

  // 消息通知: the order's messages, the badge, and marking read.
  const inbox = loadAt('pages/inbox/index')
  await inbox.ready
  await until(async () => {
    await inbox.comp.instance.reload()
    return inbox.comp.instance.data.unread > 0
  }, 'an order message')
  expect(wx.setTabBarBadge).toHaveBeenCalledWith(expect.objectContaining({ index: 3 }))
  // More messages may still be arriving (the payment's, the demo's complaints), so the checks
  // are about the messages marked, not about the running count.
  const unreadOne = inbox.comp.instance.data.items.find(m => !m.read)
  const index = inbox.comp.instance.data.items.indexOf(unreadOne)
  // The page's own tap handler, awaited: it writes over real HTTP, then reads after that write.
  await inbox.comp.instance.open({ currentTarget: { dataset: { index } } })
  expect(inbox.comp.instance.data.actionError).toBe('')
  expect(inbox.comp.instance.data.items.find(m => m.id === unreadOne.id).read).toBe(true)
  const newest = Math.max(...inbox.comp.instance.data.items.map(m => m.id))
  await inbox.comp.instance.readAll()
  expect(inbox.comp.instance.data.actionError).toBe('')
  expect(inbox.comp.instance.data.items.filter(m => m.id <= newest && !m.read)).toEqual([])
  expect(text(inbox.comp)).toContain('订单')

  // --- the provider does the work; the resident evaluates it ----------------------------
  await ok(provider('POST', `/api/v1/orders/${query.id}/dispatch`, { worker: { name: '王师傅', phone: '13700000003' } }), 'dispatch')
  await ok(provider('POST', `/api/v1/orders/${query.id}/start`, {}), 'start')
  await ok(provider('POST', `/api/v1/orders/${query.id}/complete`, {}), 'complete')
  await until(async () => {
    await order.comp.instance.load()
    return order.comp.instance.data.canEvaluate
  }, 'the order to be completed')
  await tap(order.comp, 'setScore-4')
  await tap(order.comp, 'toggleTag-0')
  await tap(order.comp, 'toggleTag-1')
  order.comp.instance.onCommentInput({ detail: { value: '师傅很仔细' } })
  await order.comp.instance.evaluate()
  expect(order.comp.instance.data.actionError).toBe('')
  await settle(order.simulate)
  const shown = text(order.comp)
  expect(shown).toContain('我的评价：5颗星')
  expect(shown).toContain('准时、专业')
  expect(shown).toContain('上门师傅：王师傅')
}, 90000)

test('a service that does not exist is reported as not found, in Chinese', async () => {
  const wx = createWx()
  server.wire(wx)
  wx.setStorageSync('linli.token', await server.devLogin(srv.base, 'demo-resident'))
  const detail = load('pages/services/detail/index', { wx, options: { id: '00000000-0000-4000-8000-000000000000' }, apiBase: srv.base })
  await detail.ready
  await settle(detail.simulate)
  expect(text(detail.comp)).toContain('没有找到')
})
