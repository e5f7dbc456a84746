// 互动 tab: 点赞鼓励 works today; forum, events, second-hand and help requests are issue 6
// and open the coming-soon page.
const elder = require('../../behaviors/elder')

Component({
  behaviors: [elder],
  data: {
    entries: [
      { icon: '赞', label: '我要鼓励', hint: '给办事的干部点个赞', url: '/pages/encourage/index' },
      { icon: '论', label: '邻里论坛', hint: '即将上线', url: '/pages/coming/index?feature=forum' },
      { icon: '活', label: '社区活动', hint: '即将上线', url: '/pages/coming/index?feature=events' },
      { icon: '物', label: '二手闲置', hint: '即将上线', url: '/pages/coming/index?feature=secondhand' },
      { icon: '助', label: '邻里互助', hint: '即将上线', url: '/pages/coming/index?feature=help' },
    ],
  },
})
