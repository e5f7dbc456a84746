// 我的: profile, my complaints, the cadre workbench for staff, elderly mode, and the
// entries whose features are still to come.
const elder = require('../../behaviors/elder')
const elderMode = require('../../utils/elder')
const { get } = require('../../utils/request')
const { displayMessage } = require('../../utils/errors')
const { go } = require('../../behaviors/nav')

const ROLE_LABELS = { resident: '居民', cadre: '网格员', manager: '管理员', provider: '服务商', auditor: '审计员' }

Component({
  behaviors: [elder],
  data: {
    profile: null,
    roleText: '',
    isStaff: false,
    error: '',
    links: [
      { label: '我的订单', url: '/pages/coming/index?feature=orders' },
      { label: '消息通知', url: '/pages/coming/index?feature=messages' },
      { label: '意见反馈', url: '/pages/coming/index?feature=feedback' },
    ],
  },
  methods: {
    onLoad() { return this.loadProfile() },
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
