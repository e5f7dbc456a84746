// 消息通知: order updates and answers on my complaints, newest first, unread marked. Opening
// a message marks it read; 全部已读 marks everything up to the newest. The 我的 tab's badge
// follows the unread count.
const elder = require('../../behaviors/elder')
const list = require('../../utils/paged-list')
const { post } = require('../../utils/request')
const { newKey } = require('../../utils/idempotency')
const { displayMessage } = require('../../utils/errors')
const { formatTime } = require('../../utils/labels')
const badge = require('../../utils/badge')

const KINDS = { order_status: '订单', complaint_reply: '诉求' }

Component({
  behaviors: [elder],
  data: Object.assign({ unread: 0, actionError: '' }, list.listData),
  methods: {
    onLoad() {
      this.listPath = '/api/v1/inbox'
      return this.reload()
    },
    listParams() { return this.after ? { after: this.after } : {} },
    mapItem(m) {
      return { id: m.id, kind: KINDS[m.kind] || '通知', title: m.title, body: m.body, at: formatTime(m.at), read: m.read, subject: m.subject }
    },
    onPage(res) {
      this.setData({ unread: res.unread || 0 })
      badge.show(res.unread)
    },
    reload() { return list.load(this, true) },
    onPullDownRefresh() { return this.reload().then(() => wx.stopPullDownRefresh()) },
    onReachBottom() { return list.load(this, false) },
    markRead(body) {
      this.setData({ actionError: '' })
      return post('/api/v1/inbox/read', body, newKey('inbox-read'))
        .then(res => { this.after = res.position; return this.reload() })
        .catch(err => this.setData({ actionError: displayMessage(err) }))
    },
    open(e) {
      const item = this.data.items[Number(e.currentTarget.dataset.index)]
      if (!item || item.read) return Promise.resolve()
      return this.markRead({ messages: [item.id] })
    },
    readAll() {
      if (!this.data.items.length || !this.data.unread) return Promise.resolve()
      const newest = Math.max.apply(null, this.data.items.map(m => m.id))
      return this.markRead({ up_to: newest })
    },
  },
})
