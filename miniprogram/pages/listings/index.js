// 二手闲置: what neighbours give away or sell, and a form to list something. The owner may
// take their own listing down; deals are agreed face to face.
const elder = require('../../behaviors/elder')
const list = require('../../utils/paged-list')
const { post } = require('../../utils/request')
const { newKey } = require('../../utils/idempotency')
const { displayMessage } = require('../../utils/errors')
const { formatTime } = require('../../utils/labels')
const { whoAmI, LISTING_STATUSES, fenOf, priceText } = require('../../utils/neighbourhood')

Component({
  behaviors: [elder],
  data: Object.assign({ me: '', composing: false, form: { title: '', description: '', price: '' }, errors: {}, submitError: '', submitting: false, actionError: '' }, list.listData),
  methods: {
    onLoad() {
      this.listPath = '/api/v1/listings'
      return whoAmI().then(me => this.setData({ me: me.id }), () => null).then(() => this.reload())
    },
    listParams() { return this.after ? { after: this.after } : {} },
    mapItem(l) {
      return {
        id: l.id,
        title: l.title,
        description: l.description,
        price: priceText(l.price_fen),
        status: LISTING_STATUSES[l.status] || l.status,
        at: formatTime(l.listed_at),
        mine: l.owner === this.data.me,
        open: l.status === 'listed' || l.status === 'reserved',
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
      const { title, description, price } = this.data.form
      const fen = fenOf(price)
      const errors = {}
      if (!title.trim()) errors.title = '请写下物品名称'
      else if (title.trim().length > 60) errors.title = '名称最多60个字'
      if (!description.trim()) errors.description = '请描述一下物品'
      else if (description.trim().length > 1000) errors.description = '描述最多1000个字'
      if (isNaN(fen)) errors.price = '价格请填数字（元），免费赠送请留空'
      if (Object.keys(errors).length) {
        this.setData({ errors })
        return Promise.resolve()
      }
      if (!this.submitKey) this.submitKey = newKey('listing')
      this.setData({ submitting: true, submitError: '' })
      return whoAmI()
        .then(me => post('/api/v1/listings', { community: me.community, title: title.trim(), description: description.trim(), price_fen: fen, media: [] }, this.submitKey))
        .then(res => {
          this.submitKey = null
          this.after = res.position
          this.setData({ submitting: false, composing: false, form: { title: '', description: '', price: '' } })
          return this.reload()
        })
        .catch(err => this.setData({ submitting: false, submitError: displayMessage(err) }))
    },
    withdraw(e) {
      const item = this.data.items[Number(e.currentTarget.dataset.index)]
      this.setData({ actionError: '' })
      return post(`/api/v1/listings/${item.id}/withdraw`, {}, newKey('withdraw'))
        .then(res => { this.after = res.position; return this.reload() })
        .catch(err => this.setData({ actionError: displayMessage(err) }))
    },
  },
})
