// One service: what it is, its free slots, and the reservation form (slot, address,
// contact). Reserving keeps one Idempotency-Key per submission, so a retry never books
// twice; then the server's signed parameters go to wx.requestPayment.
const elder = require('../../../behaviors/elder')
const { get, post } = require('../../../utils/request')
const { newKey } = require('../../../utils/idempotency')
const { displayMessage } = require('../../../utils/errors')
const { formatTime } = require('../../../utils/labels')
const { serviceCategoryLabel, yuan, reservationErrors, reservationBody } = require('../../../utils/services')
const { payOrder } = require('../../../utils/pay')

Component({
  behaviors: [elder],
  data: {
    id: '',
    service: null,
    slots: [],
    error: '',
    form: { slot: '', address: '', contactName: '', contactPhone: '', note: '' },
    errors: {},
    submitError: '',
    submitting: false,
  },
  methods: {
    onLoad(options) {
      this.setData({ id: options.id })
      return this.load()
    },
    load() {
      this.setData({ error: '' })
      const id = this.data.id
      return Promise.all([get(`/api/v1/services/${id}`), get(`/api/v1/services/${id}/slots`)]).then(([s, slots]) => {
        this.setData({
          service: {
            name: s.name,
            provider: s.provider_name,
            category: serviceCategoryLabel(s.category),
            description: s.description,
            price: yuan(s.price),
            bookable: s.bookable,
            rating: s.average_rating ? s.average_rating.toFixed(1) : '',
            ratings: s.ratings,
          },
          slots: (slots.items || []).map(t => ({
            id: t.id,
            when: `${formatTime(t.starts_at)} – ${formatTime(t.ends_at).split(' ')[1]}`,
            remaining: t.remaining,
            full: t.remaining <= 0,
          })),
        })
      }).catch(err => this.setData({ error: displayMessage(err) }))
    },
    pickSlot(e) {
      const slot = this.data.slots[Number(e.currentTarget.dataset.index)]
      if (!slot || slot.full) return
      this.setData({ 'form.slot': slot.id, 'errors.slot': '' })
      this.submitKey = null
    },
    onInput(e) {
      const field = e.currentTarget.dataset.field
      this.setData({ [`form.${field}`]: e.detail.value, [`errors.${field}`]: '' })
      // Different words make a different reservation: a new key for it.
      this.submitKey = null
    },
    submit() {
      if (this.data.submitting || !this.data.service) return Promise.resolve()
      if (!this.data.service.bookable) {
        this.setData({ submitError: '这项服务暂停预约' })
        return Promise.resolve()
      }
      const errors = reservationErrors(this.data.form)
      if (Object.keys(errors).length) {
        this.setData({ errors, submitError: '请先把标红的地方填好' })
        return Promise.resolve()
      }
      // Kept until the reservation succeeds or the form changes: a retry after a lost
      // answer is the same reservation.
      if (!this.submitKey) this.submitKey = newKey('order')
      this.setData({ submitting: true, submitError: '', errors: {} })
      wx.showLoading({ title: '正在预约', mask: true })
      return post('/api/v1/orders', reservationBody(this.data.id, this.data.form), this.submitKey)
        .then(res => {
          this.submitKey = null
          wx.hideLoading()
          this.setData({ submitting: false })
          return payOrder(res.id).then(() => res, () => res)
        })
        .then(res => wx.redirectTo({ url: `/pages/orders/detail/index?id=${res.id}&after=${res.position}` }))
        .catch(err => {
          wx.hideLoading()
          this.setData({ submitting: false, submitError: displayMessage(err) })
        })
    },
  },
})
