// 办事指南: the application types the community handles online; each opens its guide and
// the application form.
const elder = require('../../../behaviors/elder')
const list = require('../../../utils/paged-list')

Component({
  behaviors: [elder],
  data: list.listData,
  methods: {
    onLoad() {
      this.listPath = '/api/v1/guides'
      return this.reload()
    },
    mapItem(g) { return { id: g.id, name: g.name, materials: g.materials.join('、') } },
    reload() { return list.load(this, true) },
    onPullDownRefresh() { return this.reload().then(() => wx.stopPullDownRefresh()) },
    onReachBottom() { return list.load(this, false) },
    open(e) { wx.navigateTo({ url: `/pages/applications/apply/index?id=${e.currentTarget.dataset.id}` }) },
    openMine() { wx.navigateTo({ url: '/pages/civic/mine/index?tab=application' }) },
  },
})
