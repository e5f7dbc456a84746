// 办理诉求 (cadres): the item and its timeline, and the handling actions the status
// allows: accept, add a note, transfer to another jurisdiction, resolve.
const elder = require('../../../behaviors/elder')
const { get, post } = require('../../../utils/request')
const { newKey } = require('../../../utils/idempotency')
const { displayMessage } = require('../../../utils/errors')
const { categoryLabel, statusLabel, formatTime } = require('../../../utils/labels')
const { present } = require('../../../utils/timeline')

const OPEN = ['triage', 'assigned', 'in_progress']
// Jurisdiction codes: the 12-digit division code, optionally with a grid suffix -Gnnn.
const CODE = /^\d{12}(-G\d{3})?$/

Component({
  behaviors: [elder],
  data: {
    id: '',
    complaint: null,
    timeline: [],
    error: '',
    actionError: '',
    busy: false,
    canAccept: false,
    canHandle: false,
    note: '',
    transferCode: '',
    transferReason: '',
    resolution: '',
  },
  methods: {
    onLoad(options) {
      this.setData({ id: options.id })
      return this.load(options.after)
    },
    load(after) {
      this.setData({ error: '' })
      return get(`/api/v1/complaints/${this.data.id}`, after ? { after } : undefined).then(detail => {
        const c = detail.complaint
        this.setData({
          complaint: {
            category: categoryLabel(c.category),
            status: statusLabel(c.status),
            address: c.address,
            description: c.description,
            filedAt: formatTime(c.filed_at),
            responseDue: formatTime(c.response_due_at),
            resolutionDue: formatTime(c.resolution_due_at),
            overdue: !!(c.response_overdue || c.resolution_overdue),
            jurisdiction: c.jurisdiction || '',
          },
          timeline: present(detail.timeline),
          canAccept: c.status === 'assigned',
          canHandle: OPEN.indexOf(c.status) >= 0,
        })
      }).catch(err => this.setData({ error: displayMessage(err) }))
    },
    reload() { return this.load() },
    act(action, body) {
      if (this.data.busy) return Promise.resolve(false)
      this.setData({ busy: true, actionError: '' })
      return post(`/api/v1/complaints/${this.data.id}/${action}`, body, newKey(action))
        .then(res => { this.setData({ busy: false }); return this.load(res.position).then(() => true) })
        .catch(err => { this.setData({ busy: false, actionError: displayMessage(err) }); return false })
    },
    fail(message) { this.setData({ actionError: message }); return Promise.resolve(false) },
    accept() { return this.act('accept', {}) },
    onNoteInput(e) { this.setData({ note: e.detail.value }) },
    addNote() {
      const text = this.data.note.trim()
      if (!text) return this.fail('请先写下进展')
      return this.act('notes', { text }).then(ok => { if (ok) this.setData({ note: '' }) })
    },
    onCodeInput(e) { this.setData({ transferCode: e.detail.value.trim() }) },
    onTransferReasonInput(e) { this.setData({ transferReason: e.detail.value }) },
    transfer() {
      const code = this.data.transferCode
      const reason = this.data.transferReason.trim()
      if (!CODE.test(code)) return this.fail('请填写正确的辖区编码（如 330106001001）')
      if (!reason) return this.fail('请写明转交原因')
      return this.act('transfer', { to_jurisdiction: code, reason })
    },
    onResolutionInput(e) { this.setData({ resolution: e.detail.value }) },
    resolve() {
      const resolution = this.data.resolution.trim()
      if (!resolution) return this.fail('请写明是怎么解决的')
      return this.act('resolve', { resolution })
    },
  },
})
