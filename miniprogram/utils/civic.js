// Community services (entrusted errands, applications, feedback): Chinese labels for the
// server's states and timeline events, and the forms' rules.
const { formatTime } = require('./labels')

const FEEDBACK_KINDS = [
  { value: 'suggestion', label: '建议' },
  { value: 'app_problem', label: '小程序问题' },
  { value: 'praise', label: '表扬' },
  { value: 'other', label: '其他' },
]
const FEEDBACK_STATUSES = { open: '处理中', closed: '已关闭' }

const ERRAND_STATUSES = {
  requested: '已提交，待安排',
  awaiting_documents: '待上传委托材料',
  documents_submitted: '材料审核中',
  documents_rejected: '材料需重新上传',
  in_progress: '代办中',
  completed: '已办好',
  cancelled: '已取消',
}
const APPLICATION_STATUSES = {
  under_review: '审核中',
  materials_requested: '需补充材料',
  approved: '已通过',
  rejected: '未通过',
  withdrawn: '已撤回',
}

// Timeline entries: the event name without its aggregate prefix.
const EVENTS = {
  requested: '提交委托', assigned: '已安排代办人', documents_submitted: '上传委托材料', documents_verified: '材料审核通过',
  documents_rejected: '材料退回', progress_noted: '代办进展', completed: '已办好', cancelled: '已取消',
  submitted: '提交申请', materials_requested: '要求补充材料', materials_supplied: '已补充材料', approved: '审核通过',
  rejected: '未通过', withdrawn: '已撤回',
}

const feedbackKindLabel = v => (FEEDBACK_KINDS.find(k => k.value === v) || { label: v }).label
const errandStatusLabel = s => ERRAND_STATUSES[s] || s
const applicationStatusLabel = s => APPLICATION_STATUSES[s] || s

/** `errand.documents_verified` or `documents_verified` → 材料审核通过. */
function eventLabel(name) {
  const short = String(name || '').split('.').pop().replace(/_v\d+$/, '')
  return EVENTS[short] || short
}

function presentTimeline(entries) {
  return (entries || []).map((e, i) => ({ key: i, title: eventLabel(e.event), at: formatTime(e.at), text: e.text || '' }))
}

/** 我要委托's problems: what to do, and a deadline in the future. */
function errandErrors(form, now) {
  const errors = {}
  const task = (form.task || '').trim()
  if (!task) errors.task = '请写下要办的事'
  else if (task.length > 1000) errors.task = '最多1000个字'
  if (!form.date) errors.deadline = '请选择最晚办好的日期'
  else if (deadlineOf(form) <= now) errors.deadline = '截止时间要晚于现在'
  return errors
}

/** The chosen China-time date and time (default 18:00) as an ISO instant. */
function deadlineOf(form) {
  const [y, m, d] = form.date.split('-').map(Number)
  const [hh, mm] = (form.time || '18:00').split(':').map(Number)
  return new Date(Date.UTC(y, m - 1, d, hh - 8, mm))
}

module.exports = {
  FEEDBACK_KINDS, FEEDBACK_STATUSES, ERRAND_STATUSES, APPLICATION_STATUSES,
  feedbackKindLabel, errandStatusLabel, applicationStatusLabel, eventLabel, presentTimeline, errandErrors, deadlineOf,
}
