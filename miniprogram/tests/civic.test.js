// 意见反馈, 我要委托, 办事指南 / 网上申办, 我的委托和申办 and their progress pages.
const { load, settle, text, tap } = require('./helpers/load')
const { createWx, routeRequests } = require('./helpers/wx')
const { error } = require('./helpers/fixtures')

function page(path, handler, options) {
  const wx = createWx()
  routeRequests(wx, handler)
  wx.uploadFile.mockImplementation(({ filePath, success }) => success({ statusCode: 201, data: JSON.stringify({ id: `m-${filePath.split('/').pop()}` }) }))
  return load(path, { wx, options })
}
const timelineEntry = (event, text) => ({ event, at: '2026-12-07T02:00:00Z', by: null, role: null, text: text || null })
const errand = over => Object.assign({
  id: 'e-1', requester: 'u-1', jurisdiction: '330110003001-G001', task: '帮我去街道领取老年人优待证', deadline: '2026-12-10T10:00:00Z',
  status: 'requested', agent: null, agent_kind: null, verifier: null, requested_at: '2026-12-07T02:00:00Z', updated_at: '2026-12-07T02:00:00Z',
  timeline: [timelineEntry('errand.requested')],
}, over)
const application = over => Object.assign({
  id: 'ap-1', guide_id: 'g-1', guide_name: '居住证办理', applicant: 'u-1', jurisdiction: '330110003001-G001', status: 'under_review',
  materials: [{ name: '身份证', media: ['m-1'] }], requested: [], note: null, decision: null,
  submitted_at: '2026-12-07T02:00:00Z', updated_at: '2026-12-07T02:00:00Z', timeline: [timelineEntry('application.submitted')],
}, over)
const guide = { id: 'g-1', name: '居住证办理', text: '带齐材料，网上提交后三个工作日内审核。', materials: ['身份证', '租房合同'], retired: false, defined_at: '2026-11-01T00:00:00Z', revised_at: null }

describe('意见反馈', () => {
  test('kind and words are required; nothing is sent until they are there', async () => {
    const { comp, simulate, ready, wx } = page('pages/feedback/index', () => ({ statusCode: 200, data: { items: [], next: null } }))
    await ready
    await tap(comp, 'submit')
    await settle(simulate)
    expect(text(comp)).toContain('请选择反馈类型')
    expect(text(comp)).toContain('请写下您的意见')
    expect(text(comp)).toContain('还没有反馈过')
    expect(wx.request.mock.calls.filter(c => c[0].method === 'POST')).toHaveLength(0)
  })

  test('sends kind, words and uploaded screenshots, then shows it in my feedback with replies', async () => {
    const posted = []
    const { comp, simulate, ready, wx } = page('pages/feedback/index', (m, p, data) => {
      if (m === 'POST') { posted.push(data); return { statusCode: 201, data: { id: 'f-1', position: 50, replay: 'fresh' } } }
      return { statusCode: 200, data: { items: posted.length ? [{ id: 'f-1', kind: 'suggestion', text: '希望增加夜间路灯', media: ['m-photo1.jpg'], author: 'u-1', status: 'open', replies: [{ text: '已转交物业', by: 'u-9', at: '2026-12-07T03:00:00Z' }], submitted_at: '2026-12-07T02:00:00Z', closed_at: null }] : [], next: null } }
    })
    await ready
    await tap(comp, 'kind-suggestion')
    comp.instance.onTextInput({ detail: { value: '希望增加夜间路灯' } })
    await tap(comp, 'choosePhotos')
    await comp.instance.submit()
    await settle(simulate)
    expect(wx.uploadFile).toHaveBeenCalledTimes(1)
    expect(posted).toEqual([{ kind: 'suggestion', text: '希望增加夜间路灯', media: ['m-photo1.jpg'] }])
    const t = text(comp)
    expect(t).toContain('已收到您的反馈')
    expect(t).toContain('社区回复：已转交物业')
    expect(comp.instance.data.text).toBe('')
    expect(wx.request.mock.calls.pop()[0].url).toContain('/api/v1/me/feedback?after=50')
  })

  test('a refused submission shows the server’s reason and keeps the words', async () => {
    const { comp, simulate, ready } = page('pages/feedback/index', (m) => (m === 'POST'
      ? { statusCode: 422, data: error('civic.invalid', 'text too long') }
      : { statusCode: 200, data: { items: [], next: null } }))
    await ready
    await tap(comp, 'kind-other')
    comp.instance.onTextInput({ detail: { value: '一些话' } })
    await comp.instance.submit()
    await settle(simulate)
    expect(text(comp)).toContain('填写的内容有误：text too long')
    expect(comp.instance.data.text).toBe('一些话')
  })
})

describe('我要委托', () => {
  test('task and a future deadline are required', async () => {
    const { comp, simulate, ready } = page('pages/entrust/index', () => ({ statusCode: 500, data: error('internal', 'x') }))
    await ready
    await tap(comp, 'submit')
    await settle(simulate)
    expect(text(comp)).toContain('请写下要办的事')
    expect(text(comp)).toContain('请选择最晚办好的日期')
    comp.instance.onDateChange({ detail: { value: '2020-01-01' } })
    await tap(comp, 'submit')
    await settle(simulate)
    expect(text(comp)).toContain('截止时间要晚于现在')
  })

  test('sends the task and the deadline in China time, then opens its progress', async () => {
    const posted = []
    const { comp, ready, wx } = page('pages/entrust/index', (m, p, data, header) => {
      posted.push([p, data, header['Idempotency-Key']])
      return { statusCode: 201, data: { id: 'e-1', position: 60, replay: 'fresh' } }
    })
    await ready
    comp.instance.onTaskInput({ detail: { value: ' 帮我去街道领取老年人优待证 ' } })
    comp.instance.onDateChange({ detail: { value: '2099-12-10' } })
    comp.instance.onTimeChange({ detail: { value: '09:30' } })
    await comp.instance.submit()
    expect(posted).toEqual([['/api/v1/errands', { task: '帮我去街道领取老年人优待证', deadline: '2099-12-10T01:30:00.000Z' }, expect.stringMatching(/\S/)]])
    expect(wx.redirectTo).toHaveBeenCalledWith({ url: '/pages/civic/detail/index?kind=errand&id=e-1&after=60' })
  })
})

describe('办事指南 and 网上申办', () => {
  test('lists the guides and opens one', async () => {
    const { comp, simulate, ready, wx } = page('pages/applications/guides/index', () => ({ statusCode: 200, data: { items: [guide], next: null } }))
    await ready
    await settle(simulate)
    expect(text(comp)).toContain('需要材料：身份证、租房合同')
    await tap(comp, 'open-0')
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/pages/applications/apply/index?id=g-1' })
  })

  test('every material needs a photo; then uploads them and submits the application', async () => {
    const posted = []
    const { comp, simulate, ready, wx } = page('pages/applications/apply/index', (m, p, data) => {
      if (m === 'POST') { posted.push(data); return { statusCode: 201, data: { id: 'ap-1', position: 61, replay: 'fresh' } } }
      return { statusCode: 200, data: guide }
    }, { id: 'g-1' })
    await ready
    await settle(simulate)
    expect(text(comp)).toContain('三个工作日内审核')
    await tap(comp, 'addFiles-0')
    await tap(comp, 'submit')
    await settle(simulate)
    expect(text(comp)).toContain('请上传租房合同')
    expect(posted).toHaveLength(0)
    wx.chooseMedia.mockImplementation(({ success }) => success({ tempFiles: [{ tempFilePath: 'wxfile://lease.jpg' }] }))
    await tap(comp, 'addFiles-1')
    comp.instance.onNoteInput({ detail: { value: '合同两页' } })
    await comp.instance.submit()
    expect(posted).toEqual([{ guide: 'g-1', materials: [{ name: '身份证', media: ['m-photo1.jpg'] }, { name: '租房合同', media: ['m-lease.jpg'] }], note: '合同两页' }])
    expect(wx.redirectTo).toHaveBeenCalledWith({ url: '/pages/civic/detail/index?kind=application&id=ap-1&after=61' })
  })
})

describe('我的委托和申办 and their progress', () => {
  test('switches between errands and applications', async () => {
    const seen = []
    const { comp, simulate, ready, wx } = page('pages/civic/mine/index', (m, p) => {
      seen.push(p)
      return { statusCode: 200, data: { items: p.includes('errands') ? [errand()] : [application()], next: null } }
    })
    await ready
    await settle(simulate)
    expect(text(comp)).toContain('帮我去街道领取老年人优待证')
    expect(text(comp)).toContain('已提交，待安排')
    await tap(comp, 'tab-application')
    await settle(simulate)
    expect(seen).toEqual(['/api/v1/me/errands', '/api/v1/me/applications'])
    expect(text(comp)).toContain('居住证办理')
  })

  test('opened after a write, the list reads after it', async () => {
    const seen = []
    const { ready } = page('pages/civic/mine/index', (m, p) => { seen.push(p); return { statusCode: 200, data: { items: [], next: null } } }, { tab: 'application', after: '77' })
    await ready
    expect(seen).toEqual(['/api/v1/me/applications?after=77'])
  })

  test('an application opens its progress page', async () => {
    const { comp, simulate, ready, wx } = page('pages/civic/mine/index', () => ({ statusCode: 200, data: { items: [application()], next: null } }), { tab: 'application' })
    await ready
    await settle(simulate)
    expect(text(comp)).toContain('居住证办理')
    expect(text(comp)).toContain('审核中')
    await tap(comp, 'open-0')
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/pages/civic/detail/index?kind=application&id=ap-1' })
  })

  test('an errand’s timeline; cancelling needs a reason', async () => {
    const posted = []
    const { comp, simulate, ready } = page('pages/civic/detail/index', (m, p, data) => {
      if (m === 'POST') { posted.push([p, data]); return { statusCode: 200, data: { id: 'e-1', position: 62, replay: 'fresh' } } }
      return { statusCode: 200, data: posted.length ? errand({ status: 'cancelled', timeline: [timelineEntry('errand.requested'), timelineEntry('errand.cancelled', '不用了')] }) : errand() }
    }, { kind: 'errand', id: 'e-1', after: '60' })
    await ready
    await settle(simulate)
    expect(text(comp)).toContain('提交成功')
    expect(text(comp)).toContain('提交委托')
    await tap(comp, 'cancel')
    expect(text(comp)).toContain('请写下取消的原因')
    comp.instance.onReasonInput({ detail: { value: '不用了' } })
    await comp.instance.cancel()
    await settle(simulate)
    expect(posted).toEqual([['/api/v1/errands/e-1/cancel', { reason: '不用了' }]])
    expect(text(comp)).toContain('已取消')
    expect(comp.instance.data.canCancel).toBe(false)
  })

  test('an application asking for more materials says which; it can be withdrawn', async () => {
    const { comp, simulate, ready } = page('pages/civic/detail/index', () => ({ statusCode: 200, data: application({ status: 'materials_requested', requested: ['租房合同'], timeline: [timelineEntry('application.submitted'), timelineEntry('application.materials_requested', '合同不清楚')] }) }), { kind: 'application', id: 'ap-1' })
    await ready
    await settle(simulate)
    const t = text(comp)
    expect(t).toContain('需要补充：租房合同')
    expect(t).toContain('要求补充材料')
    expect(t).toContain('合同不清楚')
    expect(comp.instance.data.canWithdraw).toBe(true)
  })

  test('a missing item shows the error', async () => {
    const { comp, simulate, ready } = page('pages/civic/detail/index', () => ({ statusCode: 404, data: error('civic.not_found', 'x') }), { kind: 'errand', id: 'x' })
    await ready
    await settle(simulate)
    expect(text(comp)).toContain('没有找到')
  })
})

describe('补充材料: an application sent back for more materials', () => {
  const asked = over => application(Object.assign({
    status: 'materials_requested', requested: ['租房合同', '社保证明'],
    timeline: [timelineEntry('application.submitted'), timelineEntry('application.materials_requested', '合同照片不清楚（租房合同、社保证明）')],
  }, over))
  const posts = wx => wx.request.mock.calls.filter(c => c[0].method === 'POST')

  test('shows the cadre’s words and will not send until every wanted material has a photo', async () => {
    const { comp, simulate, ready, wx } = page('pages/civic/detail/index', () => ({ statusCode: 200, data: asked() }), { kind: 'application', id: 'ap-1' })
    await ready
    await settle(simulate)
    let t = text(comp)
    expect(t).toContain('需要补充：租房合同、社保证明')
    expect(t).toContain('社区的说明：合同照片不清楚')
    expect(t).not.toContain('社区的说明：合同照片不清楚（')
    await tap(comp, 'supply')
    await settle(simulate)
    t = text(comp)
    expect(t).toContain('每项要补充的材料都要上传照片')
    expect(t).toContain('请上传租房合同')
    expect(t).toContain('请上传社保证明')
    await tap(comp, 'addFiles-0')
    await tap(comp, 'supply')
    await settle(simulate)
    t = text(comp)
    expect(t).not.toContain('请上传租房合同')
    expect(t).toContain('请上传社保证明')
    // Taking the only photo away makes it missing again.
    await tap(comp, 'removeFile-0-0')
    await tap(comp, 'supply')
    await settle(simulate)
    expect(text(comp)).toContain('请上传租房合同')
    expect(posts(wx)).toHaveLength(0)
    expect(wx.uploadFile).not.toHaveBeenCalled()
    // Withdrawing stays possible while materials are wanted.
    expect(comp.instance.data.canWithdraw).toBe(true)
  })

  test('uploads a photo from the camera and one from a chat, hands them in, and reads the result after its position', async () => {
    const posted = []
    const { comp, simulate, ready, wx } = page('pages/civic/detail/index', (m, p, data, header) => {
      if (m === 'POST') { posted.push([p, data, header['Idempotency-Key']]); return { statusCode: 200, data: { id: 'ap-1', position: 63, replay: 'fresh' } } }
      return { statusCode: 200, data: posted.length
        ? application({ materials: [{ name: '身份证', media: ['m-1'] }, { name: '租房合同', media: ['m-photo1.jpg'] }, { name: '社保证明', media: ['m-chat1.jpg'] }], timeline: asked().timeline.concat([timelineEntry('application.materials_supplied', '合同重新拍了')]) })
        : asked() }
    }, { kind: 'application', id: 'ap-1' })
    await ready
    await settle(simulate)
    await tap(comp, 'addFiles-0')
    await tap(comp, 'addChatFiles-1')
    expect(wx.chooseMessageFile).toHaveBeenCalledWith(expect.objectContaining({ type: 'image' }))
    comp.instance.onSupplyNoteInput({ detail: { value: ' 合同重新拍了 ' } })
    await comp.instance.supply()
    await settle(simulate)
    expect(wx.uploadFile.mock.calls.map(c => [c[0].url.replace(/^https?:\/\/[^/]+/, ''), c[0].name, c[0].filePath])).toEqual([
      ['/api/v1/media', 'file', 'wxfile://photo1.jpg'],
      ['/api/v1/media', 'file', 'wxfile://chat1.jpg'],
    ])
    expect(posted).toEqual([['/api/v1/applications/ap-1/supply-materials', {
      materials: [{ name: '租房合同', media: ['m-photo1.jpg'] }, { name: '社保证明', media: ['m-chat1.jpg'] }],
      note: '合同重新拍了',
    }, expect.stringMatching(/^supply-/)]])
    expect(wx.request.mock.calls.pop()[0].url).toContain('/api/v1/applications/ap-1?after=63')
    const t = text(comp)
    expect(t).toContain('补充材料已提交，社区会继续审核')
    expect(t).toContain('审核中')
    expect(t).toContain('已补充材料')
    expect(comp.instance.data.supplying).toBe(false)
    expect(comp.instance.data.materials).toEqual([])
  })

  test('while sending it says so and ignores more taps; a refusal is shown and the retry keeps its key and its uploads', async () => {
    let answer
    const keys = []
    const { comp, simulate, ready, wx } = page('pages/civic/detail/index', (m, p, data, header) => {
      if (m !== 'POST') return { statusCode: 200, data: keys.length > 1 ? application() : asked({ requested: ['租房合同'] }) }
      keys.push(header['Idempotency-Key'])
      if (keys.length > 1) return { statusCode: 200, data: { id: 'ap-1', position: 64, replay: 'fresh' } }
      return new Promise(resolve => { answer = resolve })
    }, { kind: 'application', id: 'ap-1' })
    await ready
    await settle(simulate)
    await tap(comp, 'addFiles-0')
    const sending = comp.instance.supply()
    await settle(simulate)
    expect(comp.instance.data.submitting).toBe(true)
    expect(text(comp)).toContain('正在提交…')
    await tap(comp, 'supply')
    await comp.instance.withdraw()
    expect(posts(wx)).toHaveLength(1)
    answer({ statusCode: 422, data: error('application.materials_missing', 'materials missing: 租房合同') })
    await sending
    await settle(simulate)
    expect(text(comp)).toContain('还有材料没有上传，请把要求的每项材料都拍照上传')
    expect(text(comp)).toContain('提交补充材料')
    expect(comp.instance.data.materials[0].files).toHaveLength(1)
    await comp.instance.supply()
    expect(keys).toHaveLength(2)
    expect(keys[1]).toBe(keys[0])
    expect(wx.uploadFile).toHaveBeenCalledTimes(1)
  })

  test('a failed upload is shown and nothing is handed in', async () => {
    const { comp, simulate, ready, wx } = page('pages/civic/detail/index', () => ({ statusCode: 200, data: asked({ requested: ['租房合同'] }) }), { kind: 'application', id: 'ap-1' })
    await ready
    await settle(simulate)
    wx.uploadFile.mockImplementation(({ fail }) => fail({ errMsg: 'uploadFile:fail timeout' }))
    await tap(comp, 'addFiles-0')
    await comp.instance.supply()
    await settle(simulate)
    expect(text(comp)).toContain('网络连接失败，请检查网络后重试')
    expect(comp.instance.data.submitting).toBe(false)
    expect(posts(wx)).toHaveLength(0)
  })

  test('in elder mode the form is the large layout', async () => {
    const wx = createWx()
    wx.getAppBaseInfo.mockReturnValue({ fontSizeSetting: 16 })
    wx.setStorageSync('linli.elder', 'on')
    routeRequests(wx, () => ({ statusCode: 200, data: asked() }))
    const { comp, simulate, ready } = load('pages/civic/detail/index', { wx, options: { kind: 'application', id: 'ap-1' } })
    await ready
    await settle(simulate)
    expect(comp.instance.data.rootFontSize).toBeGreaterThanOrEqual(20)
    expect(comp.querySelectorAll('.elder .material-actions')).toHaveLength(2)
    expect(text(comp)).toContain('从聊天记录选')
  })
})
