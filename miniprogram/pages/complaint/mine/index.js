// 进度查询: my complaints, newest first; pull down to refresh, scroll down for more.
const elder = require('../../../behaviors/elder')
const list = require('../../../utils/paged-list')
const { categoryLabel, statusLabel, formatTime } = require('../../../utils/labels')

const DONE = ['closed', 'withdrawn', 'merged']

Component({
  behaviors: [elder],
  data: Object.assign({ after: '' }, list.listData),
  methods: {
    onLoad(options) {
      this.listPath = '/api/v1/complaints/mine'
      // `after` (a log position from the form) makes the first read include what was just filed.
      this.setData({ after: (options && options.after) || '' })
      return this.reload()
    },
    listParams() { return this.data.after ? { after: this.data.after } : {} },
    mapItem(c) {
      return {
        id: c.id,
        category: categoryLabel(c.category),
        status: statusLabel(c.status),
        done: DONE.indexOf(c.status) >= 0,
        overdue: !!(c.response_overdue || c.resolution_overdue),
        filedAt: formatTime(c.filed_at),
        address: c.address,
      }
    },
    reload() { return list.load(this, true) },
    onPullDownRefresh() { return this.reload().then(() => wx.stopPullDownRefresh()) },
    onReachBottom() { return list.load(this, false) },
    open(e) { wx.navigateTo({ url: `/pages/complaint/detail/index?id=${e.currentTarget.dataset.id}` }) },
    fileNew() { wx.navigateTo({ url: '/pages/complaint/form/index' }) },
  },
})
