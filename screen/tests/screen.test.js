// The data screen in headless Chromium against the real server with the demo county:
// every chart has data, the page needs nothing from outside the server, and a complaint
// filed through the API appears (feed and counts) within seconds, with no reload.
const { test, before, after } = require('node:test')
const assert = require('node:assert/strict')
const server = require('./server')
const { launch } = require('./browser')

let srv
let browser
let auditor
before(async () => {
  srv = await server.start()
  auditor = await server.login(srv.base, 'demo-auditor')
  browser = await launch()
})
after(async () => {
  if (browser) await browser.close()
  if (srv) srv.stop()
})

async function openScreen(token) {
  const page = await browser.context.newPage()
  const outside = []
  const errors = []
  const asked = []
  page.on('request', r => {
    if (!r.url().startsWith(srv.base) && !r.url().startsWith('data:')) outside.push(r.url())
    else asked.push(new URL(r.url()).pathname)
  })
  page.on('pageerror', e => errors.push(e.message))
  await page.goto(`${srv.base}/screen${token ? `?token=${token}` : ''}`)
  return { page, outside, errors, asked }
}

test('the charts and panels render the demo data, from the server alone', async () => {
  const { page, outside, errors, asked } = await openScreen(auditor)
  await page.waitForFunction(() => window.__screen && window.__screen.state.dashboards > 0 && window.__screen.state.usage, null, { timeout: 15000 })
  await page.waitForFunction(() => document.getElementById('live').textContent === '实时', null, { timeout: 10000 })
  const charts = await page.evaluate(() => Object.fromEntries(Object.entries(window.__screen.charts).map(([id, c]) => {
    const option = c.getOption()
    const values = option.series.flatMap(s => s.data.map(d => (typeof d === 'object' ? d.value : d)))
    const canvas = document.querySelector(`#${id} canvas`)
    return [id, { series: option.series.length, total: values.reduce((a, b) => a + b, 0), width: canvas && canvas.width, height: canvas && canvas.height }]
  })))
  for (const id of ['chart-rates', 'chart-category', 'chart-status', 'chart-trend', 'chart-jurisdiction']) {
    assert.ok(charts[id], `${id} exists`)
    assert.ok(charts[id].total > 0, `${id} has data: ${JSON.stringify(charts[id])}`)
    assert.ok(charts[id].width > 100 && charts[id].height > 100, `${id} is drawn at a real size`)
  }
  const dashboard = await server.api(srv.base, 'GET', '/api/v1/dashboard', { token: auditor })
  assert.equal(await page.textContent('#kpi-filed'), String(dashboard.filed))
  assert.equal(await page.textContent('#kpi-overdue'), String(dashboard.overdue))
  assert.ok((await page.$$('#feed li')).length > 0, 'the feed starts with recent items')
  // The ranking is the server's own route's, in its order.
  assert.ok(asked.includes('/api/v1/cadres/ranking'), 'the ranking comes from GET /api/v1/cadres/ranking')
  const ranking = await server.api(srv.base, 'GET', '/api/v1/cadres/ranking', { token: auditor })
  const rows = await page.$$eval('#ranking tr', trs => trs.map(tr => [...tr.children].map(td => td.textContent)))
  assert.ok(rows.length > 0, 'the ranking has rows')
  assert.deepEqual(rows.map(r => r[0]), ranking.ranked.slice(0, rows.length).map(c => String(c.rank)))
  assert.deepEqual(rows.map(r => r[2]), ranking.ranked.slice(0, rows.length).map(c => String(c.handled)))
  assert.ok((await page.$$('#overdue tr')).length > 0, 'the overdue list has rows')
  // Service usage is the route's: its order count, and 暂无数据 instead of a chart when zero.
  assert.ok(asked.includes('/api/v1/dashboard/service-usage'), 'service usage comes from its route')
  const usage = await server.api(srv.base, 'GET', '/api/v1/dashboard/service-usage', { token: auditor })
  assert.match(await page.textContent('#services-summary'), new RegExp(`订单 ${usage.orders}`))
  assert.equal(await page.isVisible('#services'), usage.orders === 0)
  assert.match(await page.textContent('#services'), /暂无数据/)
  // Names, not codes: the jurisdiction axis uses the directory's names.
  const names = await page.evaluate(() => window.__screen.charts['chart-jurisdiction'].getOption().yAxis[0].data)
  assert.ok(names.some(n => /[\u4e00-\u9fff]/.test(n)), `jurisdiction names: ${names}`)
  assert.deepEqual(outside, [], 'no request leaves the server (works offline)')
  assert.deepEqual(errors, [])
  await page.close()
})

test('a complaint filed through the API shows up within seconds without a reload', async () => {
  const { page } = await openScreen(auditor)
  await page.waitForFunction(() => document.getElementById('live').textContent === '实时', null, { timeout: 15000 })
  const before = Number(await page.textContent('#kpi-filed'))
  const loadedAt = await page.evaluate(() => window.__screen.state.loadedAt)
  const resident = await server.login(srv.base, 'demo-resident')
  const words = `大屏实时测试${Date.now()}：路灯坏了`
  await server.api(srv.base, 'POST', '/api/v1/complaints', {
    token: resident,
    key: `screen-${Date.now()}`,
    body: { category: 'infrastructure', occurred_at: new Date().toISOString(), address: '五常街道 五常社区', description: words },
  })
  const started = Date.now()
  await page.waitForFunction(w => document.getElementById('feed').textContent.includes(w), words.slice(0, 20), { timeout: 5000 })
  await page.waitForFunction(n => Number(document.getElementById('kpi-filed').textContent) === n, before + 1, { timeout: 5000 })
  assert.ok(Date.now() - started < 5000)
  assert.equal(await page.evaluate(() => window.__screen.state.loadedAt), loadedAt, 'the page was not reloaded')
  assert.ok(await page.evaluate(() => window.__screen.state.filedEvents) >= 1)
  await page.close()
})

test('service usage draws the orders of the last 30 days by category', async () => {
  // A provider lists a service and opens a slot; a resident reserves it (plain API calls).
  const provider = await server.login(srv.base, 'screen-provider')
  const manager = await server.login(srv.base, 'demo-county-manager')
  const resident = await server.login(srv.base, 'demo-resident')
  const k = what => ({ key: `screen-usage-${what}` })
  const registered = await server.api(srv.base, 'POST', '/api/v1/providers', Object.assign({ token: provider, body: { name: '邻里维修', phone: '13800000009' } }, k('register')))
  await server.api(srv.base, 'POST', `/api/v1/providers/${registered.id}/approve`, Object.assign({ token: manager }, k('approve')))
  const service = await server.api(srv.base, 'POST', '/api/v1/services', Object.assign({ token: provider, body: { category: 'maintenance', name: '水管维修', price: 6000, scope: ['330110000000'] } }, k('list')))
  const start = new Date(Date.now() + 86400000)
  const slot = await server.api(srv.base, 'POST', `/api/v1/services/${service.id}/slots`, Object.assign({ token: provider, body: { starts_at: start.toISOString(), ends_at: new Date(start.getTime() + 3600000).toISOString(), capacity: 3 } }, k('slot')))
  const before = await server.api(srv.base, 'GET', '/api/v1/dashboard/service-usage', { token: auditor })
  const maintenance = u => u.rows.filter(r => r.category === 'maintenance').reduce((n, r) => n + r.reserved, 0)
  const order = await server.api(srv.base, 'POST', '/api/v1/orders', Object.assign({ token: resident, body: { service: service.id, slot: slot.id, address: '五常社区3幢', contact: { name: '沈建华', phone: '13900000002' } } }, k('reserve')))
  const usage = await server.api(srv.base, 'GET', `/api/v1/dashboard/service-usage?after=${order.position}`, { token: auditor })
  assert.equal(usage.orders, before.orders + 1)

  const { page, errors } = await openScreen(auditor)
  await page.waitForFunction(() => window.__screen && window.__screen.state.usage, null, { timeout: 15000 })
  assert.equal(await page.isVisible('#services'), false)
  assert.match(await page.textContent('#services-summary'), new RegExp(`订单 ${usage.orders}`))
  const drawn = await page.evaluate(() => {
    const option = window.__screen.charts['chart-services'].getOption()
    const canvas = document.querySelector('#chart-services canvas')
    return { categories: option.yAxis[0].data, reserved: option.series[0].data, width: canvas.width, height: canvas.height }
  })
  // The bars are the route's rows summed per category: 维修安装 counts the new order.
  const at = drawn.categories.indexOf('维修安装')
  assert.ok(at >= 0, `categories: ${drawn.categories}`)
  assert.equal(drawn.reserved[at], maintenance(before) + 1)
  assert.ok(drawn.width > 100 && drawn.height > 50, `drawn at a real size: ${JSON.stringify(drawn)}`)
  assert.deepEqual(errors, [])
  await page.close()
})

test('without a token, or with a resident’s, the screen says what is needed', async () => {
  const none = await openScreen('')
  await none.page.waitForSelector('#message:not([hidden])')
  assert.match(await none.page.textContent('#message'), /token/)
  await none.page.close()
  const resident = await server.login(srv.base, 'demo-resident')
  const wrong = await openScreen(resident)
  await wrong.page.waitForSelector('#message:not([hidden])')
  assert.match(await wrong.page.textContent('#message'), /无权查看/)
  await wrong.page.close()
})

test('the page is served with its own assets and a strict content policy', async () => {
  for (const [file, type] of [['/screen', 'text/html'], ['/screen/screen.js', 'text/javascript'], ['/screen/screen.css', 'text/css']]) {
    const res = await fetch(srv.base + file)
    assert.equal(res.status, 200, file)
    assert.ok(res.headers.get('content-type').startsWith(type), file)
    assert.match(res.headers.get('content-security-policy'), /default-src 'self'/)
  }
})
