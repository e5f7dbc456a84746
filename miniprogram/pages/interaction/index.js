// 互动 tab: 点赞鼓励, the forum, community events, second-hand and mutual help.
const elder = require('../../behaviors/elder')

Component({
  behaviors: [elder],
  data: {
    entries: [
      { icon: '赞', label: '我要鼓励', hint: '给办事的干部点个赞', url: '/pages/encourage/index' },
      { icon: '论', label: '邻里论坛', hint: '和邻居聊聊社区的事', url: '/pages/forum/index/index' },
      { icon: '活', label: '社区活动', hint: '报名参加，满员可候补', url: '/pages/activities/index' },
      { icon: '物', label: '二手闲置', hint: '闲置物品转给邻居', url: '/pages/listings/index' },
      { icon: '助', label: '邻里互助', hint: '求助或帮邻居一把', url: '/pages/help/index' },
    ],
  },
})
