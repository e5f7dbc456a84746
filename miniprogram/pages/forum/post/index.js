// One forum post with its comments, oldest first, and a box to comment.
const elder = require('../../../behaviors/elder')
const list = require('../../../utils/paged-list')
const { get, post } = require('../../../utils/request')
const { newKey } = require('../../../utils/idempotency')
const { displayMessage } = require('../../../utils/errors')
const { formatTime } = require('../../../utils/labels')

const ROLES = { resident: '邻居', cadre: '网格员', manager: '社区工作人员' }

Component({
  behaviors: [elder],
  data: Object.assign({ id: '', post: null, postError: '', comment: '', commentError: '', sending: false }, list.listData),
  methods: {
    onLoad(options) {
      this.setData({ id: options.id })
      this.listPath = `/api/v1/forum/posts/${options.id}/comments`
      return Promise.all([this.loadPost(), this.reload()])
    },
    listParams() { return this.after ? { after: this.after } : {} },
    loadPost() {
      this.setData({ postError: '' })
      return get(`/api/v1/forum/posts/${this.data.id}`).then(p => this.setData({
        post: {
          title: p.hidden ? '该帖子已被隐藏' : p.title,
          body: p.hidden ? (p.hidden.reason || '') : p.body,
          at: formatTime(p.published_at),
          comments: p.comments,
        },
      })).catch(err => this.setData({ postError: displayMessage(err) }))
    },
    mapItem(c) {
      return { number: c.number, who: ROLES[c.role] || '邻居', text: c.hidden ? '该评论已被隐藏' : c.text, at: formatTime(c.at) }
    },
    reload() { return list.load(this, true) },
    onPullDownRefresh() { return Promise.all([this.loadPost(), this.reload()]).then(() => wx.stopPullDownRefresh()) },
    onReachBottom() { return list.load(this, false) },
    onCommentInput(e) { this.setData({ comment: e.detail.value, commentError: '' }); this.submitKey = null },
    send() {
      if (this.data.sending) return Promise.resolve()
      const text = this.data.comment.trim()
      if (!text) {
        this.setData({ commentError: '请写下评论' })
        return Promise.resolve()
      }
      if (text.length > 500) {
        this.setData({ commentError: '评论最多500个字' })
        return Promise.resolve()
      }
      if (!this.submitKey) this.submitKey = newKey('comment')
      this.setData({ sending: true, commentError: '' })
      return post(`/api/v1/forum/posts/${this.data.id}/comments`, { text }, this.submitKey)
        .then(res => {
          this.submitKey = null
          this.after = res.position
          this.setData({ sending: false, comment: '' })
          return Promise.all([this.loadPost(), this.reload()])
        })
        .catch(err => this.setData({ sending: false, commentError: displayMessage(err) }))
    },
  },
})
