// Life services: Chinese labels for the server's service categories and order states,
// money (the API counts integer fen), and the reservation form's rules.
const SERVICE_CATEGORIES = [
  { value: 'housekeeping', label: '家政保洁' },
  { value: 'maintenance', label: '维修安装' },
  { value: 'delivery', label: '跑腿配送' },
  { value: 'elder_care', label: '养老助餐' },
  { value: 'other', label: '其他服务' },
]

const ORDER_STATUSES = {
  reserved: '已预约待支付',
  payment_requested: '待支付',
  paid: '已支付待派单',
  dispatched: '已派师傅',
  started: '服务中',
  completed: '已完成待评价',
  evaluated: '已评价',
  cancelled: '已取消',
}

// Price caps offered by the filter (fen); 0 is "any price".
const PRICE_CAPS = [
  { fen: 0, label: '不限价格' },
  { fen: 5000, label: '50元以内' },
  { fen: 10000, label: '100元以内' },
  { fen: 20000, label: '200元以内' },
  { fen: 50000, label: '500元以内' },
]

// What residents tick when evaluating an order; the server takes up to 8, ≤ 10 chars each.
const EVALUATION_TAGS = ['准时', '专业', '态度好', '干净整洁', '价格实惠', '还需改进']

// The order states in which the resident may still cancel (before work starts).
const CANCELLABLE = ['reserved', 'payment_requested', 'paid', 'dispatched']
const PAYABLE = ['reserved', 'payment_requested']

function serviceCategoryLabel(value) {
  const found = SERVICE_CATEGORIES.find(c => c.value === value)
  return found ? found.label : value
}
const orderStatusLabel = s => ORDER_STATUSES[s] || s

/** 12345 fen → "123.45"; whole yuan drop the decimals. */
function yuan(fen) {
  const n = Number(fen) || 0
  return n % 100 === 0 ? String(n / 100) : (n / 100).toFixed(2)
}

// As the server checks it: optional +, then 5–20 digits and dashes (mobiles and landlines).
const PHONE = /^\+?[\d-]{5,20}$/

/** The reservation form's problems, field → Chinese message (empty when it may be sent). */
function reservationErrors(form) {
  const errors = {}
  if (!form.slot) errors.slot = '请选择上门时间'
  const address = (form.address || '').trim()
  if (!address) errors.address = '请填写服务地址'
  else if (address.length > 200) errors.address = '地址最多200个字'
  const name = (form.contactName || '').trim()
  if (!name) errors.contactName = '请填写联系人'
  else if (name.length > 40) errors.contactName = '联系人最多40个字'
  if (!PHONE.test((form.contactPhone || '').trim())) errors.contactPhone = '请填写正确的联系电话'
  if ((form.note || '').length > 300) errors.note = '备注最多300个字'
  return errors
}

/** The body of POST /api/v1/orders. */
function reservationBody(serviceId, form) {
  const body = {
    service: serviceId,
    slot: form.slot,
    address: form.address.trim(),
    contact: { name: form.contactName.trim(), phone: form.contactPhone.trim() },
  }
  if ((form.note || '').trim()) body.note = form.note.trim()
  return body
}

module.exports = {
  SERVICE_CATEGORIES, ORDER_STATUSES, PRICE_CAPS, EVALUATION_TAGS, CANCELLABLE, PAYABLE,
  serviceCategoryLabel, orderStatusLabel, yuan, reservationErrors, reservationBody,
}
