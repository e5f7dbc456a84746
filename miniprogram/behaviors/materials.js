// Named materials, each with the photos a resident picked for it: 网上申办 hands in every
// material its guide requires, and an application sent back hands in what the cadre asked
// for. Both pages keep the list in `data.materials` and one `submitKey` per submission; a
// changed choice of files is a new submission, so it drops the key.
const { uploadFile } = require('../utils/request')

module.exports = Behavior({
  data: { materials: [] },
  methods: {
    /** Starts the list over for these material names, nothing picked yet. */
    setMaterials(names) {
      this.setData({ materials: (names || []).map(name => ({ name, files: [], missing: false })) })
      this.submitKey = null
    },
    // 拍照或选图片: the camera or the album.
    addFiles(e) {
      const index = Number(e.currentTarget.dataset.index)
      wx.chooseMedia({
        count: 3,
        mediaType: ['image'],
        sourceType: ['album', 'camera'],
        success: r => this.addPaths(index, (r.tempFiles || []).map(f => f.tempFilePath)),
      })
    },
    // 从聊天记录选: photos of papers a family member sent in a WeChat chat. Images only,
    // as the media endpoint takes nothing else.
    addChatFiles(e) {
      const index = Number(e.currentTarget.dataset.index)
      wx.chooseMessageFile({
        count: 3,
        type: 'image',
        success: r => this.addPaths(index, (r.tempFiles || []).map(f => f.path)),
      })
    },
    addPaths(index, paths) {
      if (!paths.length) return
      const files = this.data.materials[index].files.concat(paths.map(path => ({ path, mediaId: '' })))
      this.setData({ [`materials[${index}].files`]: files, [`materials[${index}].missing`]: false })
      this.submitKey = null
    },
    removeFile(e) {
      const [m, f] = String(e.currentTarget.dataset.at).split('-').map(Number)
      const files = this.data.materials[m].files.slice()
      files.splice(f, 1)
      this.setData({ [`materials[${m}].files`]: files })
      this.submitKey = null
    },
    /** Marks every material without a photo; true when all have one. */
    checkMaterials() {
      const missing = this.data.materials.map(m => !m.files.length)
      const patch = {}
      missing.forEach((miss, i) => { patch[`materials[${i}].missing`] = miss })
      this.setData(patch)
      return !missing.some(Boolean)
    },
    /**
     * Uploads every file not uploaded yet (a retry after a failure sends only the rest) →
     * Promise of the materials as the API takes them, [{name, media: [ids]}].
     */
    uploadMaterials() {
      let chain = Promise.resolve()
      this.data.materials.forEach((m, i) => m.files.forEach((file, j) => {
        if (file.mediaId) return
        chain = chain.then(() => uploadFile(file.path)).then(meta => this.setData({ [`materials[${i}].files[${j}].mediaId`]: meta.id }))
      }))
      return chain.then(() => this.data.materials.map(m => ({ name: m.name, media: m.files.map(f => f.mediaId) })))
    },
  },
})
