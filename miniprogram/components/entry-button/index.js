// A big quick entry (首页): an icon that is never alone, its words, an optional hint.
const { go } = require('../../behaviors/nav')

Component({
  options: { addGlobalClass: true },
  properties: {
    icon: { type: String, value: '' },
    label: { type: String, value: '' },
    hint: { type: String, value: '' },
    url: { type: String, value: '' },
  },
  methods: {
    onTap() {
      this.triggerEvent('open', { url: this.data.url })
      if (this.data.url) go(this.data.url)
    },
  },
})
