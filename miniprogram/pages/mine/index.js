// 我的: profile, my complaints and orders, messages with the unread count (also the tab's
// badge), feedback, the cadre workbench for staff, and elderly mode.
const elder = require('../../behaviors/elder')
const elderMode = require('../../utils/elder')
const { get } = require('../../utils/request')
const { displayMessage } = require('../../utils/errors')
const { go } = require('../../behaviors/nav')
const badge = require('../../utils/badge')

const ROLE_LABELS = { resident: '居民', cadre: '网格员', manager: '管理员', provider: '服务商', auditor: '审计员' }

Component({
  behaviors: [elder],
  data: {
    profile: null,
    roleText: '',
    isStaff: false,
    error: '',
    unread: 0,
    links: [
      { label: '我的订单', url: '/pages/orders/mine/index' },
      { label: '我的委托和申办', url: '/pages/civic/mine/index' },
      { label: '意见反馈', url: '/pages/feedback/index' },
    ],
  },
  methods: {
    onLoad() { return Promise.all([this.loadProfile(), this.loadUnread()]) },
    onShow() {
      this.refreshElder()
      return this.loadUnread()
    },
    loadUnread() {
      return badge.refresh().then(n => { if (n !== null) this.setData({ unread: n }) })
    },
    loadProfile() {
      this.setData({ error: '' })
      return get('/api/v1/me').then(me => {
        const roles = (me.roles || []).map(r => r.role)
        this.setData({
          profile: me,
          roleText: ['居民'].concat(roles.map(r => ROLE_LABELS[r] || r)).join('、'),
          isStaff: roles.indexOf('cadre') >= 0 || roles.indexOf('manager') >= 0,
        })
      }).catch(err => this.setData({ error: displayMessage(err) }))
    },
    onElderChange(e) {
      elderMode.setElder(!!e.detail.value)
      this.refreshElder()
    },
    open(e) { go(e.currentTarget.dataset.url) },
  },
})
