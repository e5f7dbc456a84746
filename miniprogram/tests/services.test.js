// 服务: catalogue (categories, search, price filter, refresh, load more), service detail with
// slots and the reservation form, payment through wx.requestPayment, 我的订单 and evaluation.
const { load, settle, text, tap } = require('./helpers/load')
const { createWx, routeRequests } = require('./helpers/wx')
const { service, slot, order, payAnswer, error } = require('./helpers/fixtures')

function page(path, handler, options, wxOverrides) {
  const wx = createWx(wxOverrides)
  routeRequests(wx, handler)
  return load(path, { wx, options })
}

describe('服务 catalogue', () => {
  test('lists services with prices in yuan and loads more on scroll', async () => {
    const seen = []
    const { comp, simulate, ready, wx } = page('pages/services/index', (m, p) => {
      seen.push(p)
      if (p.includes('cursor=')) return { statusCode: 200, data: { items: [service({ id: 's-3', name: '空调清洗', price: 12050, category: 'maintenance', average_rating: null, ratings: 0 })], next: null } }
      return { statusCode: 200, data: { items: [service(), service({ id: 's-2', name: '助餐送饭', category: 'elder_care', price: 1500 })], next: 'CUR1' } }
    })
    await ready
    await settle(simulate)
    expect(seen[0]).toBe('/api/v1/services')
    let t = text(comp)
    expect(t).toContain('日常保洁（2小时）')
    expect(t).toContain('¥88')
    expect(t).toContain('家政保洁 · 安心家政')
    expect(t).toContain('评分 4.7（3条评价）')
    expect(t).toContain('上滑加载更多')
    await comp.instance.onReachBottom()
    await settle(simulate)
    expect(seen[1]).toBe('/api/v1/services?cursor=CUR1')
    t = text(comp)
    expect(t).toContain('¥120.50')
    expect(t).toContain('没有更多了')
    await comp.instance.onReachBottom()
    expect(seen).toHaveLength(2)
    await tap(comp, 'open-1')
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/pages/services/detail/index?id=s-2' })
    await tap(comp, 'openOrders')
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/pages/orders/mine/index' })
  })

  test('category, keyword and price cap become the search query; pull-down refreshes from the first page', async () => {
    const seen = []
    const { comp, simulate, ready, wx } = page('pages/services/index', (m, p) => {
      seen.push(p)
      return { statusCode: 200, data: { items: [], next: null } }
    })
    await ready
    await tap(comp, 'category-maintenance')
    expect(seen[1]).toBe('/api/v1/services?category=maintenance')
    comp.instance.onKeywordInput({ detail: { value: ' 空调 ' } })
    await tap(comp, 'search')
    expect(seen[2]).toBe(`/api/v1/services?category=maintenance&keyword=${encodeURIComponent('空调')}`)
    await comp.instance.onPriceChange({ detail: { value: 2 } })
    expect(seen[3]).toBe(`/api/v1/services?category=maintenance&keyword=${encodeURIComponent('空调')}&max_price=10000`)
    await tap(comp, 'category-all')
    expect(seen[4]).toBe(`/api/v1/services?keyword=${encodeURIComponent('空调')}&max_price=10000`)
    await settle(simulate)
    expect(text(comp)).toContain('没有找到符合条件的服务')
    await comp.instance.onPullDownRefresh()
    expect(seen).toHaveLength(6)
    expect(wx.stopPullDownRefresh).toHaveBeenCalled()
  })

  test('a failed load shows the error and retries', async () => {
    let ok = false
    const { comp, simulate, ready } = page('pages/services/index', () => (ok
      ? { statusCode: 200, data: { items: [service()], next: null } }
      : { network: true }))
    await ready
    await settle(simulate)
    expect(text(comp)).toContain('网络连接失败')
    ok = true
    await tap(comp, 'onRetry')
    await settle(simulate)
    expect(text(comp)).toContain('日常保洁')
    expect(text(comp)).not.toContain('网络连接失败')
  })
})

describe('服务详情 and reservation', () => {
  function detail(handler, wxOverrides) {
    return page('pages/services/detail/index', handler, { id: 's-1' }, Object.assign({
      requestPayment: jest.fn(({ success }) => success({ errMsg: 'requestPayment:ok' })),
    }, wxOverrides))
  }
  const catalog = (extra = {}) => (m, p, data, header) => {
    if (p === '/api/v1/services/s-1') return { statusCode: 200, data: service() }
    if (p === '/api/v1/services/s-1/slots') return { statusCode: 200, data: { items: [slot(), slot({ id: 't-2', remaining: 0, booked: 2 })], next: null } }
    const own = extra[`${m} ${p}`]
    return own ? own(data, header) : { statusCode: 404, data: error('not_found', 'x') }
  }

  test('shows the service and its slots, full ones marked and not selectable', async () => {
    const { comp, simulate, ready } = detail(catalog())
    await ready
    await settle(simulate)
    const t = text(comp)
    expect(t).toContain('日常保洁（2小时）')
    expect(t).toContain('厨房、卫生间和客厅的日常清洁')
    expect(t).toContain('12月8日 09:00 – 11:00（剩1）')
    expect(t).toContain('已约满')
    await tap(comp, 'slot-1')
    expect(comp.instance.data.form.slot).toBe('')
    await tap(comp, 'slot-0')
    expect(comp.instance.data.form.slot).toBe('t-1')
  })

  test('validation names every missing field and sends nothing', async () => {
    const { comp, simulate, ready, wx } = detail(catalog())
    await ready
    await settle(simulate)
    comp.instance.onInput({ currentTarget: { dataset: { field: 'contactPhone' } }, detail: { value: '12ab' } })
    await tap(comp, 'submit')
    await settle(simulate)
    const t = text(comp)
    for (const msg of ['请选择上门时间', '请填写服务地址', '请填写联系人', '请填写正确的联系电话', '请先把标红的地方填好']) expect(t).toContain(msg)
    expect(wx.request.mock.calls.filter(c => c[0].method === 'POST')).toHaveLength(0)
  })

  test('reserves with one key across a retry, pays with the server’s parameters and opens the order', async () => {
    const keys = []
    let lost = true
    const { comp, simulate, ready, wx } = detail(catalog({
      'POST /api/v1/orders': (data, header) => {
        keys.push(header['Idempotency-Key'])
        expect(data).toEqual({ service: 's-1', slot: 't-1', address: '五常社区3幢201', contact: { name: '林金花', phone: '13800000000' }, note: '家里有猫' })
        if (lost) { lost = false; return { network: true } }
        return { statusCode: 201, data: { id: 'o-1', position: 70, replay: 'fresh' } }
      },
      'POST /api/v1/orders/o-1/pay': () => ({ statusCode: 200, data: payAnswer('o-1') }),
    }))
    await ready
    await settle(simulate)
    await tap(comp, 'slot-0')
    const input = (field, value) => comp.instance.onInput({ currentTarget: { dataset: { field } }, detail: { value } })
    input('address', '五常社区3幢201')
    input('contactName', '林金花')
    input('contactPhone', '13800000000')
    input('note', '家里有猫')
    await comp.instance.submit()
    await settle(simulate)
    expect(text(comp)).toContain('网络连接失败')
    await comp.instance.submit()
    await settle(simulate)
    expect(keys).toHaveLength(2)
    expect(keys[0]).toBe(keys[1])
    expect(wx.requestPayment).toHaveBeenCalledWith(expect.objectContaining({
      timeStamp: '1765000000', nonceStr: 'n0nce', package: 'prepay_id=wx42', signType: 'RSA', paySign: 'c2lnbg==',
    }))
    expect(wx.redirectTo).toHaveBeenCalledWith({ url: '/pages/orders/detail/index?id=o-1&after=70' })
  })

  test('when payment cannot start, the order still opens, to be paid later', async () => {
    const { comp, simulate, ready, wx } = detail(catalog({
      'POST /api/v1/orders': () => ({ statusCode: 201, data: { id: 'o-9', position: 71, replay: 'fresh' } }),
      'POST /api/v1/orders/o-9/pay': () => ({ statusCode: 503, data: error('service.unavailable', 'payments are not configured on this server') }),
    }))
    await ready
    await settle(simulate)
    await tap(comp, 'slot-0')
    Object.entries({ address: '五常社区', contactName: '林', contactPhone: '0571-88888888' }).forEach(([field, value]) => comp.instance.onInput({ currentTarget: { dataset: { field } }, detail: { value } }))
    await comp.instance.submit()
    expect(wx.requestPayment).not.toHaveBeenCalled()
    expect(wx.redirectTo).toHaveBeenCalledWith({ url: '/pages/orders/detail/index?id=o-9&after=71' })
  })

  test('a full slot refused by the server shows why', async () => {
    const { comp, simulate, ready, wx } = detail(catalog({
      'POST /api/v1/orders': () => ({ statusCode: 409, data: error('services.slot_full', 'the slot is full') }),
    }))
    await ready
    await settle(simulate)
    await tap(comp, 'slot-0')
    Object.entries({ address: '五常社区', contactName: '林', contactPhone: '13800000000' }).forEach(([field, value]) => comp.instance.onInput({ currentTarget: { dataset: { field } }, detail: { value } }))
    await comp.instance.submit()
    await settle(simulate)
    expect(text(comp)).toContain('当前状态不能进行此操作（the slot is full）')
    expect(wx.redirectTo).not.toHaveBeenCalled()
  })
})

describe('我的订单 and 订单详情', () => {
  test('lists my orders with Chinese states and opens one', async () => {
    const { comp, simulate, ready, wx } = page('pages/orders/mine/index', () => ({ statusCode: 200, data: { items: [order(), order({ id: 'o-2', status: 'evaluated' })], next: null } }))
    await ready
    await settle(simulate)
    const t = text(comp)
    expect(t).toContain('已预约待支付')
    expect(t).toContain('已评价')
    expect(t).toContain('¥88')
    await tap(comp, 'open-1')
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/pages/orders/detail/index?id=o-2' })
  })

  test('no orders: an empty state and a way to the catalogue', async () => {
    const { comp, simulate, ready, wx } = page('pages/orders/mine/index', () => ({ statusCode: 200, data: { items: [], next: null } }))
    await ready
    await settle(simulate)
    expect(text(comp)).toContain('您还没有订单')
    await tap(comp, 'browse')
    expect(wx.switchTab).toHaveBeenCalledWith({ url: '/pages/services/index' })
  })

  test('an unpaid order can be paid; the payment goes to wx.requestPayment', async () => {
    let status = 'reserved'
    const { comp, simulate, ready, wx } = page('pages/orders/detail/index', (m, p) => {
      if (m === 'POST' && p === '/api/v1/orders/o-1/pay') { status = 'payment_requested'; return { statusCode: 200, data: payAnswer('o-1') } }
      return { statusCode: 200, data: order({ status }) }
    }, { id: 'o-1' }, { requestPayment: jest.fn(({ fail }) => fail({ errMsg: 'requestPayment:fail cancel' })) })
    await ready
    await settle(simulate)
    expect(text(comp)).toContain('微信支付 ¥88')
    await comp.instance.pay()
    await settle(simulate)
    expect(wx.requestPayment).toHaveBeenCalledWith(expect.objectContaining({ package: 'prepay_id=wx42' }))
    expect(text(comp)).toContain('您取消了支付')
    expect(text(comp)).toContain('待支付')
  })

  test('a forgotten phone and address read as deleted, never as null', async () => {
    const { comp, simulate, ready } = page('pages/orders/detail/index', () => ({
      statusCode: 200,
      data: order({ address: null, address_status: 'forgotten', contact_phone: null, contact_phone_status: 'forgotten' }),
    }), { id: 'o-1' })
    await ready
    await settle(simulate)
    expect(text(comp)).toContain('地址：已按本人要求删除')
    expect(text(comp)).toContain('已按本人要求删除')
    expect(text(comp)).not.toContain('null')
  })

  test('cancelling needs a reason', async () => {
    const posted = []
    const { comp, simulate, ready } = page('pages/orders/detail/index', (m, p, data) => {
      if (m === 'POST') { posted.push([p, data]); return { statusCode: 200, data: { id: 'o-1', position: 80, replay: 'fresh' } } }
      return { statusCode: 200, data: order({ status: posted.length ? 'cancelled' : 'paid', cancel_reason: posted.length ? '临时有事' : null }) }
    }, { id: 'o-1' })
    await ready
    await settle(simulate)
    await tap(comp, 'cancel')
    expect(text(comp)).toContain('请写下取消的原因')
    expect(posted).toHaveLength(0)
    comp.instance.onReasonInput({ detail: { value: '临时有事' } })
    await comp.instance.cancel()
    await settle(simulate)
    expect(posted).toEqual([['/api/v1/orders/o-1/cancel', { reason: '临时有事' }]])
    expect(text(comp)).toContain('已取消')
    expect(text(comp)).toContain('取消原因：临时有事')
    expect(comp.instance.data.canCancel).toBe(false)
  })

  test('a completed order is evaluated with stars, tags and words', async () => {
    const posted = []
    const { comp, simulate, ready } = page('pages/orders/detail/index', (m, p, data) => {
      if (m === 'POST') { posted.push([p, data]); return { statusCode: 200, data: { id: 'o-1', position: 81, replay: 'fresh' } } }
      return { statusCode: 200, data: posted.length ? order({ status: 'evaluated', score: 5, tags: ['准时', '专业'], evaluation: '很仔细' }) : order({ status: 'completed', worker_name: '王师傅', worker_phone: '13900000000' }) }
    }, { id: 'o-1' })
    await ready
    await settle(simulate)
    expect(text(comp)).toContain('上门师傅：王师傅')
    await tap(comp, 'evaluate')
    expect(text(comp)).toContain('请先点星星打分')
    await tap(comp, 'setScore-4')
    await tap(comp, 'toggleTag-0')
    await tap(comp, 'toggleTag-1')
    comp.instance.onCommentInput({ detail: { value: '很仔细' } })
    await comp.instance.evaluate()
    await settle(simulate)
    expect(posted).toEqual([['/api/v1/orders/o-1/evaluate', { score: 5, tags: ['准时', '专业'], text: '很仔细' }]])
    const t = text(comp)
    expect(t).toContain('我的评价：5颗星')
    expect(t).toContain('准时、专业')
    expect(comp.instance.data.canEvaluate).toBe(false)
  })

  test('a missing order shows the error', async () => {
    const { comp, simulate, ready } = page('pages/orders/detail/index', () => ({ statusCode: 404, data: error('not_found', 'no such order') }), { id: 'nope' })
    await ready
    await settle(simulate)
    expect(text(comp)).toContain('没有找到')
  })
})
