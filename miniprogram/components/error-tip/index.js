// A failed request, in words a resident can act on, with a retry button when given one.
Component({
  options: { addGlobalClass: true },
  properties: {
    message: { type: String, value: '' },
    retryText: { type: String, value: '' },
  },
  methods: {
    onRetry() { this.triggerEvent('retry') },
  },
})
