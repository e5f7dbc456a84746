// 我的委托和申办: the errands I entrusted and the applications I submitted, each opening its
// progress timeline. `after` (a log position) makes the first read include a fresh write.
const elder = require('../../../behaviors/elder')
const list = require('../../../utils/paged-list')
const { formatTime } = require('../../../utils/labels')
const { errandStatusLabel, applicationStatusLabel } = require('../../../utils/civic')

const TABS = [
  { value: 'errand', label: '我的委托', path: '/api/v1/me/errands' },
  { value: 'application', label: '我的申办', path: '/api/v1/me/applications' },
]
const DONE = ['completed', 'cancelled', 'approved', 'rejected', 'withdrawn']

Component({
  behaviors: [elder],
  data: Object.assign({ tabs: TABS, tab: 'errand' }, list.listData),
  methods: {
    onLoad(options) {
      const tab = TABS.find(t => t.value === (options && options.tab)) ? options.tab : 'errand'
      this.after = (options && options.after) || ''
      return this.show(tab)
    },
    show(tab) {
      this.setData({ tab })
      this.listPath = TABS.find(t => t.value === tab).path
      return this.reload()
    },
    listParams() { return this.after ? { after: this.after } : {} },
    pickTab(e) { return this.show(e.currentTarget.dataset.value) },
    mapItem(x) {
      const errand = this.data.tab === 'errand'
      return {
        id: x.id,
        title: errand ? x.task : x.guide_name,
        status: errand ? errandStatusLabel(x.status) : applicationStatusLabel(x.status),
        done: DONE.indexOf(x.status) >= 0,
        at: formatTime(errand ? x.requested_at : x.submitted_at),
      }
    },
    reload() { return list.load(this, true) },
    onPullDownRefresh() { return this.reload().then(() => wx.stopPullDownRefresh()) },
    onReachBottom() { return list.load(this, false) },
    open(e) { wx.navigateTo({ url: `/pages/civic/detail/index?kind=${this.data.tab}&id=${e.currentTarget.dataset.id}` }) },
    startNew() {
      wx.navigateTo({ url: this.data.tab === 'errand' ? '/pages/entrust/index' : '/pages/applications/guides/index' })
    },
  },
})
