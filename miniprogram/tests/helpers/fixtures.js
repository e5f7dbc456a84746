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

// Life services (field names from projections/src/models/services/views.rs).
function service(over = {}) {
  return Object.assign({
    id: 's-1', provider: 'p-1', provider_name: '安心家政', category: 'housekeeping', name: '日常保洁（2小时）',
    description: '厨房、卫生间和客厅的日常清洁', price: 8800, scope: ['330110003'], withdrawn: false, bookable: true,
    listed_at: '2026-11-20T02:00:00Z', ratings: 3, average_rating: 4.666,
  }, over)
}
function slot(over = {}) {
  return Object.assign({
    id: 't-1', service: 's-1', starts_at: '2026-12-08T01:00:00Z', ends_at: '2026-12-08T03:00:00Z', capacity: 2, booked: 1, remaining: 1,
  }, over)
}
function order(over = {}) {
  return Object.assign({
    id: 'o-1', resident: 'u-1', service: 's-1', provider: 'p-1', category: 'housekeeping', service_name: '日常保洁（2小时）',
    price: 8800, slot: 't-1', slot_starts_at: '2026-12-08T01:00:00Z', address: '五常社区3幢201', area: null,
    contact_name: '林金花', contact_phone: '13800000000', note: null, status: 'reserved',
    reserved_at: '2026-12-07T02:00:00Z', updated_at: '2026-12-07T02:00:00Z', paid: 0, refunded: 0,
    worker_name: null, worker_phone: null, score: null, tags: [], evaluation: null, cancel_reason: null,
  }, over)
}
const payAnswer = id => ({
  id, position: 77, replay: 'fresh',
  request_payment: { appId: 'wx123', timeStamp: '1765000000', nonceStr: 'n0nce', package: 'prepay_id=wx42', signType: 'RSA', paySign: 'c2lnbg==' },
})

module.exports.service = service
module.exports.slot = slot
module.exports.order = order
module.exports.payAnswer = payAnswer

function message(over = {}) {
  return Object.assign({ id: 1, kind: 'order_status', subject: 'o-1', title: '订单已支付', body: '日常保洁（2小时）已支付，等待派单', at: '2026-12-07T02:00:00Z', read: false }, over)
}
module.exports.message = message
