// 我的订单: my service orders, newest first; pull down to refresh, scroll down for more.
const elder = require('../../../behaviors/elder')
const list = require('../../../utils/paged-list')
const { formatTime } = require('../../../utils/labels')
const { orderStatusLabel, yuan } = require('../../../utils/services')

const DONE = ['evaluated', 'cancelled']

Component({
  behaviors: [elder],
  data: Object.assign({ after: '' }, list.listData),
  methods: {
    onLoad(options) {
      this.listPath = '/api/v1/me/orders'
      this.setData({ after: (options && options.after) || '' })
      return this.reload()
    },
    listParams() { return this.data.after ? { after: this.data.after } : {} },
    mapItem(o) {
      return {
        id: o.id,
        name: o.service_name,
        status: orderStatusLabel(o.status),
        done: DONE.indexOf(o.status) >= 0,
        price: yuan(o.price),
        when: formatTime(o.slot_starts_at),
      }
    },
    reload() { return list.load(this, true) },
    onPullDownRefresh() { return this.reload().then(() => wx.stopPullDownRefresh()) },
    onReachBottom() { return list.load(this, false) },
    open(e) { wx.navigateTo({ url: `/pages/orders/detail/index?id=${e.currentTarget.dataset.id}` }) },
    browse() { wx.switchTab({ url: '/pages/services/index' }) },
  },
})
