// What a list or an area shows when it has nothing yet: real emptiness, never sample data.
Component({
  options: { addGlobalClass: true },
  properties: {
    title: { type: String, value: '暂无内容' },
    hint: { type: String, value: '' },
  },
})
