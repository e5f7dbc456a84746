// Canned API bodies shaped like the server's (field names from the Rust views).
function complaint(over = {}) {
  return Object.assign({
    id: 'c-1', resident: 'u-1', category: 'environment', status: 'assigned', anonymous: false, public: false,
    filed_at: '2026-11-20T02:00:00Z', occurred_at: '2026-11-20T01:00:00Z', address: '五常社区3幢', description: '垃圾没人清运',
    reported_jurisdiction: null, jurisdiction: '330110003001-G001', cadre: 'cadre-1',
    response_due_at: '2026-11-21T02:00:00Z', resolution_due_at: '2026-11-25T02:00:00Z', accepted_at: null, resolved_at: null,
    closed_at: null, response_overdue: false, resolution_overdue: false, rating: null, escalation_level: 0, merged_into: null,
    updated_at: '2026-11-20T02:00:00Z',
  }, over)
}
function timeline() {
  return [
    { seq: 0, position: 10, at: '2026-11-20T02:00:00Z', actor_role: 'resident', actor: 'u-1', kind: 'filed', text: '垃圾没人清运', internal: false },
    { seq: 1, position: 11, at: '2026-11-20T02:00:01Z', actor_role: null, actor: null, kind: 'assigned', text: 'assigned', internal: false },
  ]
}
function queueItem(over = {}) {
  return Object.assign({
    complaint: 'c-1', category: 'theft', status: 'assigned', cadre: 'cadre-1', jurisdiction: '330110003001-G001',
    filed_at: '2026-11-20T02:00:00Z', deadline: 'response', due_at: '2026-11-21T02:00:00Z', overdue: false, marked_overdue: false,
  }, over)
}
const error = (code, message) => ({ error: { code, message, details: null } })

module.exports = { complaint, timeline, queueItem, error }
