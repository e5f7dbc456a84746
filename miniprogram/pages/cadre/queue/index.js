// 我的待办 (cadres): open items due soonest first, as the server orders them; overdue ones
// stand out. Pull down to refresh, scroll for more.
const elder = require('../../../behaviors/elder')
const list = require('../../../utils/paged-list')
const { categoryLabel, statusLabel, formatTime } = require('../../../utils/labels')

Component({
  behaviors: [elder],
  data: Object.assign({}, list.listData),
  methods: {
    onLoad() {
      this.listPath = '/api/v1/queue'
      return this.reload()
    },
    onShow() {
      this.refreshElder()
      if (this.data.loaded) this.reload()
    },
    mapItem(q) {
      return {
        id: q.complaint,
        category: categoryLabel(q.category),
        status: statusLabel(q.status),
        deadline: q.deadline === 'response' ? '受理期限' : '办结期限',
        dueAt: formatTime(q.due_at),
        overdue: !!(q.overdue || q.marked_overdue),
        filedAt: formatTime(q.filed_at),
      }
    },
    reload() { return list.load(this, true) },
    onPullDownRefresh() { return this.reload().then(() => wx.stopPullDownRefresh()) },
    onReachBottom() { return list.load(this, false) },
    open(e) { wx.navigateTo({ url: `/pages/cadre/item/index?id=${e.currentTarget.dataset.id}` }) },
  },
})
