// One complaint's progress (诉求进度): status, timeline, and what the filer may do now:
// confirm or reopen a resolution, and rate it (1–5 stars and tags).
const elder = require('../../../behaviors/elder')
const { get, post } = require('../../../utils/request')
const { newKey } = require('../../../utils/idempotency')
const { displayMessage } = require('../../../utils/errors')
const { categoryLabel, statusLabel, formatTime, RATING_TAGS } = require('../../../utils/labels')
const { present } = require('../../../utils/timeline')

Component({
  behaviors: [elder],
  data: {
    id: '',
    justFiled: false,
    complaint: null,
    timeline: [],
    error: '',
    actionError: '',
    busy: false,
    canConfirm: false,
    canReopen: false,
    canRate: false,
    reopenReason: '',
    score: 0,
    stars: [1, 2, 3, 4, 5],
    tags: RATING_TAGS.map(t => ({ text: t, on: false })),
    comment: '',
  },
  methods: {
    onLoad(options) {
      this.setData({ id: options.id, justFiled: options.filed === '1' })
      return this.load(options.after)
    },
    load(after) {
      const params = after ? { after } : undefined
      this.setData({ error: '' })
      return get(`/api/v1/complaints/${this.data.id}`, params).then(detail => {
        const c = detail.complaint
        this.setData({
          complaint: {
            category: categoryLabel(c.category),
            status: statusLabel(c.status),
            statusCode: c.status,
            done: ['closed', 'withdrawn', 'merged'].indexOf(c.status) >= 0,
            address: c.address,
            description: c.description,
            filedAt: formatTime(c.filed_at),
            dueAt: formatTime(c.resolution_due_at),
            overdue: !!(c.response_overdue || c.resolution_overdue),
            rating: c.rating,
            anonymous: c.anonymous,
          },
          timeline: present(detail.timeline),
          canConfirm: c.status === 'resolved',
          canReopen: c.status === 'resolved',
          canRate: (c.status === 'resolved' || c.status === 'closed') && !c.rating,
        })
      }).catch(err => this.setData({ error: displayMessage(err) }))
    },
    reload() { return this.load() },

    // Every action: one key per tap, the command, then a read that includes its write.
    act(action, body) {
      if (this.data.busy) return Promise.resolve()
      this.setData({ busy: true, actionError: '' })
      return post(`/api/v1/complaints/${this.data.id}/${action}`, body, newKey(action))
        .then(res => { this.setData({ busy: false }); return this.load(res.position) })
        .catch(err => this.setData({ busy: false, actionError: displayMessage(err) }))
    },
    confirm() { return this.act('confirm', {}) },
    onReasonInput(e) { this.setData({ reopenReason: e.detail.value }) },
    reopen() {
      const reason = this.data.reopenReason.trim()
      if (!reason) {
        this.setData({ actionError: '请写下还有什么问题没解决' })
        return Promise.resolve()
      }
      return this.act('reopen', { reason })
    },
    setScore(e) { this.setData({ score: Number(e.currentTarget.dataset.score) }) },
    toggleTag(e) {
      const index = Number(e.currentTarget.dataset.index)
      this.setData({ [`tags[${index}].on`]: !this.data.tags[index].on })
    },
    onCommentInput(e) { this.setData({ comment: e.detail.value }) },
    rate() {
      if (!(this.data.score >= 1 && this.data.score <= 5)) {
        this.setData({ actionError: '请先点星星打分（1到5颗星）' })
        return Promise.resolve()
      }
      const body = { score: this.data.score, tags: this.data.tags.filter(t => t.on).map(t => t.text) }
      if (this.data.comment.trim()) body.comment = this.data.comment.trim()
      return this.act('rate', body)
    },
  },
})
