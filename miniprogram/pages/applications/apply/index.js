// One guide and its application: how to apply, then every required material with its
// photos (uploaded first, sent by id; behaviors/materials.js), a note, and one
// Idempotency-Key per submission.
const elder = require('../../../behaviors/elder')
const materials = require('../../../behaviors/materials')
const { get, post } = require('../../../utils/request')
const { newKey } = require('../../../utils/idempotency')
const { displayMessage } = require('../../../utils/errors')

Component({
  behaviors: [elder, materials],
  data: { id: '', guide: null, note: '', error: '', submitError: '', submitting: false },
  methods: {
    onLoad(options) {
      this.setData({ id: options.id })
      return this.load()
    },
    load() {
      this.setData({ error: '' })
      return get(`/api/v1/guides/${this.data.id}`).then(g => {
        this.setData({ guide: { name: g.name, text: g.text, retired: g.retired } })
        this.setMaterials(g.materials)
      }).catch(err => this.setData({ error: displayMessage(err) }))
    },
    onNoteInput(e) { this.setData({ note: e.detail.value }); this.submitKey = null },
    submit() {
      if (this.data.submitting || !this.data.guide) return Promise.resolve()
      if (!this.checkMaterials()) {
        this.setData({ submitError: '每项材料都要上传照片' })
        return Promise.resolve()
      }
      if (!this.submitKey) this.submitKey = newKey('application')
      this.setData({ submitting: true, submitError: '' })
      return this.uploadMaterials()
        .then(handedIn => {
          const body = { guide: this.data.id, materials: handedIn }
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
