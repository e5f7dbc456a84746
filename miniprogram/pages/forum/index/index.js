// 邻里论坛: posts of my community and above, newest first, and a short form to post one.
const elder = require('../../../behaviors/elder')
const list = require('../../../utils/paged-list')
const { post } = require('../../../utils/request')
const { newKey } = require('../../../utils/idempotency')
const { displayMessage } = require('../../../utils/errors')
const { formatTime } = require('../../../utils/labels')
const { whoAmI } = require('../../../utils/neighbourhood')

Component({
  behaviors: [elder],
  data: Object.assign({ composing: false, title: '', body: '', errors: {}, submitError: '', submitting: false }, list.listData),
  methods: {
    onLoad() {
      this.listPath = '/api/v1/forum/posts'
      return this.reload()
    },
    listParams() { return this.after ? { after: this.after } : {} },
    mapItem(p) {
      return {
        id: p.id,
        title: p.hidden ? '该帖子已被隐藏' : p.title,
        body: p.hidden ? p.hidden.reason : p.body,
        at: formatTime(p.published_at),
        comments: p.comments,
      }
    },
    reload() { return list.load(this, true) },
    onPullDownRefresh() { return this.reload().then(() => wx.stopPullDownRefresh()) },
    onReachBottom() { return list.load(this, false) },
    toggleCompose() { this.setData({ composing: !this.data.composing, submitError: '' }) },
    onTitleInput(e) { this.setData({ title: e.detail.value, 'errors.title': '' }); this.submitKey = null },
    onBodyInput(e) { this.setData({ body: e.detail.value, 'errors.body': '' }); this.submitKey = null },
    submit() {
      if (this.data.submitting) return Promise.resolve()
      const title = this.data.title.trim()
      const body = this.data.body.trim()
      const errors = {}
      if (!title) errors.title = '请写个标题'
      else if (title.length > 60) errors.title = '标题最多60个字'
      if (!body) errors.body = '请写下内容'
      else if (body.length > 2000) errors.body = '内容最多2000个字'
      if (Object.keys(errors).length) {
        this.setData({ errors })
        return Promise.resolve()
      }
      if (!this.submitKey) this.submitKey = newKey('post')
      this.setData({ submitting: true, submitError: '' })
      return whoAmI()
        .then(me => post('/api/v1/forum/posts', { community: me.community, title, body, media: [] }, this.submitKey))
        .then(res => {
          this.submitKey = null
          this.after = res.position
          this.setData({ submitting: false, composing: false, title: '', body: '' })
          return this.reload()
        })
        .catch(err => this.setData({ submitting: false, submitError: displayMessage(err) }))
    },
    open(e) { wx.navigateTo({ url: `/pages/forum/post/index?id=${e.currentTarget.dataset.id}` }) },
  },
})
