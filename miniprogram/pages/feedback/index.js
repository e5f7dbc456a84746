// 意见反馈: a kind, the words, optional screenshots (uploaded first, then sent by id), and
// below it my earlier feedback with the community's replies.
const elder = require('../../behaviors/elder')
const list = require('../../utils/paged-list')
const { post, uploadFile } = require('../../utils/request')
const { newKey } = require('../../utils/idempotency')
const { displayMessage } = require('../../utils/errors')
const { formatTime } = require('../../utils/labels')
const { FEEDBACK_KINDS, FEEDBACK_STATUSES, feedbackKindLabel } = require('../../utils/civic')

const MAX_PHOTOS = 3

Component({
  behaviors: [elder],
  data: Object.assign({
    kinds: FEEDBACK_KINDS,
    kind: '',
    text: '',
    photos: [],
    errors: {},
    submitError: '',
    submitting: false,
    sent: false,
  }, list.listData),
  methods: {
    onLoad() {
      this.listPath = '/api/v1/me/feedback'
      return this.reload()
    },
    listParams() { return this.after ? { after: this.after } : {} },
    mapItem(f) {
      return {
        id: f.id,
        kind: feedbackKindLabel(f.kind),
        text: f.text,
        status: FEEDBACK_STATUSES[f.status] || f.status,
        at: formatTime(f.submitted_at),
        replies: (f.replies || []).map((r, i) => ({ key: i, text: r.text, at: formatTime(r.at) })),
      }
    },
    reload() { return list.load(this, true) },
    onPullDownRefresh() { return this.reload().then(() => wx.stopPullDownRefresh()) },
    onReachBottom() { return list.load(this, false) },
    pickKind(e) {
      this.setData({ kind: e.currentTarget.dataset.value, 'errors.kind': '' })
      this.submitKey = null
    },
    onTextInput(e) {
      this.setData({ text: e.detail.value, 'errors.text': '' })
      this.submitKey = null
    },
    choosePhotos() {
      const room = MAX_PHOTOS - this.data.photos.length
      if (room <= 0) return
      wx.chooseMedia({
        count: room,
        mediaType: ['image'],
        sourceType: ['album', 'camera'],
        success: r => {
          this.setData({ photos: this.data.photos.concat((r.tempFiles || []).map(f => ({ path: f.tempFilePath, mediaId: '' }))).slice(0, MAX_PHOTOS) })
          this.submitKey = null
        },
      })
    },
    removePhoto(e) {
      const photos = this.data.photos.slice()
      photos.splice(Number(e.currentTarget.dataset.index), 1)
      this.setData({ photos })
      this.submitKey = null
    },
    submit() {
      if (this.data.submitting) return Promise.resolve()
      const errors = {}
      if (!this.data.kind) errors.kind = '请选择反馈类型'
      const text = this.data.text.trim()
      if (!text) errors.text = '请写下您的意见'
      else if (text.length > 1000) errors.text = '最多1000个字'
      if (Object.keys(errors).length) {
        this.setData({ errors })
        return Promise.resolve()
      }
      if (!this.submitKey) this.submitKey = newKey('feedback')
      this.setData({ submitting: true, submitError: '', sent: false })
      // Photos already uploaded on an earlier try keep their ids.
      let chain = Promise.resolve()
      this.data.photos.forEach((photo, i) => {
        if (photo.mediaId) return
        chain = chain.then(() => uploadFile(photo.path)).then(meta => this.setData({ [`photos[${i}].mediaId`]: meta.id }))
      })
      return chain
        .then(() => post('/api/v1/feedback', { kind: this.data.kind, text, media: this.data.photos.map(p => p.mediaId) }, this.submitKey))
        .then(res => {
          this.submitKey = null
          this.after = res.position
          this.setData({ submitting: false, sent: true, kind: '', text: '', photos: [] })
          return this.reload()
        })
        .catch(err => this.setData({ submitting: false, submitError: displayMessage(err) }))
    },
  },
})
