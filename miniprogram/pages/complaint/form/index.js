// 我要投诉: the complaint form. Validate → confirm → upload media → file, with one
// Idempotency-Key per submission kept across retries, so a retry never files twice.
const elder = require('../../../behaviors/elder')
const { CATEGORIES, categoryLabel } = require('../../../utils/labels')
const { validate, toBody, chinaNow, LIMITS } = require('../../../utils/complaint-form')
const { post, uploadFile } = require('../../../utils/request')
const { newKey } = require('../../../utils/idempotency')
const { displayMessage } = require('../../../utils/errors')

Component({
  behaviors: [elder],
  data: {
    categories: CATEGORIES.map(c => c.label),
    categoryIndex: -1,
    categoryLabel: '',
    date: '',
    time: '',
    today: '',
    location: null,
    address: '',
    description: '',
    photos: [],
    voice: null,
    recording: false,
    anonymous: false,
    errors: {},
    confirming: false,
    submitting: false,
    submitError: '',
    idempotencyKey: '',
    maxPhotos: LIMITS.photos,
  },
  methods: {
    onLoad() {
      const now = chinaNow()
      this.setData({ date: now.date, time: now.time, today: now.date })
      this.recorder = wx.getRecorderManager()
      this.recorder.onStop(res => {
        this.setData({ recording: false, voice: { path: res.tempFilePath, seconds: Math.max(1, Math.round((res.duration || 0) / 1000)) } })
      })
      this.recorder.onError(() => {
        this.setData({ recording: false })
        wx.showToast({ title: '录音失败，请重试', icon: 'none' })
      })
    },

    // Any edit clears that field's message.
    clearError(field) {
      if (this.data.errors[field]) this.setData({ [`errors.${field}`]: '' })
    },
    onCategoryChange(e) {
      const index = Number(e.detail.value)
      this.setData({ categoryIndex: index, categoryLabel: CATEGORIES[index].label })
      this.clearError('category')
    },
    onDateChange(e) { this.setData({ date: e.detail.value }); this.clearError('occurred') },
    onTimeChange(e) { this.setData({ time: e.detail.value }); this.clearError('occurred') },
    onAddressInput(e) { this.setData({ address: e.detail.value }); this.clearError('address') },
    onDescriptionInput(e) { this.setData({ description: e.detail.value }); this.clearError('description') },
    onAnonymousChange(e) { this.setData({ anonymous: !!e.detail.value }) },

    // Location: the map picker; if it is refused or unavailable, the phone's position.
    // Both in GCJ-02, the coordinates WeChat maps use and the server routes with.
    chooseLocation() {
      wx.chooseLocation({
        type: 'gcj02',
        success: r => {
          this.setData({ location: { latitude: r.latitude, longitude: r.longitude, name: r.name || r.address || '' } })
          if (!this.data.address.trim() && (r.address || r.name)) this.setData({ address: `${r.address || ''}${r.name || ''}` })
          this.clearError('address')
        },
        fail: () => this.useCurrentLocation(),
      })
    },
    useCurrentLocation() {
      wx.getLocation({
        type: 'gcj02',
        success: r => this.setData({ location: { latitude: r.latitude, longitude: r.longitude, name: '当前位置' } }),
        fail: () => wx.showToast({ title: '无法获取位置，请手动填写地址', icon: 'none' }),
      })
    },

    choosePhotos() {
      const room = LIMITS.photos - this.data.photos.length
      if (room <= 0) return
      wx.chooseMedia({
        count: room,
        mediaType: ['image'],
        sourceType: ['album', 'camera'],
        success: r => {
          const added = (r.tempFiles || []).map(f => ({ path: f.tempFilePath, mediaId: '' }))
          this.setData({ photos: this.data.photos.concat(added).slice(0, LIMITS.photos) })
        },
      })
    },
    removePhoto(e) {
      const index = Number(e.currentTarget.dataset.index)
      this.setData({ photos: this.data.photos.filter((_, i) => i !== index) })
    },

    toggleRecord() {
      if (this.data.recording) {
        this.recorder.stop()
      } else {
        this.setData({ recording: true })
        // MP3 is one of the audio types the server accepts for a voice note.
        this.recorder.start({ duration: 60000, format: 'mp3' })
      }
    },
    removeVoice() { this.setData({ voice: null }) },

    // Step 1: check the form and show the confirmation sheet.
    onSubmitTap() {
      const errors = validate(this.data)
      const first = Object.keys(errors)[0]
      this.setData({ errors, submitError: '' })
      if (first) {
        wx.showToast({ title: errors[first], icon: 'none' })
        return
      }
      this.setData({ confirming: true, categoryLabel: categoryLabel(CATEGORIES[this.data.categoryIndex].value) })
    },
    onCancelConfirm() {
      if (!this.data.submitting) this.setData({ confirming: false })
    },

    // Step 2: upload what is not uploaded yet, then file. The key is made on the first try
    // and kept until the server accepts, so pressing 重试 after a timeout replays, not refiles.
    onConfirmSubmit() {
      if (this.data.submitting) return Promise.resolve()
      const key = this.data.idempotencyKey || newKey('complaint')
      this.setData({ submitting: true, submitError: '', idempotencyKey: key })
      wx.showLoading({ title: '正在提交', mask: true })
      return this.uploadMedia()
        .then(() => post('/api/v1/complaints', toBody(this.data), key))
        .then(accepted => {
          wx.hideLoading()
          this.setData({ submitting: false, confirming: false, idempotencyKey: '' })
          wx.redirectTo({ url: `/pages/complaint/detail/index?id=${accepted.id}&after=${accepted.position}&filed=1` })
          return accepted
        })
        .catch(err => {
          wx.hideLoading()
          this.setData({ submitting: false, submitError: displayMessage(err) })
        })
    },
    uploadMedia() {
      const photos = this.data.photos
      let chain = Promise.resolve()
      photos.forEach((photo, i) => {
        if (photo.mediaId) return
        chain = chain.then(() => uploadFile(photo.path)).then(meta => this.setData({ [`photos[${i}].mediaId`]: meta.id }))
      })
      const voice = this.data.voice
      if (voice && !voice.mediaId) {
        chain = chain.then(() => uploadFile(voice.path)).then(meta => this.setData({ 'voice.mediaId': meta.id }))
      }
      return chain
    },
  },
})
