// One order: where it is, and what the resident may do now: pay (wx.requestPayment with
// the server's parameters), cancel before work starts, evaluate when it is done
// (1–5 stars, tags such as 准时/专业, and words).
const elder = require('../../../behaviors/elder')
const { get, post } = require('../../../utils/request')
const { newKey } = require('../../../utils/idempotency')
const { displayMessage } = require('../../../utils/errors')
const { formatTime } = require('../../../utils/labels')
const { orderStatusLabel, yuan, EVALUATION_TAGS, CANCELLABLE, PAYABLE } = require('../../../utils/services')
const { payOrder } = require('../../../utils/pay')

// Sealed personal data the server did not show: forgotten (crypto-shredded at the
// resident's request), withheld from this reader, or unreadable. Say so in words rather
// than showing "null".
const HIDDEN = { forgotten: '已按本人要求删除', redacted: '不可见', unreadable: '无法读取' }
function shownOr(value, status) {
  if (value != null && value !== '') return value
  return HIDDEN[status] || '无'
}

Component({
  behaviors: [elder],
  data: {
    id: '',
    order: null,
    error: '',
    actionError: '',
    busy: false,
    canPay: false,
    canCancel: false,
    canEvaluate: false,
    cancelReason: '',
    score: 0,
    stars: [1, 2, 3, 4, 5],
    tags: EVALUATION_TAGS.map(t => ({ text: t, on: false })),
    comment: '',
  },
  methods: {
    onLoad(options) {
      this.setData({ id: options.id })
      return this.load(options.after)
    },
    load(after) {
      this.setData({ error: '' })
      return get(`/api/v1/orders/${this.data.id}`, after ? { after } : undefined).then(o => {
        this.setData({
          order: {
            name: o.service_name,
            status: orderStatusLabel(o.status),
            statusCode: o.status,
            price: yuan(o.price),
            when: formatTime(o.slot_starts_at),
            address: shownOr(o.address, o.address_status),
            contact: `${o.contact_name} ${shownOr(o.contact_phone, o.contact_phone_status)}`,
            note: o.note || '',
            worker: o.worker_name ? `${o.worker_name} ${o.worker_phone || ''}` : '',
            score: o.score,
            tags: (o.tags || []).join('、'),
            evaluation: o.evaluation || '',
            cancelReason: o.cancel_reason || '',
            refunded: o.refunded ? yuan(o.refunded) : '',
          },
          canPay: PAYABLE.indexOf(o.status) >= 0,
          canCancel: CANCELLABLE.indexOf(o.status) >= 0,
          canEvaluate: o.status === 'completed',
        })
      }).catch(err => this.setData({ error: displayMessage(err) }))
    },
    reload() { return this.load() },
    act(action, body) {
      if (this.data.busy) return Promise.resolve()
      this.setData({ busy: true, actionError: '' })
      return post(`/api/v1/orders/${this.data.id}/${action}`, body, newKey(action))
        .then(res => { this.setData({ busy: false }); return this.load(res.position) })
        .catch(err => this.setData({ busy: false, actionError: displayMessage(err) }))
    },
    pay() {
      if (this.data.busy) return Promise.resolve()
      this.setData({ busy: true, actionError: '' })
      return payOrder(this.data.id)
        .then(answer => { this.setData({ busy: false }); wx.showToast({ title: '已支付', icon: 'success' }); return this.load(answer.position) })
        .catch(err => { this.setData({ busy: false, actionError: displayMessage(err) }); return this.load() })
    },
    onReasonInput(e) { this.setData({ cancelReason: e.detail.value }) },
    cancel() {
      const reason = this.data.cancelReason.trim()
      if (!reason) {
        this.setData({ actionError: '请写下取消的原因' })
        return Promise.resolve()
      }
      return this.act('cancel', { reason })
    },
    setScore(e) { this.setData({ score: Number(e.currentTarget.dataset.score) }) },
    toggleTag(e) {
      const index = Number(e.currentTarget.dataset.index)
      this.setData({ [`tags[${index}].on`]: !this.data.tags[index].on })
    },
    onCommentInput(e) { this.setData({ comment: e.detail.value }) },
    evaluate() {
      if (!(this.data.score >= 1 && this.data.score <= 5)) {
        this.setData({ actionError: '请先点星星打分（1到5颗星）' })
        return Promise.resolve()
      }
      if (this.data.comment.length > 500) {
        this.setData({ actionError: '评价最多500个字' })
        return Promise.resolve()
      }
      const body = { score: this.data.score, tags: this.data.tags.filter(t => t.on).map(t => t.text) }
      if (this.data.comment.trim()) body.text = this.data.comment.trim()
      return this.act('evaluate', body)
    },
  },
})
