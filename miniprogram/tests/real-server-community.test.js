/**
 * The community pages against the real linli server (--demo --dev-login): 我要委托 files an
 * errand and its progress page shows the timeline, 意见反馈 is listed with the community's
 * reply, and in 互动 the resident posts and comments in the forum, takes a seat or a waitlist
 * place at an event a manager scheduled, and asks neighbours for help; 网上申办 is sent back
 * by the grid's cadre for more materials and the resident hands them in from its progress
 * page. Nothing of the API is mocked: the pages' own handlers call it over HTTP.
 */
const fs = require('fs')
const os = require('os')
const path = require('path')
const { load, settle, text } = require('./helpers/load')
const { createWx } = require('./helpers/wx')
const server = require('./helpers/server')

let srv
beforeAll(async () => {
  srv = await server.start(['--dev-login', '--demo'])
}, 90000)
afterAll(() => srv && srv.stop())

async function wxFor(openid) {
  const wx = createWx()
  server.wire(wx)
  wx.setStorageSync('linli.token', await server.devLogin(srv.base, openid))
  return wx
}
const loadAt = (page, wx, options) => load(page, { wx, options, apiBase: srv.base })
let keyN = 0
async function staff(openid) {
  const token = await server.devLogin(srv.base, openid)
  return async (method, pathname, body) => {
    const res = await server.call(srv.base, method, pathname, { body, headers: { Authorization: `Bearer ${token}`, 'Idempotency-Key': `mp-community-${++keyN}` } })
    if (res.statusCode >= 300) throw new Error(`${method} ${pathname}: ${res.statusCode} ${res.text}`)
    return res.data
  }
}

test('我要委托 files an errand; its page shows the timeline and cancels it', async () => {
  const wx = await wxFor('demo-resident')
  const form = loadAt('pages/entrust/index', wx)
  await form.ready
  form.comp.instance.onTaskInput({ detail: { value: '帮我去街道领取老年人优待证' } })
  const tomorrow = new Date(Date.now() + 2 * 86400000 + 8 * 3600000).toISOString().slice(0, 10)
  form.comp.instance.onDateChange({ detail: { value: tomorrow } })
  await form.comp.instance.submit()
  expect(form.comp.instance.data.submitError).toBe('')
  const url = wx.redirectTo.mock.calls[0][0].url
  const query = Object.fromEntries(new URLSearchParams(url.split('?')[1]))
  const detail = loadAt('pages/civic/detail/index', wx, query)
  await detail.ready
  await settle(detail.simulate)
  let shown = text(detail.comp)
  expect(shown).toContain('帮我去街道领取老年人优待证')
  expect(shown).toContain('已提交，待安排')
  expect(shown).toContain('提交委托')
  detail.comp.instance.onReasonInput({ detail: { value: '家人帮我办了' } })
  await detail.comp.instance.cancel()
  expect(detail.comp.instance.data.actionError).toBe('')
  await settle(detail.simulate)
  shown = text(detail.comp)
  expect(shown).toContain('已取消')
  // The list takes ?after= too (a flattened query once refused it).
  const mine = loadAt('pages/civic/mine/index', wx, { after: query.after })
  await mine.ready
  expect(mine.comp.instance.data.error).toBe('')
  expect(mine.comp.instance.data.items.map(i => i.id)).toContain(query.id)
}, 60000)

test('意见反馈 is sent and listed with the community’s reply', async () => {
  const wx = await wxFor('demo-resident')
  const page = loadAt('pages/feedback/index', wx)
  await page.ready
  page.comp.instance.pickKind({ currentTarget: { dataset: { value: 'suggestion' } } })
  page.comp.instance.onTextInput({ detail: { value: '希望小区东门晚上多亮一盏路灯' } })
  await page.comp.instance.submit()
  expect(page.comp.instance.data.submitError).toBe('')
  const mine = page.comp.instance.data.items.find(f => f.text === '希望小区东门晚上多亮一盏路灯')
  expect(mine).toBeTruthy()
  const manager = await staff('demo-county-manager')
  const reply = await manager('POST', `/api/v1/feedback/${mine.id}/reply`, { text: '已转交物业，本周安装' })
  page.comp.instance.after = reply.position
  await page.comp.instance.reload()
  await settle(page.simulate)
  expect(text(page.comp)).toContain('社区回复：已转交物业，本周安装')
}, 60000)

test('互动: forum post and comment, an event seat then the waitlist, a help request', async () => {
  const resident = await wxFor('demo-resident')
  const forum = loadAt('pages/forum/index/index', resident)
  await forum.ready
  forum.comp.instance.toggleCompose()
  forum.comp.instance.onTitleInput({ detail: { value: '健身器材坏了' } })
  forum.comp.instance.onBodyInput({ detail: { value: '三号楼旁边的漫步机踩不动了' } })
  await forum.comp.instance.submit()
  expect(forum.comp.instance.data.submitError).toBe('')
  const posted = forum.comp.instance.data.items.find(p => p.title === '健身器材坏了')
  expect(posted).toBeTruthy()
  const thread = loadAt('pages/forum/post/index', resident, { id: posted.id })
  await thread.ready
  thread.comp.instance.onCommentInput({ detail: { value: '我也发现了，已经打了物业电话' } })
  await thread.comp.instance.send()
  expect(thread.comp.instance.data.commentError).toBe('')
  await settle(thread.simulate)
  expect(text(thread.comp)).toContain('邻居：我也发现了，已经打了物业电话')
  expect(text(thread.comp)).toContain('评论（1）')

  // A manager schedules a one-seat event; one neighbour takes the seat, ours waits.
  const manager = await staff('demo-county-manager')
  await manager('POST', '/api/v1/activities', {
    community: '330110003001', title: '包饺子送独居老人', description: '社区活动室一起包饺子', place: '社区活动室',
    starts_at: new Date(Date.now() + 3 * 86400000).toISOString(), capacity: 1,
  })
  const first = await wxFor('demo-resident-001')
  const other = loadAt('pages/activities/index', first)
  await other.ready
  const idx = other.comp.instance.data.items.findIndex(a => a.title === '包饺子送独居老人')
  expect(idx).toBeGreaterThanOrEqual(0)
  await other.comp.instance.register({ currentTarget: { dataset: { index: idx } } })
  expect(other.comp.instance.data.actionError).toBe('')
  const events = loadAt('pages/activities/index', resident)
  await events.ready
  const at = events.comp.instance.data.items.findIndex(a => a.title === '包饺子送独居老人')
  await events.comp.instance.register({ currentTarget: { dataset: { index: at } } })
  expect(events.comp.instance.data.actionError).toBe('')
  await settle(events.simulate)
  let shown = text(events.comp)
  expect(shown).toContain('候补名单')
  expect(shown).toContain('您在候补名单中（第1位）')
  await events.comp.instance.leave({ currentTarget: { dataset: { index: at } } })
  expect(events.comp.instance.data.actionError).toBe('')
  expect(events.comp.instance.data.items[at].joined).toBe(false)

  // 邻里互助: ask.
  const help = loadAt('pages/help/index', resident)
  await help.ready
  help.comp.instance.toggleCompose()
  help.comp.instance.onInput({ currentTarget: { dataset: { field: 'title' } }, detail: { value: '帮忙搬个柜子' } })
  help.comp.instance.onInput({ currentTarget: { dataset: { field: 'description' } }, detail: { value: '周六上午，三楼，柜子不重' } })
  await help.comp.instance.submit()
  expect(help.comp.instance.data.submitError).toBe('')
  const mine = help.comp.instance.data.items.find(h => h.title === '帮忙搬个柜子')
  expect(mine).toEqual(expect.objectContaining({ mine: true, canClose: true, canOffer: false }))
}, 90000)

// A 1×1 PNG: the server sniffs types from bytes, so the uploads must be real images.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64')

test('网上申办: the cadre asks for more materials, the resident uploads and hands them in, the cadre approves', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mp-materials-'))
  const [cameraPath, chatPath] = ['camera.png', 'from-chat.png'].map(name => path.join(dir, name))
  fs.writeFileSync(cameraPath, PNG)
  fs.writeFileSync(chatPath, PNG)
  const manager = await staff('demo-county-manager')
  const guide = await manager('POST', '/api/v1/guides', { name: '高龄津贴申领', text: '年满80周岁的户籍老人，网上提交后五个工作日内审核。', materials: ['身份证'] })

  const resident = await wxFor('demo-resident')
  resident.chooseMedia.mockImplementation(({ success }) => success({ tempFiles: [{ tempFilePath: cameraPath }] }))
  resident.chooseMessageFile.mockImplementation(({ success }) => success({ tempFiles: [{ path: chatPath, name: 'from-chat.png', size: PNG.length, type: 'image' }] }))
  const apply = loadAt('pages/applications/apply/index', resident, { id: guide.id })
  await apply.ready
  expect(apply.comp.instance.data.error).toBe('')
  apply.comp.instance.addFiles({ currentTarget: { dataset: { index: 0 } } })
  await apply.comp.instance.submit()
  expect(apply.comp.instance.data.submitError).toBe('')
  const query = Object.fromEntries(new URLSearchParams(resident.redirectTo.mock.calls[0][0].url.split('?')[1]))

  // The grid's cadre sends it back.
  const cadre = await staff('demo-grid-worker')
  const asked = await cadre('POST', `/api/v1/applications/${query.id}/request-materials`, { materials: ['老人近照', '户口簿'], reason: '需要存档照片和户籍证明' })

  const detail = loadAt('pages/civic/detail/index', resident, { kind: 'application', id: query.id, after: asked.position })
  await detail.ready
  await settle(detail.simulate)
  const page = detail.comp.instance
  let shown = text(detail.comp)
  expect(shown).toContain('需补充材料')
  expect(shown).toContain('需要补充：老人近照、户口簿')
  expect(shown).toContain('社区的说明：需要存档照片和户籍证明')
  // Only one of the two: nothing is uploaded or sent.
  page.addFiles({ currentTarget: { dataset: { index: 0 } } })
  await page.supply()
  await settle(detail.simulate)
  expect(page.data.supplyError).toBe('每项要补充的材料都要上传照片')
  expect(text(detail.comp)).toContain('请上传户口簿')
  expect(resident.uploadFile.mock.calls.map(c => c[0].filePath)).toEqual([cameraPath])

  page.addChatFiles({ currentTarget: { dataset: { index: 1 } } })
  page.onSupplyNoteInput({ detail: { value: '户口簿首页和本人页' } })
  await page.supply()
  expect(page.data.supplyError).toBe('')
  await settle(detail.simulate)
  shown = text(detail.comp)
  expect(shown).toContain('补充材料已提交，社区会继续审核')
  expect(shown).toContain('审核中')
  expect(shown).toContain('已补充材料')
  expect(shown).toContain('老人近照（1份）')
  expect(shown).toContain('户口簿（1份）')
  expect(page.data.supplying).toBe(false)

  // Back under review: the cadre can approve, and the resident sees it.
  const approved = await cadre('POST', `/api/v1/applications/${query.id}/approve`, { note: '下月起发放' })
  await page.load(approved.position)
  await settle(detail.simulate)
  shown = text(detail.comp)
  expect(shown).toContain('已通过')
  expect(shown).toContain('办理意见：下月起发放')
  fs.rmSync(dir, { recursive: true, force: true })
}, 90000)
