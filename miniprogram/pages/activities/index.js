// 社区活动: events of my community with seats taken and the waitlist; register (a seat, or
// the waitlist once full) and cancel a registration (the first waitlisted neighbour moves up).
const elder = require('../../behaviors/elder')
const list = require('../../utils/paged-list')
const { post } = require('../../utils/request')
const { newKey } = require('../../utils/idempotency')
const { displayMessage } = require('../../utils/errors')
const { formatTime } = require('../../utils/labels')
const { whoAmI, ACTIVITY_STATUSES } = require('../../utils/neighbourhood')

Component({
  behaviors: [elder],
  data: Object.assign({ me: '', notice: '', actionError: '', busy: false }, list.listData),
  methods: {
    onLoad() {
      this.listPath = '/api/v1/activities'
      // Who I am decides whether a card says 已报名 / 候补中; the list still shows without it.
      return whoAmI().then(me => this.setData({ me: me.id }), () => null).then(() => this.reload())
    },
    listParams() { return this.after ? { after: this.after } : {} },
    mapItem(a) {
      const me = this.data.me
      const seated = !!me && (a.seats || []).indexOf(me) >= 0
      const waiting = !!me && (a.waitlist || []).indexOf(me) >= 0
      return {
        id: a.id,
        title: a.title,
        description: a.description,
        place: a.place,
        at: formatTime(a.starts_at),
        seats: `${a.registered}/${a.capacity}`,
        waitlisted: a.waitlisted,
        status: ACTIVITY_STATUSES[a.status] || a.status,
        cancelled: a.status === 'cancelled',
        cancelReason: a.cancel_reason || '',
        mine: seated ? '您已报名' : waiting ? `您在候补名单中（第${a.waitlist.indexOf(me) + 1}位）` : '',
        joined: seated || waiting,
      }
    },
    reload() { return list.load(this, true) },
    onPullDownRefresh() { return this.reload().then(() => wx.stopPullDownRefresh()) },
    onReachBottom() { return list.load(this, false) },
    act(path, done) {
      if (this.data.busy) return Promise.resolve()
      this.setData({ busy: true, actionError: '', notice: '' })
      return post(path, {}, newKey('activity'))
        .then(res => {
          this.after = res.position
          this.setData({ busy: false, notice: done(res) })
          return this.reload()
        })
        .catch(err => this.setData({ busy: false, actionError: displayMessage(err) }))
    },
    register(e) {
      const item = this.data.items[Number(e.currentTarget.dataset.index)]
      return this.act(`/api/v1/activities/${item.id}/register`, res => (res.outcome === 'waitlisted'
        ? `名额已满，您已进入「${item.title}」的候补名单，有人退出会自动递补`
        : `报名成功：${item.title}`))
    },
    leave(e) {
      const item = this.data.items[Number(e.currentTarget.dataset.index)]
      return this.act(`/api/v1/activities/${item.id}/registration/cancel`, () => `已取消报名：${item.title}`)
    },
  },
})
