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
  page.on('request', r => { if (!r.url().startsWith(srv.base) && !r.url().startsWith('data:')) outside.push(r.url()) })
  page.on('pageerror', e => errors.push(e.message))
  await page.goto(`${srv.base}/screen${token ? `?token=${token}` : ''}`)
  return { page, outside, errors }
}

test('the charts and panels render the demo data, from the server alone', async () => {
  const { page, outside, errors } = await openScreen(auditor)
  await page.waitForFunction(() => window.__screen && window.__screen.state.dashboards > 0, null, { timeout: 15000 })
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
  assert.ok((await page.$$('#ranking tr')).length > 0, 'the ranking has rows')
  assert.ok((await page.$$('#overdue tr')).length > 0, 'the overdue list has rows')
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
