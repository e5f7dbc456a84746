// One errand or application (kind=errand|application): status and the progress timeline;
// the requester may cancel an errand, the applicant may withdraw an application.
const elder = require('../../../behaviors/elder')
const { get, post } = require('../../../utils/request')
const { newKey } = require('../../../utils/idempotency')
const { displayMessage } = require('../../../utils/errors')
const { formatTime } = require('../../../utils/labels')
const { errandStatusLabel, applicationStatusLabel, presentTimeline } = require('../../../utils/civic')

const KINDS = {
  errand: { path: '/api/v1/errands', title: '委托进度' },
  application: { path: '/api/v1/applications', title: '申办进度' },
}
const ERRAND_OPEN = ['requested', 'awaiting_documents', 'documents_submitted', 'documents_rejected', 'in_progress']
const APPLICATION_OPEN = ['under_review', 'materials_requested']

Component({
  behaviors: [elder],
  data: { kind: 'errand', id: '', item: null, timeline: [], error: '', actionError: '', busy: false, canCancel: false, canWithdraw: false, reason: '', justSent: false },
  methods: {
    onLoad(options) {
      const kind = KINDS[options.kind] ? options.kind : 'errand'
      this.setData({ kind, id: options.id, justSent: !!options.after })
      if (wx.setNavigationBarTitle) wx.setNavigationBarTitle({ title: KINDS[kind].title })
      return this.load(options.after)
    },
    load(after) {
      this.setData({ error: '' })
      return get(`${KINDS[this.data.kind].path}/${this.data.id}`, after ? { after } : undefined).then(x => {
        const errand = this.data.kind === 'errand'
        this.setData({
          item: {
            title: errand ? x.task : x.guide_name,
            status: errand ? errandStatusLabel(x.status) : applicationStatusLabel(x.status),
            deadline: errand ? formatTime(x.deadline) : '',
            requested: (x.requested || []).join('、'),
            decision: x.decision || '',
            materials: (x.materials || []).map(m => `${m.name}（${m.media.length}份）`).join('、'),
          },
          timeline: presentTimeline(x.timeline),
          canCancel: errand && ERRAND_OPEN.indexOf(x.status) >= 0,
          canWithdraw: !errand && APPLICATION_OPEN.indexOf(x.status) >= 0,
        })
      }).catch(err => this.setData({ error: displayMessage(err) }))
    },
    reload() { return this.load() },
    onReasonInput(e) { this.setData({ reason: e.detail.value }) },
    act(action, body) {
      if (this.data.busy) return Promise.resolve()
      this.setData({ busy: true, actionError: '' })
      return post(`${KINDS[this.data.kind].path}/${this.data.id}/${action}`, body, newKey(action))
        .then(res => { this.setData({ busy: false }); return this.load(res.position) })
        .catch(err => this.setData({ busy: false, actionError: displayMessage(err) }))
    },
    cancel() {
      const reason = this.data.reason.trim()
      if (!reason) {
        this.setData({ actionError: '请写下取消的原因' })
        return Promise.resolve()
      }
      return this.act('cancel', { reason })
    },
    withdraw() { return this.act('withdraw', undefined) },
  },
})
