// 互动: 邻里论坛 (posts, posting, comments), 社区活动 (register, waitlist, cancel),
// 二手闲置 (listing, withdrawing) and 邻里互助 (asking, offering, done).
const { load, settle, text, tap } = require('./helpers/load')
const { createWx, routeRequests } = require('./helpers/wx')
const { error } = require('./helpers/fixtures')

const ME = { id: 'u-me', display_name: '沈建华', home_grid: '330110003001-G001', roles: [] }
function page(path, handler, options) {
  const wx = createWx()
  routeRequests(wx, (m, p, data, header) => (p === '/api/v1/me' ? { statusCode: 200, data: ME } : handler(m, p, data, header)))
  return load(path, { wx, options })
}
const postView = over => Object.assign({ id: 'p-1', community: '330110003001', author: 'u-2', title: '健身器材坏了', body: '谁知道怎么报修？', media: 0, published_at: '2026-12-07T01:00:00Z', comments: 0, hidden: null }, over)
const activity = over => Object.assign({
  id: 'a-1', community: '330110003001', title: '重阳节包饺子', description: '一起包饺子送给独居老人', place: '社区活动室', starts_at: '2026-12-12T06:00:00Z',
  capacity: 2, organiser: 'u-9', registered: 2, waitlisted: 0, seats: [], waitlist: [], status: 'full', cancel_reason: null, scheduled_at: '2026-12-01T00:00:00Z',
}, over)
const listing = over => Object.assign({ id: 'l-1', community: '330110003001', owner: 'u-2', title: '儿童自行车', description: '九成新', price_fen: 5000, media: 0, status: 'listed', counterpart: null, listed_at: '2026-12-06T01:00:00Z', updated_at: '2026-12-06T01:00:00Z' }, over)
const help = over => Object.assign({ id: 'h-1', community: '330110003001', requester: 'u-2', title: '帮忙搬柜子', description: '周六上午，三楼', needed_by: null, status: 'posted', helper: null, offer_note: null, requested_at: '2026-12-06T01:00:00Z', updated_at: '2026-12-06T01:00:00Z' }, over)

beforeEach(() => { jest.resetModules() })

describe('邻里论坛', () => {
  test('lists posts; a hidden post shows as hidden; opens a post', async () => {
    const { comp, simulate, ready, wx } = page('pages/forum/index/index', () => ({ statusCode: 200, data: { items: [postView({ comments: 2 }), postView({ id: 'p-2', title: null, body: null, hidden: { reason: null, moderator: 'u-9', at: '2026-12-07T02:00:00Z' } })], next: null } }))
    await ready
    await settle(simulate)
    const t = text(comp)
    expect(t).toContain('健身器材坏了')
    expect(t).toContain('2条评论')
    expect(t).toContain('该帖子已被隐藏')
    await tap(comp, 'open-0')
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/pages/forum/post/index?id=p-1' })
  })

  test('posting needs a title and words, goes to my community, and shows the new post', async () => {
    const posted = []
    const { comp, simulate, ready } = page('pages/forum/index/index', (m, p, data) => {
      if (m === 'POST') { posted.push(data); return { statusCode: 201, data: { id: 'p-3', position: 40, replay: 'fresh' } } }
      return { statusCode: 200, data: { items: posted.length ? [postView({ id: 'p-3', title: '周末集市' })] : [], next: null } }
    })
    await ready
    await tap(comp, 'toggleCompose')
    await tap(comp, 'submit')
    await settle(simulate)
    expect(text(comp)).toContain('请写个标题')
    expect(text(comp)).toContain('请写下内容')
    comp.instance.onTitleInput({ detail: { value: '周末集市' } })
    comp.instance.onBodyInput({ detail: { value: '周六上午在广场' } })
    await comp.instance.submit()
    await settle(simulate)
    expect(posted).toEqual([{ community: '330110003001', title: '周末集市', body: '周六上午在广场', media: [] }])
    expect(text(comp)).toContain('周末集市')
    expect(comp.instance.data.composing).toBe(false)
  })

  test('a post with comments; commenting adds one; an empty comment is refused', async () => {
    const comments = [{ number: 1, author: 'u-9', role: 'cadre', text: '已通知物业', at: '2026-12-07T02:00:00Z', hidden: null }]
    const { comp, simulate, ready } = page('pages/forum/post/index', (m, p, data) => {
      if (m === 'POST') { comments.push({ number: 2, author: 'u-me', role: 'resident', text: data.text, at: '2026-12-07T03:00:00Z', hidden: null }); return { statusCode: 200, data: { id: 'p-1', position: 41, replay: 'fresh' } } }
      if (p.startsWith('/api/v1/forum/posts/p-1/comments')) return { statusCode: 200, data: { items: comments.slice(), next: null } }
      return { statusCode: 200, data: postView({ comments: comments.length }) }
    }, { id: 'p-1' })
    await ready
    await settle(simulate)
    expect(text(comp)).toContain('网格员：已通知物业')
    await tap(comp, 'send')
    expect(text(comp)).toContain('请写下评论')
    comp.instance.onCommentInput({ detail: { value: '谢谢' } })
    await comp.instance.send()
    await settle(simulate)
    expect(text(comp)).toContain('邻居：谢谢')
    expect(text(comp)).toContain('评论（2）')
  })

  test('a missing post shows the error', async () => {
    const { comp, simulate, ready } = page('pages/forum/post/index', () => ({ statusCode: 404, data: error('forum.not_found', 'x') }), { id: 'nope' })
    await ready
    await settle(simulate)
    expect(text(comp)).toContain('没有找到')
  })
})

describe('社区活动', () => {
  test('a full event puts me on the waitlist, shown with my place; then I can cancel', async () => {
    let state = activity()
    const posted = []
    const { comp, simulate, ready } = page('pages/activities/index', (m, p) => {
      if (m === 'POST' && p.endsWith('/register')) { posted.push(p); state = activity({ waitlisted: 1, waitlist: ['u-me'] }); return { statusCode: 200, data: { id: 'a-1', position: 42, replay: 'fresh', outcome: 'waitlisted' } } }
      if (m === 'POST') { posted.push(p); state = activity(); return { statusCode: 200, data: { id: 'a-1', position: 43, replay: 'fresh' } } }
      return { statusCode: 200, data: { items: [state], next: null } }
    })
    await ready
    await settle(simulate)
    expect(text(comp)).toContain('名额已满（可候补）')
    expect(text(comp)).toContain('已报名 2/2')
    await tap(comp, 'register-0')
    await settle(simulate)
    let t = text(comp)
    expect(t).toContain('您已进入「重阳节包饺子」的候补名单')
    expect(t).toContain('候补 1 人')
    expect(t).toContain('您在候补名单中（第1位）')
    await tap(comp, 'leave-0')
    await settle(simulate)
    t = text(comp)
    expect(posted).toEqual(['/api/v1/activities/a-1/register', '/api/v1/activities/a-1/registration/cancel'])
    expect(t).toContain('已取消报名')
    expect(t).not.toContain('候补名单中')
  })

  test('a seat is confirmed; a refusal is shown', async () => {
    let refuse = false
    const { comp, simulate, ready } = page('pages/activities/index', (m) => {
      if (m === 'POST') return refuse ? { statusCode: 409, data: error('activity.closed', 'registration closed') } : { statusCode: 200, data: { id: 'a-1', position: 44, replay: 'fresh', outcome: 'registered' } }
      return { statusCode: 200, data: { items: [activity({ status: 'open', registered: 1 })], next: null } }
    })
    await ready
    await settle(simulate)
    await tap(comp, 'register-0')
    await settle(simulate)
    expect(text(comp)).toContain('报名成功：重阳节包饺子')
    refuse = true
    await tap(comp, 'register-0')
    await settle(simulate)
    expect(text(comp)).toContain('registration closed')
  })
})

describe('二手闲置', () => {
  test('lists items with prices or 免费赠送; my listing can be taken down', async () => {
    const posted = []
    const { comp, simulate, ready } = page('pages/listings/index', (m, p) => {
      if (m === 'POST') { posted.push(p); return { statusCode: 200, data: { id: 'l-2', position: 45, replay: 'fresh' } } }
      return { statusCode: 200, data: { items: [listing(), listing({ id: 'l-2', owner: 'u-me', title: '旧书一箱', price_fen: 0, status: posted.length ? 'withdrawn' : 'listed' })], next: null } }
    })
    await ready
    await settle(simulate)
    const t = text(comp)
    expect(t).toContain('¥50')
    expect(t).toContain('免费赠送')
    expect(comp.instance.data.items.map(i => i.mine)).toEqual([false, true])
    await tap(comp, 'withdraw-1')
    await settle(simulate)
    expect(posted).toEqual(['/api/v1/listings/l-2/withdraw'])
    expect(text(comp)).toContain('已下架')
  })

  test('listing validates the price and sends fen', async () => {
    const posted = []
    const { comp, simulate, ready } = page('pages/listings/index', (m, p, data) => {
      if (m === 'POST') { posted.push(data); return { statusCode: 201, data: { id: 'l-3', position: 46, replay: 'fresh' } } }
      return { statusCode: 200, data: { items: [], next: null } }
    })
    await ready
    await tap(comp, 'toggleCompose')
    const input = (field, value) => comp.instance.onInput({ currentTarget: { dataset: { field } }, detail: { value } })
    input('title', '婴儿床')
    input('description', '用了一年')
    input('price', '12.345')
    await tap(comp, 'submit')
    await settle(simulate)
    expect(text(comp)).toContain('价格请填数字（元）')
    input('price', '120.5')
    await comp.instance.submit()
    expect(posted).toEqual([{ community: '330110003001', title: '婴儿床', description: '用了一年', price_fen: 12050, media: [] }])
  })
})

describe('邻里互助', () => {
  test('I can offer help on a neighbour’s request, and close my own', async () => {
    const posted = []
    const { comp, simulate, ready } = page('pages/help/index', (m, p, data) => {
      if (m === 'POST') { posted.push([p, data]); return { statusCode: 200, data: { id: 'h-1', position: 47, replay: 'fresh' } } }
      return { statusCode: 200, data: { items: [help({ status: posted.length ? 'offered' : 'posted', helper: posted.length ? 'u-me' : null }), help({ id: 'h-2', requester: 'u-me', title: '借个梯子', status: 'offered', helper: 'u-3' })], next: null } }
    })
    await ready
    await settle(simulate)
    expect(comp.instance.data.items.map(i => [i.canOffer, i.canDone, i.canClose])).toEqual([[true, false, false], [false, true, true]])
    await tap(comp, 'offer-0')
    await settle(simulate)
    expect(posted[0]).toEqual(['/api/v1/help-requests/h-1/offer', {}])
    expect(text(comp)).toContain('您正在帮忙')
    await tap(comp, 'done-1')
    expect(posted[1][0]).toBe('/api/v1/help-requests/h-2/done')
  })

  test('asking needs a title and details; without a registered home the reason is shown', async () => {
    const wx = createWx()
    routeRequests(wx, (m, p) => (p === '/api/v1/me' ? { statusCode: 200, data: Object.assign({}, ME, { home_grid: null }) } : { statusCode: 200, data: { items: [], next: null } }))
    const { comp, simulate, ready } = load('pages/help/index', { wx })
    await ready
    await tap(comp, 'toggleCompose')
    await tap(comp, 'submit')
    await settle(simulate)
    expect(text(comp)).toContain('请写下需要什么帮助')
    const input = (field, value) => comp.instance.onInput({ currentTarget: { dataset: { field } }, detail: { value } })
    input('title', '帮忙取快递')
    input('description', '腿脚不便')
    await comp.instance.submit()
    await settle(simulate)
    expect(text(comp)).toContain('请先到社区登记住址')
  })
})
