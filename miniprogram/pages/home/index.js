// 首页: the pinned announcements of my place (from the announcements feed, pinned first)
// and the big quick entries.
const elder = require('../../behaviors/elder')
const { get } = require('../../utils/request')
const { displayMessage } = require('../../utils/errors')
const { formatTime } = require('../../utils/labels')
const badge = require('../../utils/badge')

const SHOWN = 3

Component({
  behaviors: [elder],
  data: {
    announcements: [],
    loaded: false,
    error: '',
    entries: [
      { icon: '诉', label: '我要投诉', hint: '报告身边的问题', url: '/pages/complaint/form/index' },
      { icon: '赞', label: '我要鼓励', hint: '感谢为您办事的干部', url: '/pages/encourage/index' },
      { icon: '托', label: '我要委托', hint: '请人帮忙代办', url: '/pages/entrust/index' },
      { icon: '查', label: '进度查询', hint: '看看事情办得怎样', url: '/pages/complaint/mine/index' },
      { icon: '缴', label: '生活缴费/服务', hint: '家政维修、助餐配送', url: '/pages/services/index' },
      { icon: '办', label: '网上申办', hint: '按指南在线办理', url: '/pages/applications/guides/index' },
    ],
  },
  methods: {
    onLoad() { return Promise.all([this.loadAnnouncements(), badge.refresh()]) },
    onShow() {
      this.refreshElder()
      return badge.refresh()
    },
    loadAnnouncements() {
      this.setData({ error: '' })
      return get('/api/v1/announcements/feed').then(page => {
        const pinned = (page.items || []).filter(a => a.pinned).slice(0, SHOWN)
        this.setData({
          loaded: true,
          announcements: pinned.map(a => ({ id: a.id, title: a.title, body: a.body, at: formatTime(a.published_at) })),
        })
      }).catch(err => this.setData({ loaded: true, error: displayMessage(err) }))
    },
    openAnnouncement(e) {
      const a = this.data.announcements[Number(e.currentTarget.dataset.index)]
      if (a) this.setData({ [`announcements[${e.currentTarget.dataset.index}].open`]: !a.open })
    },
  },
})
