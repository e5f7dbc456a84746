// 我要鼓励: cadres from my complaints, or an id typed in; thanks text; optional photo.
const { load, settle, text, tap } = require('./helpers/load')
const { createWx, routeRequests } = require('./helpers/wx')
const { complaint, error } = require('./helpers/fixtures')

const CADRE = 'c502068b-9d93-5744-94e9-bfef8bac8627'

function open(postHandler) {
  const wx = createWx()
  const posts = []
  wx.uploadFile.mockImplementation(o => o.success({ statusCode: 201, data: JSON.stringify({ id: 'photo-1' }) }))
  routeRequests(wx, (m, p, d, h) => {
    if (m === 'POST') { posts.push({ p, d, key: h['Idempotency-Key'] }); return postHandler ? postHandler(d) : { statusCode: 201, data: { id: 'e-1', position: 3 } } }
    return { statusCode: 200, data: { items: [complaint({ cadre: CADRE }), complaint({ id: 'c-2', cadre: CADRE }), complaint({ id: 'c-3', cadre: null })], next: null } }
  })
  return Object.assign(load('pages/encourage/index', { wx }), { posts })
}

test('offers each cadre who handled my complaints once', async () => {
  const { comp, simulate, ready } = open()
  await ready
  await settle(simulate)
  expect(comp.instance.data.cadres).toHaveLength(1)
  expect(text(comp)).toContain('办理“环境卫生”的网格员')
})

test('validation: who and what are required; a typed id must be a user id', async () => {
  const { comp, simulate, ready, posts } = open()
  await ready
  await tap(comp, 'submit')
  await settle(simulate)
  expect(text(comp)).toContain('请选择要感谢的网格员')
  expect(text(comp)).toContain('请写下感谢的话')
  comp.instance.onIdInput({ detail: { value: '12345' } })
  await comp.instance.submit()
  await settle(simulate)
  expect(text(comp)).toContain('编号格式不对')
  expect(posts).toHaveLength(0)
})

test('sends the picked cadre, the words and the uploaded photo, then thanks the resident', async () => {
  const { comp, simulate, ready, posts } = open()
  await ready
  await settle(simulate)
  await tap(comp, 'pick-0')
  comp.instance.onTextInput({ detail: { value: '路灯当天就修好了，谢谢！' } })
  await tap(comp, 'choosePhoto')
  await comp.instance.submit()
  await settle(simulate)
  expect(posts[0].p).toBe('/api/v1/encouragements')
  expect(posts[0].d).toEqual({ cadre: CADRE, text: '路灯当天就修好了，谢谢！', media: ['photo-1'] })
  expect(posts[0].key).toBeTruthy()
  expect(text(comp)).toContain('感谢已送达')
})

test('the server’s refusal (not a posted cadre) is shown', async () => {
  const { comp, simulate, ready } = open(() => ({ statusCode: 422, data: error('encouragement.unknown_cadre', 'that person is not a cadre posted in the directory') }))
  await ready
  comp.instance.onIdInput({ detail: { value: CADRE } })
  comp.instance.onTextInput({ detail: { value: '谢谢' } })
  await comp.instance.submit()
  await settle(simulate)
  expect(text(comp)).toContain('填写的内容有误')
  expect(text(comp)).not.toContain('感谢已送达')
})
