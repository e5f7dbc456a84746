// 互动, 我的, and the shared components.
const { load, settle, text, tap, nodes } = require('./helpers/load')
const { createWx, routeRequests } = require('./helpers/wx')
const { error } = require('./helpers/fixtures')

test('互动 opens 我要鼓励, the forum, events, second-hand and help', async () => {
  const { comp, simulate, wx } = load('pages/interaction/index')
  await settle(simulate)
  const entries = nodes(comp, '.entry')
  expect(entries).toHaveLength(5)
  entries.forEach(e => e.dispatchEvent('tap'))
  await settle(simulate)
  expect(wx.navigateTo.mock.calls.map(c => c[0].url)).toEqual([
    '/pages/encourage/index', '/pages/forum/index/index', '/pages/activities/index', '/pages/listings/index', '/pages/help/index',
  ])
})

describe('我的', () => {
  function mine(handler) {
    const wx = createWx()
    routeRequests(wx, handler)
    return load('pages/mine/index', { wx })
  }

  test('profile and roles; staff see the cadre workbench', async () => {
    const { comp, simulate, ready, wx } = mine(() => ({ statusCode: 200, data: { id: 'u', display_name: '林金花', home_grid: null, roles: [{ role: 'cadre', scope: ['330110003001-G001'] }] } }))
    await ready
    await settle(simulate)
    const t = text(comp)
    expect(t).toContain('林金花')
    expect(t).toContain('居民、网格员')
    expect(t).toContain('网格员工作台')
    await tap(comp, 'open-queue')
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/pages/cadre/queue/index' })
    await tap(comp, 'open-0')
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/pages/orders/mine/index' })
  })

  test('消息通知 shows the unread count, also as the 我的 tab badge, refreshed when shown', async () => {
    let unread = 3
    const { comp, simulate, ready, wx } = mine((m, p) => (p === '/api/v1/inbox'
      ? { statusCode: 200, data: { unread, items: [], next: null } }
      : { statusCode: 200, data: { id: 'u', roles: [] } }))
    await ready
    await settle(simulate)
    expect(text(comp)).toContain('3条未读')
    expect(wx.setTabBarBadge).toHaveBeenCalledWith(expect.objectContaining({ index: 3, text: '3' }))
    unread = 0
    await comp.instance.onShow()
    await settle(simulate)
    expect(text(comp)).not.toContain('条未读')
    expect(wx.removeTabBarBadge).toHaveBeenCalledWith(expect.objectContaining({ index: 3 }))
    await tap(comp, 'open-inbox')
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/pages/inbox/index' })
  })

  test('residents do not see the workbench; errors offer a retry', async () => {
    let ok = false
    const { comp, simulate, ready } = mine(() => (ok
      ? { statusCode: 200, data: { id: 'u', display_name: null, roles: [] } }
      : { statusCode: 503, data: error('service.unavailable', 'x') }))
    await ready
    await settle(simulate)
    expect(text(comp)).toContain('服务暂时不可用')
    ok = true
    await tap(comp, 'onRetry')
    await settle(simulate)
    expect(text(comp)).toContain('邻里居民')
    expect(text(comp)).not.toContain('网格员工作台')
  })

  test('the elder switch turns large type on and off and is remembered', async () => {
    const { comp, simulate, ready, wx } = mine(() => ({ statusCode: 200, data: { id: 'u', roles: [] } }))
    await ready
    expect(comp.instance.data).toEqual(expect.objectContaining({ elder: false, rootFontSize: 16 }))
    comp.instance.onElderChange({ detail: { value: true } })
    await settle(simulate)
    expect(comp.instance.data).toEqual(expect.objectContaining({ elder: true, rootFontSize: 20 }))
    expect(wx._storage['linli.elder']).toBe('on')
    expect(comp.dom.querySelector('.main--page').className).toContain('elder')
    comp.instance.onElderChange({ detail: { value: false } })
    expect(comp.instance.data.elder).toBe(false)
  })
})

test('pages open in elder mode when WeChat’s font is large', async () => {
  const wx = createWx()
  wx.getAppBaseInfo.mockReturnValue({ fontSizeSetting: 22 })
  const { comp, simulate } = load('pages/home/index', { wx })
  await settle(simulate)
  expect(comp.instance.data).toEqual(expect.objectContaining({ elder: true, rootFontSize: 22 }))
  expect(comp.dom.innerHTML).toContain('elder')
})

describe('components', () => {
  const simulatePath = p => require('path').join(__dirname, '..', p)
  function render(component, props) {
    jest.resetModules()
    global.wx = createWx()
    const simulate = require('miniprogram-simulate')
    const id = simulate.load(simulatePath(component), { rootPath: simulatePath('') })
    const comp = simulate.render(id, props)
    comp.attach(document.createElement('parent-wrapper'))
    return { comp, simulate }
  }

  test('entry-button shows icon and words and navigates on tap', async () => {
    const { comp, simulate } = render('components/entry-button/index', { icon: '诉', label: '我要投诉', hint: '报告问题', url: '/pages/complaint/form/index' })
    const opened = jest.fn()
    comp.addEventListener('open', opened)
    expect(text(comp)).toBe('诉我要投诉报告问题')
    comp.querySelector('#onTap').dispatchEvent('tap')
    await settle(simulate)
    expect(global.wx.navigateTo).toHaveBeenCalledWith({ url: '/pages/complaint/form/index' })
    expect(opened).toHaveBeenCalled()
  })

  test('entry-button to a tab page switches tab', async () => {
    const { comp, simulate } = render('components/entry-button/index', { icon: '我', label: '我的', url: '/pages/mine/index' })
    comp.querySelector('#onTap').dispatchEvent('tap')
    await settle(simulate)
    expect(global.wx.switchTab).toHaveBeenCalledWith({ url: '/pages/mine/index' })
  })

  test('empty-state shows its title and hint', () => {
    const { comp } = render('components/empty-state/index', { title: '暂无内容', hint: '稍后再来' })
    expect(text(comp)).toBe('暂无内容稍后再来')
  })

  test('error-tip shows nothing without a message, the message and a retry with one', async () => {
    const quiet = render('components/error-tip/index', { message: '' })
    expect(text(quiet.comp).trim()).toBe('')
    const { comp, simulate } = render('components/error-tip/index', { message: '网络连接失败', retryText: '重新加载' })
    const retried = jest.fn()
    comp.addEventListener('retry', retried)
    expect(text(comp)).toContain('网络连接失败')
    comp.querySelector('#onRetry').dispatchEvent('tap')
    await settle(simulate)
    expect(retried).toHaveBeenCalled()
  })
})

test('pages built with Component re-read elder mode when shown again (onShow)', async () => {
  const { comp, simulate, wx } = load('pages/services/index')
  await settle(simulate)
  expect(comp.instance.data.elder).toBe(false)
  wx.setStorageSync('linli.elder', 'on')
  comp.instance.onShow()
  expect(comp.instance.data).toEqual(expect.objectContaining({ elder: true, rootFontSize: 20 }))
})
