// 我要鼓励: thank a cadre. Pick one who handled a complaint you filed, or type their id
// (shown on their work card); write thanks; optionally add a photo.
const elder = require('../../behaviors/elder')
const { get, post, uploadFile } = require('../../utils/request')
const { newKey } = require('../../utils/idempotency')
const { displayMessage } = require('../../utils/errors')
const { categoryLabel, formatTime } = require('../../utils/labels')

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const MAX_TEXT = 500

Component({
  behaviors: [elder],
  data: {
    cadres: [],
    selected: -1,
    manualId: '',
    text: '',
    photo: null,
    errors: {},
    error: '',
    submitting: false,
    done: false,
    idempotencyKey: '',
  },
  methods: {
    onLoad() { return this.loadCadres() },
    // The cadres who handled my complaints, once each, most recent first.
    loadCadres() {
      return get('/api/v1/complaints/mine').then(res => {
        const seen = {}
        const cadres = []
        ;(res.items || []).forEach(c => {
          if (c.cadre && !seen[c.cadre]) {
            seen[c.cadre] = true
            cadres.push({ id: c.cadre, label: `办理“${categoryLabel(c.category)}”的网格员（${formatTime(c.filed_at)}）` })
          }
        })
        this.setData({ cadres })
      }).catch(err => this.setData({ error: displayMessage(err) }))
    },
    pick(e) { this.setData({ selected: Number(e.currentTarget.dataset.index), manualId: '', 'errors.cadre': '' }) },
    onIdInput(e) { this.setData({ manualId: e.detail.value.trim(), selected: -1, 'errors.cadre': '' }) },
    onTextInput(e) { this.setData({ text: e.detail.value, 'errors.text': '' }) },
    choosePhoto() {
      wx.chooseMedia({ count: 1, mediaType: ['image'], success: r => this.setData({ photo: { path: r.tempFiles[0].tempFilePath, mediaId: '' } }) })
    },
    removePhoto() { this.setData({ photo: null }) },
    cadreId() {
      return this.data.selected >= 0 ? this.data.cadres[this.data.selected].id : this.data.manualId
    },
    validate() {
      const errors = {}
      const cadre = this.cadreId()
      if (!cadre) errors.cadre = '请选择要感谢的网格员，或填写其编号'
      else if (!UUID.test(cadre)) errors.cadre = '编号格式不对，请核对工作牌上的编号'
      const text = this.data.text.trim()
      if (!text) errors.text = '请写下感谢的话'
      else if (text.length > MAX_TEXT) errors.text = `最多${MAX_TEXT}个字`
      return errors
    },
    submit() {
      if (this.data.submitting) return Promise.resolve()
      const errors = this.validate()
      this.setData({ errors, error: '' })
      if (Object.keys(errors).length) return Promise.resolve()
      const key = this.data.idempotencyKey || newKey('encourage')
      this.setData({ submitting: true, idempotencyKey: key })
      const photo = this.data.photo
      const upload = photo && !photo.mediaId
        ? uploadFile(photo.path).then(meta => this.setData({ 'photo.mediaId': meta.id }))
        : Promise.resolve()
      return upload
        .then(() => post('/api/v1/encouragements', {
          cadre: this.cadreId(),
          text: this.data.text.trim(),
          media: this.data.photo ? [this.data.photo.mediaId] : [],
        }, key))
        .then(() => this.setData({ submitting: false, done: true, idempotencyKey: '' }))
        .catch(err => this.setData({ submitting: false, error: displayMessage(err) }))
    },
    goHome() { wx.switchTab({ url: '/pages/home/index' }) },
  },
})
