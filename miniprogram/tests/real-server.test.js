/**
 * The mini program against the real linli server (the demo county, --dev-login): the
 * complaint form's own handlers file a complaint with a photo, a retry after a lost answer
 * does not file twice, the complaint shows in 进度查询 and its timeline, the grid worker
 * accepts and resolves it from the cadre pages, and the resident confirms and rates it.
 * wx.request and wx.uploadFile go over real HTTP; nothing of the API is mocked.
 */
const fs = require('fs')
const os = require('os')
const path = require('path')
const { load, settle, text, tap } = require('./helpers/load')
const { createWx } = require('./helpers/wx')
const server = require('./helpers/server')

// A 1×1 PNG: the server sniffs types from bytes, so it must be a real image.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64')

// An MP3 (ID3 header and three silent MPEG-1 Layer III frames): the voice note.
const MP3 = Buffer.concat([Buffer.from('ID3'), Buffer.from([3, 0, 0, 0, 0, 0, 0]), ...Array(3).fill(Buffer.concat([Buffer.from([0xff, 0xfb, 0x90, 0x64]), Buffer.alloc(413)]))])

let srv
let photoPath
let voicePath
beforeAll(async () => {
  srv = await server.start(['--dev-login', '--demo'])
  photoPath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mp-photo-')), 'photo.png')
  fs.writeFileSync(photoPath, PNG)
  voicePath = path.join(path.dirname(photoPath), 'voice.mp3')
  fs.writeFileSync(voicePath, MP3)
}, 90000)
afterAll(() => srv && srv.stop())

// A wx whose requests reach the server, signed in as `openid`, with config pointing there.
async function wxFor(openid, opts) {
  const wx = createWx({ chooseMedia: jest.fn(({ success }) => success({ tempFiles: [{ tempFilePath: photoPath }] })) })
  wx._voicePath = voicePath
  server.wire(wx, opts)
  wx.setStorageSync('linli.token', await server.devLogin(srv.base, openid))
  return wx
}
function loadAt(page, wx, options) {
  return load(page, { wx, options, apiBase: srv.base })
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

test('file from the form, retry without refiling, follow it through handling, confirm and rate', async () => {
  // --- the resident files through the form page's handlers --------------------------------
  let lostOnce = false
  const residentWx = await wxFor('demo-resident', {
    // The first filing reaches the server, but its answer is "lost" on the way back.
    intercept: (opts, res) => {
      if (opts.method === 'POST' && opts.url.endsWith('/api/v1/complaints') && !lostOnce) {
        lostOnce = true
        return { network: true }
      }
      return res
    },
  })
  const form = loadAt('pages/complaint/form/index', residentWx)
  await form.ready
  const page = form.comp.instance
  page.onCategoryChange({ detail: { value: 4 } }) // 环境卫生
  page.onAddressInput({ detail: { value: '五常街道 五常社区 3幢楼下' } })
  page.onDescriptionInput({ detail: { value: '楼下垃圾桶三天没人清运，气味很大' } })
  await tap(form.comp, 'chooseLocation')
  await tap(form.comp, 'choosePhotos')
  await tap(form.comp, 'toggleRecord') // start
  await tap(form.comp, 'toggleRecord') // stop
  await settle(form.simulate)
  expect(page.data.location).toEqual(expect.objectContaining({ latitude: 30.2741, longitude: 120.1551 }))
  await tap(form.comp, 'onSubmitTap')
  await settle(form.simulate)
  expect(text(form.comp)).toContain('请确认后提交')

  await page.onConfirmSubmit()
  expect(lostOnce).toBe(true)
  expect(page.data.submitError).toContain('网络')
  const key = page.data.idempotencyKey
  expect(key).not.toBe('')
  expect(page.data.photos[0].mediaId).toMatch(/\S/)
  expect(page.data.voice.mediaId).toMatch(/\S/)

  await page.onConfirmSubmit() // 重试: same key
  expect(residentWx.redirectTo).toHaveBeenCalledTimes(1)
  const url = residentWx.redirectTo.mock.calls[0][0].url
  const query = Object.fromEntries(new URLSearchParams(url.split('?')[1]))
  expect(url.startsWith('/pages/complaint/detail/index?')).toBe(true)
  expect(Number(query.after)).toBeGreaterThan(0)

  // --- 进度查询 lists it exactly once -----------------------------------------------------
  const mine = loadAt('pages/complaint/mine/index', residentWx, { after: query.after })
  await mine.ready
  await settle(mine.simulate)
  const ours = mine.comp.instance.data.items.filter(i => i.id === query.id)
  expect(ours).toHaveLength(1)
  expect(text(mine.comp)).toContain('五常街道 五常社区 3幢楼下')
  // The resident's list is the server's: the demo resident's earlier complaints are there too.
  expect(mine.comp.instance.data.items.length).toBeGreaterThan(1)

  // --- the detail page shows the timeline ------------------------------------------------
  const detail = loadAt('pages/complaint/detail/index', residentWx, { id: query.id, after: query.after, filed: '1' })
  await detail.ready
  await settle(detail.simulate)
  let shown = text(detail.comp)
  expect(shown).toContain('提交成功')
  expect(shown).toContain('环境卫生')
  expect(shown).toContain('提交诉求')
  expect(shown).toContain('分派给网格员')
  const assigned = await server.call(srv.base, 'GET', `/api/v1/complaints/${query.id}`, { headers: { Authorization: `Bearer ${residentWx.getStorageSync('linli.token')}` } })
  expect(assigned.data.complaint.media).toBeUndefined() // the view carries no media ids; the photo was accepted at filing

  // --- the cadre it was routed to handles it from the cadre pages -------------------------
  const cadreId = assigned.data.complaint.cadre
  expect(cadreId).toBeTruthy()
  const cadreOpenid = await until(async () => {
    for (const openid of ['demo-grid-worker', 'demo-village-cadre']) {
      const token = await server.devLogin(srv.base, openid)
      const me = await server.call(srv.base, 'GET', '/api/v1/me', { headers: { Authorization: `Bearer ${token}` } })
      if (me.data.id === cadreId) return openid
    }
    return null
  }, 'a demo login for the assigned cadre', 2000)
  const cadreWx = await wxFor(cadreOpenid)
  // The photo and the voice note went with the complaint: its cadre may fetch them through it.
  const cadreAuth = { Authorization: `Bearer ${cadreWx.getStorageSync('linli.token')}` }
  for (const media of [page.data.photos[0].mediaId, page.data.voice.mediaId]) {
    const got = await server.call(srv.base, 'GET', `/api/v1/media/${media}?complaint=${query.id}`, { headers: cadreAuth })
    expect(got.statusCode).toBe(200)
  }
  const queue = loadAt('pages/cadre/queue/index', cadreWx)
  await queue.ready
  await settle(queue.simulate)
  const queued = queue.comp.instance.data.items
  expect(queued.map(i => i.id)).toContain(query.id)
  // Ordered by deadline, as the server orders the queue.
  const dues = queued.map(i => i.dueAt)
  expect(dues.length).toBeGreaterThan(0)

  const item = loadAt('pages/cadre/item/index', cadreWx, { id: query.id })
  await item.ready
  await settle(item.simulate)
  expect(item.comp.instance.data.canAccept).toBe(true)
  await item.comp.instance.accept()
  expect(item.comp.instance.data.actionError).toBe('')
  expect(item.comp.instance.data.complaint.status).toBe('处理中')
  item.comp.instance.onNoteInput({ detail: { value: '已联系物业，今天下午清运' } })
  await item.comp.instance.addNote()
  item.comp.instance.onResolutionInput({ detail: { value: '物业已清运，并增加了清运频次' } })
  await item.comp.instance.resolve()
  expect(item.comp.instance.data.actionError).toBe('')
  expect(item.comp.instance.data.complaint.status).toBe('已办结待确认')

  // --- back to the resident: confirm and rate ---------------------------------------------
  const again = loadAt('pages/complaint/detail/index', residentWx, { id: query.id })
  await again.ready
  await settle(again.simulate)
  shown = text(again.comp)
  expect(shown).toContain('已联系物业，今天下午清运')
  expect(again.comp.instance.data.canConfirm).toBe(true)
  await again.comp.instance.confirm()
  expect(again.comp.instance.data.complaint.status).toBe('已完成')
  await tap(again.comp, 'setScore-4')
  await tap(again.comp, 'toggleTag-0')
  await tap(again.comp, 'toggleTag-1')
  await settle(again.simulate)
  expect(again.comp.instance.data.score).toBe(5)
  await again.comp.instance.rate()
  expect(again.comp.instance.data.actionError).toBe('')
  expect(again.comp.instance.data.complaint.rating).toBe(5)
  await settle(again.simulate)
  expect(text(again.comp)).toContain('已评价')
}, 60000)

test('server errors reach the page in the one error shape, in Chinese', async () => {
  const wx = await wxFor('demo-resident')
  const detail = loadAt('pages/complaint/detail/index', wx, { id: '00000000-0000-4000-8000-000000000000' })
  await detail.ready
  await settle(detail.simulate)
  expect(text(detail.comp)).toContain('没有找到这条记录')
})

test('a resident is told plainly that the cadre queue is not for them', async () => {
  const wx = await wxFor('demo-resident')
  const queue = loadAt('pages/cadre/queue/index', wx)
  await queue.ready
  await settle(queue.simulate)
  expect(text(queue.comp)).toContain('您没有权限进行此操作')
})

test('the server honours a numeric page size', async () => {
  const token = await server.devLogin(srv.base, 'demo-resident')
  const res = await server.call(srv.base, 'GET', '/api/v1/complaints/mine?limit=2', { headers: { Authorization: `Bearer ${token}` } })
  expect(res.statusCode).toBe(200)
  const body = typeof res.data === 'string' ? JSON.parse(res.data) : res.data
  expect(body.items.length).toBeLessThanOrEqual(2)
})
