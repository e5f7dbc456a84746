// One guide and its application: how to apply, then every required material with its
// photos (uploaded first, sent by id), a note, and one Idempotency-Key per submission.
const elder = require('../../../behaviors/elder')
const { get, post, uploadFile } = require('../../../utils/request')
const { newKey } = require('../../../utils/idempotency')
const { displayMessage } = require('../../../utils/errors')

Component({
  behaviors: [elder],
  data: { id: '', guide: null, materials: [], note: '', error: '', submitError: '', submitting: false },
  methods: {
    onLoad(options) {
      this.setData({ id: options.id })
      return this.load()
    },
    load() {
      this.setData({ error: '' })
      return get(`/api/v1/guides/${this.data.id}`).then(g => {
        this.setData({
          guide: { name: g.name, text: g.text, retired: g.retired },
          materials: g.materials.map(name => ({ name, files: [], missing: false })),
        })
      }).catch(err => this.setData({ error: displayMessage(err) }))
    },
    addFiles(e) {
      const index = Number(e.currentTarget.dataset.index)
      wx.chooseMedia({
        count: 3,
        mediaType: ['image'],
        sourceType: ['album', 'camera'],
        success: r => {
          const files = this.data.materials[index].files.concat((r.tempFiles || []).map(f => ({ path: f.tempFilePath, mediaId: '' })))
          this.setData({ [`materials[${index}].files`]: files, [`materials[${index}].missing`]: false })
          this.submitKey = null
        },
      })
    },
    removeFile(e) {
      const [m, f] = String(e.currentTarget.dataset.at).split('-').map(Number)
      const files = this.data.materials[m].files.slice()
      files.splice(f, 1)
      this.setData({ [`materials[${m}].files`]: files })
      this.submitKey = null
    },
    onNoteInput(e) { this.setData({ note: e.detail.value }); this.submitKey = null },
    submit() {
      if (this.data.submitting || !this.data.guide) return Promise.resolve()
      const missing = this.data.materials.map(m => !m.files.length)
      if (missing.some(Boolean)) {
        const patch = { submitError: '每项材料都要上传照片' }
        missing.forEach((miss, i) => { patch[`materials[${i}].missing`] = miss })
        this.setData(patch)
        return Promise.resolve()
      }
      if (!this.submitKey) this.submitKey = newKey('application')
      this.setData({ submitting: true, submitError: '' })
      let chain = Promise.resolve()
      this.data.materials.forEach((m, i) => m.files.forEach((file, j) => {
        if (file.mediaId) return
        chain = chain.then(() => uploadFile(file.path)).then(meta => this.setData({ [`materials[${i}].files[${j}].mediaId`]: meta.id }))
      }))
      return chain
        .then(() => {
          const body = { guide: this.data.id, materials: this.data.materials.map(m => ({ name: m.name, media: m.files.map(f => f.mediaId) })) }
          if (this.data.note.trim()) body.note = this.data.note.trim()
          return post('/api/v1/applications', body, this.submitKey)
        })
        .then(res => {
          this.submitKey = null
          this.setData({ submitting: false })
          wx.redirectTo({ url: `/pages/civic/detail/index?kind=application&id=${res.id}&after=${res.position}` })
        })
        .catch(err => this.setData({ submitting: false, submitError: displayMessage(err) }))
    },
  },
})
