// Entries whose feature is not built yet open here: it says so plainly and shows no data.
const elder = require('../../behaviors/elder')

const FEATURES = {
  entrust: { name: '我要委托', detail: '请社区志愿者或工作人员代办事项' },
  services: { name: '生活缴费/服务', detail: '水电燃气缴费、家政、维修等生活服务' },
  orders: { name: '我的订单', detail: '生活服务的预约和订单' },
  messages: { name: '消息通知', detail: '办理进度和社区通知' },
  feedback: { name: '意见反馈', detail: '对小程序和社区工作的建议' },
  forum: { name: '邻里论坛', detail: '和邻居交流社区里的事' },
  events: { name: '社区活动', detail: '报名参加社区组织的活动' },
  secondhand: { name: '二手闲置', detail: '邻里之间转让闲置物品' },
  help: { name: '邻里互助', detail: '发布求助，邻居来帮忙' },
}

Component({
  behaviors: [elder],
  data: { name: '该功能', detail: '' },
  methods: {
    onLoad(options) {
      const feature = FEATURES[(options && options.feature) || ''] || { name: '该功能', detail: '' }
      this.setData({ name: feature.name, detail: feature.detail })
      if (wx.setNavigationBarTitle) wx.setNavigationBarTitle({ title: feature.name })
    },
    goBack() { wx.navigateBack({ delta: 1 }) },
  },
})
