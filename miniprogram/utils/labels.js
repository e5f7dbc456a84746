// Chinese labels for the server's enums. The keys are the API's snake_case names.
const CATEGORIES = [
  { value: 'theft', label: '盗窃' },
  { value: 'security_hazard', label: '安全隐患' },
  { value: 'lost_item', label: '失物招领' },
  { value: 'neighbour_conflict', label: '邻里纠纷' },
  { value: 'environment', label: '环境卫生' },
  { value: 'infrastructure', label: '设施维修' },
  { value: 'other', label: '其他' },
]

const STATUSES = {
  filed: '已提交',
  triage: '待分派',
  assigned: '已分派',
  in_progress: '处理中',
  resolved: '已办结待确认',
  closed: '已完成',
  withdrawn: '已撤回',
  merged: '已合并',
}

// Timeline entries: the event name without `complaint.`.
const TIMELINE = {
  filed: '提交诉求',
  assigned: '分派给网格员',
  accepted: '网格员已受理',
  note_added: '处理进展',
  transferred: '转交办理',
  rejected_not_responsible: '退回（非本辖区）',
  resolved: '已办结',
  confirmed: '您已确认解决',
  reopened: '重新办理',
  rated: '已评价',
  escalated: '已升级督办',
  marked_overdue: '已超时',
  withdrawn: '已撤回',
  merged_as_duplicate: '已合并到相同诉求',
}

const RATING_TAGS = ['处理及时', '态度好', '结果满意', '沟通清楚', '还需改进']

function categoryLabel(value) {
  const found = CATEGORIES.find(c => c.value === value)
  return found ? found.label : value
}
const statusLabel = s => STATUSES[s] || s
const timelineLabel = k => TIMELINE[k] || k

// "2026-11-22T02:00:00Z" → "11月22日 10:00" in China time (UTC+8), whatever the phone's zone.
function formatTime(iso) {
  if (!iso) return ''
  const t = new Date(new Date(iso).getTime() + 8 * 3600 * 1000)
  if (isNaN(t.getTime())) return ''
  const pad = n => String(n).padStart(2, '0')
  return `${t.getUTCMonth() + 1}月${t.getUTCDate()}日 ${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}`
}

module.exports = { CATEGORIES, STATUSES, TIMELINE, RATING_TAGS, categoryLabel, statusLabel, timelineLabel, formatTime }
