/**
 * Renders key pages through miniprogram-simulate, with data from the real linli server the
 * driver (screenshots.js) started, to static HTML files in $RENDER_DIR: the WXML compiled
 * by wcc, app.wxss applied, at the 750-px design width (1rem = 2 × the page's root size,
 * as on a 2× phone). Run by screenshots.js; not part of the test suite's assertions. The
 * services pages get a provider and listings made through the API first (the demo has none).
 */
const fs = require('fs')
const path = require('path')
const { load, settle } = require('../tests/helpers/load')
const { createWx } = require('../tests/helpers/wx')
const server = require('../tests/helpers/server')

const OUT = process.env.RENDER_DIR
const BASE = process.env.LINLI_BASE
const TOKENS = JSON.parse(process.env.LINLI_TOKENS || '{}')
const ROOT = path.join(__dirname, '..')
const APP = JSON.parse(fs.readFileSync(path.join(ROOT, 'app.json'), 'utf8'))
const SCALE = 2

// Native components drawn roughly as WeChat draws them.
const NATIVE_CSS = `
  body { margin: 0; width: 750px; }
  wx-view, wx-picker, wx-input, wx-textarea { display: block; }
  wx-text { display: inline; }
  wx-page-meta { display: none; }
  wx-image { display: inline-block; background: #c9d6e8; }
  wx-input, wx-textarea { color: var(--text); }
  wx-switch { display: inline-block; width: 3.2rem; height: 1.9rem; border-radius: 1rem; background: #c5ccd6; position: relative; }
  wx-switch::after { content: ''; position: absolute; left: 0.15rem; top: 0.15rem; width: 1.6rem; height: 1.6rem; border-radius: 50%; background: #fff; }
  wx-switch.on { background: #0a56a8; } wx-switch.on::after { left: 1.45rem; }
  .nav { height: 2.75rem; line-height: 2.75rem; text-align: center; color: #fff; background: #0a56a8; font-size: 1.1rem; font-weight: 700; }
  .tabbar { position: fixed; left: 0; right: 0; bottom: 0; display: flex; background: #fff; border-top: 1px solid #ccc; }
  .tabbar span { flex: 1; text-align: center; padding: 0.6rem 0; color: #4a5565; font-size: 0.9rem; }
  .tabbar span.on { color: #0a56a8; font-weight: 700; }
  .with-tabbar { padding-bottom: 4rem; }
`

function appCss() {
  return fs.readFileSync(path.join(ROOT, 'app.wxss'), 'utf8').replace(/^page \{/m, 'body {')
}

// The simulator prefixes classes (main--btn); app.wxss uses the bare names.
function html(comp, { title, tab, rootFontSize, inputs, switches }) {
  const dom = comp.dom.cloneNode(true)
  dom.querySelectorAll('[class]').forEach(el => { el.className = el.className.split(/\s+/).map(c => c.replace(/^[\w-]*--/, '')).join(' ') })
  ;[...dom.querySelectorAll('wx-input, wx-textarea')].forEach((el, i) => { el.textContent = (inputs || [])[i] || '' })
  ;[...dom.querySelectorAll('wx-switch')].forEach((el, i) => { if ((switches || [])[i]) el.className = 'on' })
  const tabs = tab ? `<div class="tabbar">${APP.tabBar.list.map(t => `<span class="${t.pagePath === tab ? 'on' : ''}">${t.text}</span>`).join('')}</div>` : ''
  return `<!doctype html><html style="font-size:${rootFontSize * SCALE}px"><head><meta charset="utf-8"><style>${appCss()}</style><style>${NATIVE_CSS}</style></head>` +
    `<body class="${tab ? 'with-tabbar' : ''}"><div class="nav">${title}</div>${dom.innerHTML}${tabs}</body></html>`
}

async function render(name, page, { openid, options, title, tab, elder, prepare, inputs, switches }) {
  const wx = createWx()
  if (elder) wx.setStorageSync('linli.elder', 'on')
  server.wire(wx)
  if (openid) wx.setStorageSync('linli.token', TOKENS[openid])
  const loaded = load(page, { wx, options, apiBase: BASE })
  await loaded.ready
  if (prepare) await prepare(loaded.comp.instance)
  await settle(loaded.simulate)
  const data = loaded.comp.instance.data
  fs.writeFileSync(path.join(OUT, `${name}.html`), html(loaded.comp, { title, tab, rootFontSize: data.rootFontSize, inputs: inputs && inputs(data), switches: switches && switches(data) }))
}

test('render key pages to HTML', async () => {
  // The demo has no announcements: a manager publishes a pinned one through the API.
  const manager = await server.devLogin(BASE, 'demo-county-manager')
  const published = await server.call(BASE, 'POST', '/api/v1/announcements', {
    body: { jurisdiction: '330110000000', title: '周六上午五常片区停水检修', body: '12月12日8:00–12:00管网检修，请提前储水。', pinned: true },
    headers: { Authorization: `Bearer ${manager}`, 'Idempotency-Key': 'shots-announcement' },
  })
  if (published.statusCode >= 300) throw new Error(`publishing an announcement: ${published.text}`)
  await server.call(BASE, 'GET', `/api/v1/announcements/feed?after=${published.data.position}`, { headers: { Authorization: `Bearer ${TOKENS['demo-resident']}` } })
  await render('miniprogram-home', 'pages/home/index', { openid: 'demo-resident', title: '邻里', tab: 'pages/home/index' })
  await render('miniprogram-home-elder', 'pages/home/index', { openid: 'demo-resident', title: '邻里', tab: 'pages/home/index', elder: true })
  await render('miniprogram-complaint-form', 'pages/complaint/form/index', {
    openid: 'demo-resident',
    title: '我要投诉',
    prepare: page => {
      page.onCategoryChange({ detail: { value: 5 } })
      page.onAddressInput({ detail: { value: '五常街道 五常社区 3幢东侧' } })
      page.onDescriptionInput({ detail: { value: '小区东门的路灯坏了一个星期，晚上很黑，老人走路容易摔倒。' } })
      page.setData({ location: { latitude: 30.28, longitude: 120.05, name: '五常社区' } })
    },
    inputs: d => [d.address, d.description],
  })
  // The demo resident's complaint with the longest history shows the timeline best.
  const mine = await server.call(BASE, 'GET', '/api/v1/complaints/mine', { headers: { Authorization: `Bearer ${TOKENS['demo-resident']}` } })
  let best = null
  for (const c of mine.data.items) {
    const detail = await server.call(BASE, 'GET', `/api/v1/complaints/${c.id}`, { headers: { Authorization: `Bearer ${TOKENS['demo-resident']}` } })
    if (!best || detail.data.timeline.length > best.n) best = { id: c.id, n: detail.data.timeline.length }
  }
  await render('miniprogram-progress', 'pages/complaint/detail/index', { openid: 'demo-resident', title: '诉求进度', options: { id: best.id } })
  await render('miniprogram-cadre-queue', 'pages/cadre/queue/index', { openid: 'demo-grid-worker', title: '我的待办' })

  // 服务: the demo has no providers, so one registers, is approved and lists two services
  // with slots through the API; a resident has reserved one (the data screen shows it).
  const listed = await seedServices()
  await render('miniprogram-services', 'pages/services/index', { openid: 'demo-resident', title: '生活服务', tab: 'pages/services/index' })
  await render('miniprogram-service-detail', 'pages/services/detail/index', {
    openid: 'demo-resident',
    title: '服务详情',
    options: { id: listed },
    prepare: page => {
      page.pickSlot({ currentTarget: { dataset: { index: 0 } } })
      const input = (field, value) => page.onInput({ currentTarget: { dataset: { field } }, detail: { value } })
      input('address', '五常街道 五常社区 3幢201')
      input('contactName', '沈建华')
      input('contactPhone', '13900000002')
    },
    inputs: d => [d.form.address, d.form.contactName, d.form.contactPhone, d.form.note],
  })
})

async function seedServices() {
  let n = 0
  const as = async openid => {
    const token = await server.devLogin(BASE, openid)
    return async (method, pathname, body) => {
      const res = await server.call(BASE, method, pathname, { body, headers: { Authorization: `Bearer ${token}`, 'Idempotency-Key': `shots-${++n}` } })
      if (res.statusCode >= 300) throw new Error(`${method} ${pathname}: ${res.statusCode} ${res.text}`)
      return res.data
    }
  }
  const provider = await as('shots-provider')
  const manager = await as('demo-county-manager')
  const resident = await as('demo-resident')
  const registered = await provider('POST', '/api/v1/providers', { name: '安心家政', phone: '0571-88880000', description: '五常街道的家政和维修' })
  await manager('POST', `/api/v1/providers/${registered.id}/approve`)
  const services = [
    { category: 'housekeeping', name: '日常保洁（2小时）', description: '厨房、卫生间和客厅的日常清洁，自带工具。', price: 8800 },
    { category: 'maintenance', name: '水管维修上门', description: '漏水、堵塞、更换龙头，材料另计。', price: 5000 },
    { category: 'elder_care', name: '助餐送饭（午餐）', description: '社区食堂午餐送到家，适合独居老人。', price: 1500 },
  ]
  const ids = []
  for (const terms of services) {
    const listed = await provider('POST', '/api/v1/services', Object.assign({ scope: ['330110000000'] }, terms))
    const day = new Date(Date.now() + 86400000)
    for (const hour of [1, 6]) {
      const starts = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), hour))
      await provider('POST', `/api/v1/services/${listed.id}/slots`, { starts_at: starts.toISOString(), ends_at: new Date(starts.getTime() + 2 * 3600000).toISOString(), capacity: 3 })
    }
    ids.push(listed.id)
  }
  const slots = await server.call(BASE, 'GET', `/api/v1/services/${ids[1]}/slots`, { headers: { Authorization: `Bearer ${TOKENS['demo-resident']}` } })
  const order = await resident('POST', '/api/v1/orders', { service: ids[1], slot: slots.data.items[0].id, address: '五常社区5幢', contact: { name: '沈建华', phone: '13900000002' } })
  // Read after that write, so the pages below see every listing.
  await server.call(BASE, 'GET', `/api/v1/services?after=${order.position}`, { headers: { Authorization: `Bearer ${TOKENS['demo-resident']}` } })
  return ids[0]
}
