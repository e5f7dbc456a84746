// 首页: pinned announcements and the big quick entries.
const elder = require('../../behaviors/elder')

Component({
  behaviors: [elder],
  data: {
    // Announcements come from the community API (issue 6), which does not exist yet:
    // the area shows its empty state rather than made-up notices.
    announcements: [],
    entries: [
      { icon: '诉', label: '我要投诉', hint: '报告身边的问题', url: '/pages/complaint/form/index' },
      { icon: '赞', label: '我要鼓励', hint: '感谢为您办事的干部', url: '/pages/encourage/index' },
      { icon: '托', label: '我要委托', hint: '请人帮忙代办', url: '/pages/coming/index?feature=entrust' },
      { icon: '查', label: '进度查询', hint: '看看事情办得怎样', url: '/pages/complaint/mine/index' },
      { icon: '缴', label: '生活缴费/服务', hint: '水电燃气、家政维修', url: '/pages/coming/index?feature=services' },
    ],
  },
})
