// One errand or application (kind=errand|application): status and the progress timeline;
// the requester may cancel an errand, the applicant may withdraw an application, and when
// the community has asked for more materials the applicant reads why and hands them in
// (photos through behaviors/materials.js, one Idempotency-Key per submission).
const elder = require('../../../behaviors/elder')
const materials = require('../../../behaviors/materials')
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

/**
 * What the reviewer wrote when asking: the newest materials_requested entry, whose text the
 * server writes as `reason（material、material）`; the list is shown on its own, so it is cut.
 */
function requestOf(timeline, wanted) {
  const asked = (timeline || []).filter(e => /materials_requested/.test(e.event)).pop()
  const text = (asked && asked.text) || ''
  const list = `（${wanted.join('、')}）`
  return text.endsWith(list) ? text.slice(0, -list.length) : text
}

Component({
  behaviors: [elder, materials],
  data: {
    kind: 'errand', id: '', item: null, timeline: [], error: '', actionError: '', busy: false, canCancel: false, canWithdraw: false, reason: '', justSent: false,
    supplying: false, askedReason: '', supplyNote: '', supplyError: '', submitting: false, justSupplied: false,
  },
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
        this.showRequest(!errand && x.status === 'materials_requested' ? x : null)
      }).catch(err => this.setData({ error: displayMessage(err) }))
    },
    reload() { return this.load() },
    // The open request for more materials (null when there is none): the cadre's words and
    // an upload list for each wanted material, kept as it is when a reload asks the same.
    showRequest(x) {
      const wanted = x ? x.requested || [] : []
      const asked = x ? requestOf(x.timeline, wanted) : ''
      this.setData({ supplying: !!x, askedReason: asked })
      if (this.data.materials.map(m => m.name).join('\n') !== wanted.join('\n')) this.setMaterials(wanted)
    },
    onSupplyNoteInput(e) { this.setData({ supplyNote: e.detail.value }); this.submitKey = null },
    supply() {
      if (this.data.submitting || !this.data.supplying) return Promise.resolve()
      if (!this.checkMaterials()) {
        this.setData({ supplyError: '每项要补充的材料都要上传照片' })
        return Promise.resolve()
      }
      if (!this.submitKey) this.submitKey = newKey('supply')
      this.setData({ submitting: true, supplyError: '' })
      return this.uploadMaterials()
        .then(handedIn => {
          const body = { materials: handedIn }
          if (this.data.supplyNote.trim()) body.note = this.data.supplyNote.trim()
          return post(`/api/v1/applications/${this.data.id}/supply-materials`, body, this.submitKey)
        })
        .then(res => {
          this.submitKey = null
          this.setData({ submitting: false, supplyNote: '', justSupplied: true })
          return this.load(res.position)
        })
        .catch(err => this.setData({ submitting: false, supplyError: displayMessage(err) }))
    },
    onReasonInput(e) { this.setData({ reason: e.detail.value }) },
    act(action, body) {
      if (this.data.busy || this.data.submitting) return Promise.resolve()
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
