// 邻里互助: neighbours' requests for help, a form to ask, an offer of help on someone
// else's request, and done / cancel on my own.
const elder = require('../../behaviors/elder')
const list = require('../../utils/paged-list')
const { post } = require('../../utils/request')
const { newKey } = require('../../utils/idempotency')
const { displayMessage } = require('../../utils/errors')
const { formatTime } = require('../../utils/labels')
const { whoAmI, HELP_STATUSES } = require('../../utils/neighbourhood')

Component({
  behaviors: [elder],
  data: Object.assign({ me: '', composing: false, form: { title: '', description: '' }, errors: {}, submitError: '', submitting: false, actionError: '', notice: '' }, list.listData),
  methods: {
    onLoad() {
      this.listPath = '/api/v1/help-requests'
      return whoAmI().then(me => this.setData({ me: me.id }), () => null).then(() => this.reload())
    },
    listParams() { return this.after ? { after: this.after } : {} },
    mapItem(h) {
      const mine = h.requester === this.data.me
      return {
        id: h.id,
        title: h.title,
        description: h.description,
        status: HELP_STATUSES[h.status] || h.status,
        at: formatTime(h.requested_at),
        neededBy: h.needed_by ? formatTime(h.needed_by) : '',
        offerNote: h.offer_note || '',
        mine,
        helping: !!this.data.me && h.helper === this.data.me,
        canOffer: !mine && h.status === 'posted',
        canClose: mine && (h.status === 'posted' || h.status === 'offered'),
        canDone: mine && h.status === 'offered',
      }
    },
    reload() { return list.load(this, true) },
    onPullDownRefresh() { return this.reload().then(() => wx.stopPullDownRefresh()) },
    onReachBottom() { return list.load(this, false) },
    toggleCompose() { this.setData({ composing: !this.data.composing, submitError: '' }) },
    onInput(e) {
      const field = e.currentTarget.dataset.field
      this.setData({ [`form.${field}`]: e.detail.value, [`errors.${field}`]: '' })
      this.submitKey = null
    },
    submit() {
      if (this.data.submitting) return Promise.resolve()
      const title = this.data.form.title.trim()
      const description = this.data.form.description.trim()
      const errors = {}
      if (!title) errors.title = '请写下需要什么帮助'
      else if (title.length > 60) errors.title = '标题最多60个字'
      if (!description) errors.description = '请说明具体情况'
      else if (description.length > 1000) errors.description = '说明最多1000个字'
      if (Object.keys(errors).length) {
        this.setData({ errors })
        return Promise.resolve()
      }
      if (!this.submitKey) this.submitKey = newKey('help')
      this.setData({ submitting: true, submitError: '' })
      return whoAmI()
        .then(me => post('/api/v1/help-requests', { community: me.community, title, description }, this.submitKey))
        .then(res => {
          this.submitKey = null
          this.after = res.position
          this.setData({ submitting: false, composing: false, form: { title: '', description: '' } })
          return this.reload()
        })
        .catch(err => this.setData({ submitting: false, submitError: displayMessage(err) }))
    },
    act(e, action, body, notice) {
      const item = this.data.items[Number(e.currentTarget.dataset.index)]
      this.setData({ actionError: '', notice: '' })
      return post(`/api/v1/help-requests/${item.id}/${action}`, body, newKey(action))
        .then(res => { this.after = res.position; this.setData({ notice }); return this.reload() })
        .catch(err => this.setData({ actionError: displayMessage(err) }))
    },
    offer(e) { return this.act(e, 'offer', {}, '谢谢您！对方会看到您愿意帮忙') },
    done(e) { return this.act(e, 'done', {}, '已标记为解决') },
    close(e) { return this.act(e, 'cancel', {}, '已取消求助') },
  },
})
