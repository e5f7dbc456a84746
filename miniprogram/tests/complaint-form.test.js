// 我要投诉: rendering, validation messages, location/photos/voice, the confirmation step,
// loading state, one Idempotency-Key per submission, errors shown, redirect with ?after=.
const { load, settle, text, tap } = require('./helpers/load')
const { createWx, routeRequests } = require('./helpers/wx')
const { error } = require('./helpers/fixtures')
const { validate, toBody, chinaNow } = require('../utils/complaint-form')

function open(handler) {
  const wx = createWx()
  wx.uploadFile.mockImplementation(o => o.success({ statusCode: 201, data: JSON.stringify({ id: `media-${o.filePath.slice(-9)}` }) }))
  routeRequests(wx, handler || (() => ({ statusCode: 201, data: { id: 'c-9', position: 42, replay: 'fresh' } })))
  return load('pages/complaint/form/index', { wx })
}
function fill(page) {
  page.onCategoryChange({ detail: { value: 0 } })
  page.onAddressInput({ detail: { value: '五常社区3幢' } })
  page.onDescriptionInput({ detail: { value: '电动车在楼下被偷了' } })
}

test('renders every field, the server categories in Chinese, and defaults the time to now', async () => {
  const { comp, simulate, ready } = open()
  await ready
  await settle(simulate)
  const t = text(comp)
  for (const label of ['诉求类型', '发生时间', '地点', '发生了什么', '照片', '语音说明', '匿名提交', '提交']) expect(t).toContain(label)
  expect(comp.instance.data.categories).toEqual(['盗窃', '安全隐患', '失物招领', '邻里纠纷', '环境卫生', '设施维修', '其他'])
  expect(comp.instance.data.date).toBe(chinaNow().date)
})

test('submitting an empty form shows a clear message per field and no confirmation', async () => {
  const { comp, simulate, ready, wx } = open()
  await ready
  comp.instance.setData({ date: '', time: '' })
  await tap(comp, 'onSubmitTap')
  await settle(simulate)
  const t = text(comp)
  expect(t).toContain('请选择诉求类型')
  expect(t).toContain('请选择发生的日期和时间')
  expect(t).toContain('请填写地址')
  expect(t).toContain('请描述发生了什么')
  expect(t).not.toContain('请确认后提交')
  expect(wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '请选择诉求类型' }))
  // Editing a field clears its message.
  comp.instance.onCategoryChange({ detail: { value: 1 } })
  await settle(simulate)
  expect(text(comp)).not.toContain('请选择诉求类型')
})

test('validation rules: future time, too short, too long', () => {
  const now = new Date('2026-11-22T02:00:00Z')
  const base = { categoryIndex: 0, date: '2026-11-22', time: '09:00', address: 'a', description: '五个字以上了' }
  expect(validate(base, now)).toEqual({})
  expect(validate(Object.assign({}, base, { time: '11:00' }), now).occurred).toBe('发生时间不能晚于现在')
  expect(validate(Object.assign({}, base, { description: '太短' }), now).description).toContain('至少5个字')
  expect(validate(Object.assign({}, base, { address: 'x'.repeat(201) }), now).address).toContain('200')
  expect(validate(Object.assign({}, base, { description: 'x'.repeat(2001) }), now).description).toContain('2000')
})

test('the body matches the API: China time to UTC, GCJ-02 point as lon/lat, media ids, anonymity', () => {
  const body = toBody({
    categoryIndex: 4, date: '2026-11-22', time: '09:30', address: ' 五常 ', description: ' 有垃圾 ',
    location: { latitude: 30.27, longitude: 120.15 }, photos: [{ mediaId: 'm1' }], voice: { mediaId: 'v1' }, anonymous: true,
  })
  expect(body).toEqual({
    category: 'environment', occurred_at: '2026-11-22T01:30:00.000Z', address: '五常', description: '有垃圾',
    point: { lon: 120.15, lat: 30.27 }, media: ['m1'], voice_note: 'v1', anonymous: true,
  })
})

test('location: the map picker in GCJ-02, falling back to wx.getLocation', async () => {
  const { comp, simulate, ready, wx } = open()
  await ready
  await tap(comp, 'chooseLocation')
  await settle(simulate)
  expect(wx.chooseLocation.mock.calls[0][0].type).toBe('gcj02')
  expect(comp.instance.data.address).toContain('幸福小区')
  wx.chooseLocation.mockImplementation(({ fail }) => fail({ errMsg: 'chooseLocation:fail auth deny' }))
  await tap(comp, 'chooseLocation')
  await settle(simulate)
  expect(wx.getLocation).toHaveBeenCalledWith(expect.objectContaining({ type: 'gcj02' }))
  expect(comp.instance.data.location.name).toBe('当前位置')
})

test('photos via chooseMedia (removable) and a voice note via the RecorderManager', async () => {
  const { comp, simulate, ready, wx } = open()
  await ready
  await tap(comp, 'choosePhotos')
  await settle(simulate)
  expect(wx.chooseMedia.mock.calls[0][0]).toEqual(expect.objectContaining({ count: 9, mediaType: ['image'] }))
  expect(comp.instance.data.photos).toHaveLength(1)
  await tap(comp, 'removePhoto-0')
  await settle(simulate)
  expect(comp.instance.data.photos).toHaveLength(0)
  await tap(comp, 'toggleRecord')
  await settle(simulate)
  expect(text(comp)).toContain('停止录音')
  expect(wx._recorder.start).toHaveBeenCalledWith(expect.objectContaining({ format: 'mp3' }))
  await tap(comp, 'toggleRecord')
  await settle(simulate)
  expect(text(comp)).toContain('已录语音 4 秒')
})

test('confirm step, loading state, uploads, one key across a retry, then the progress page with ?after=', async () => {
  const posts = []
  let fail = true
  const { comp, simulate, ready, wx } = open((m, p, d, h) => {
    posts.push({ p, d, key: h['Idempotency-Key'] })
    if (fail) { fail = false; return { statusCode: 503, data: error('read_model.lagging', 'busy') } }
    return { statusCode: 201, data: { id: 'c-9', position: 42, replay: 'fresh' } }
  })
  await ready
  fill(comp.instance)
  await tap(comp, 'choosePhotos')
  await tap(comp, 'toggleRecord')
  await tap(comp, 'toggleRecord')
  await settle(simulate)
  await tap(comp, 'onSubmitTap')
  await settle(simulate)
  expect(text(comp)).toContain('请确认后提交')
  expect(text(comp)).toContain('类型：盗窃')
  expect(posts).toHaveLength(0) // nothing is sent before confirming

  const first = comp.instance.onConfirmSubmit()
  expect(comp.instance.data.submitting).toBe(true)
  expect(wx.showLoading).toHaveBeenCalled()
  await first
  await settle(simulate)
  expect(text(comp)).toContain('数据正在更新')
  expect(text(comp)).toContain('重试')
  await comp.instance.onConfirmSubmit()
  expect(posts).toHaveLength(2)
  expect(posts[0].key).toBe(posts[1].key)
  expect(posts[1].d.media).toEqual(['media-hoto1.jpg'])
  expect(posts[1].d.voice_note).toBe('media-voice.mp3')
  expect(wx.uploadFile).toHaveBeenCalledTimes(2) // uploaded once, not again on the retry
  expect(wx.redirectTo).toHaveBeenCalledWith({ url: '/pages/complaint/detail/index?id=c-9&after=42&filed=1' })
  expect(comp.instance.data.idempotencyKey).toBe('')
})

test('a second submission gets a new key', async () => {
  const keys = []
  const { comp, ready } = open((m, p, d, h) => { keys.push(h['Idempotency-Key']); return { statusCode: 201, data: { id: 'c', position: 1 } } })
  await ready
  fill(comp.instance)
  await comp.instance.onConfirmSubmit()
  await comp.instance.onConfirmSubmit()
  expect(keys[0]).not.toBe(keys[1])
})

test('returning from the confirmation keeps what was typed', async () => {
  const { comp, simulate, ready } = open()
  await ready
  fill(comp.instance)
  await tap(comp, 'onSubmitTap')
  await settle(simulate)
  await tap(comp, 'onCancelConfirm')
  await settle(simulate)
  expect(text(comp)).not.toContain('请确认后提交')
  expect(comp.instance.data.description).toBe('电动车在楼下被偷了')
})
