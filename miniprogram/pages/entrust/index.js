// 我要委托: ask the community to run an errand for you (代办): what, and by when. Staff then
// assign an agent; the 委托书 and ID copy are uploaded on the errand's page when asked for.
const elder = require('../../behaviors/elder')
const { post } = require('../../utils/request')
const { newKey } = require('../../utils/idempotency')
const { displayMessage } = require('../../utils/errors')
const { errandErrors, deadlineOf } = require('../../utils/civic')

// Today in China time as YYYY-MM-DD (the pickers' format), whatever the phone's zone.
function chinaToday(now) {
  return new Date(now.getTime() + 8 * 3600 * 1000).toISOString().slice(0, 10)
}

Component({
  behaviors: [elder],
  data: {
    form: { task: '', date: '', time: '18:00' },
    today: '',
    errors: {},
    submitError: '',
    submitting: false,
  },
  methods: {
    onLoad() { this.setData({ today: chinaToday(new Date()) }) },
    onTaskInput(e) { this.setData({ 'form.task': e.detail.value, 'errors.task': '' }); this.submitKey = null },
    onDateChange(e) { this.setData({ 'form.date': e.detail.value, 'errors.deadline': '' }); this.submitKey = null },
    onTimeChange(e) { this.setData({ 'form.time': e.detail.value, 'errors.deadline': '' }); this.submitKey = null },
    submit() {
      if (this.data.submitting) return Promise.resolve()
      const errors = errandErrors(this.data.form, new Date())
      if (Object.keys(errors).length) {
        this.setData({ errors })
        return Promise.resolve()
      }
      if (!this.submitKey) this.submitKey = newKey('errand')
      this.setData({ submitting: true, submitError: '' })
      const body = { task: this.data.form.task.trim(), deadline: deadlineOf(this.data.form).toISOString() }
      return post('/api/v1/errands', body, this.submitKey)
        .then(res => {
          this.submitKey = null
          this.setData({ submitting: false })
          wx.redirectTo({ url: `/pages/civic/detail/index?kind=errand&id=${res.id}&after=${res.position}` })
        })
        .catch(err => this.setData({ submitting: false, submitError: displayMessage(err) }))
    },
    openMine() { wx.navigateTo({ url: '/pages/civic/mine/index' }) },
  },
})
