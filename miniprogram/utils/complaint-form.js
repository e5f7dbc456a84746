// The complaint form's rules and its request body, kept apart from the page so they are
// easy to test. Limits match the server's (address ≤ 200, description ≤ 2000, ≤ 9 photos).
const { CATEGORIES } = require('./labels')

const LIMITS = { address: 200, description: 2000, descriptionMin: 5, photos: 9 }

// "2026-11-22" + "10:30", read as China time (UTC+8) → a Date.
function occurredAt(date, time) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date || '') || !/^\d{2}:\d{2}$/.test(time || '')) return null
  const d = new Date(`${date}T${time}:00+08:00`)
  return isNaN(d.getTime()) ? null : d
}

// Today's date and the time now in China, for the pickers' defaults and limits.
function chinaNow(now) {
  const t = new Date((now || new Date()).getTime() + 8 * 3600 * 1000)
  const pad = n => String(n).padStart(2, '0')
  return {
    date: `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`,
    time: `${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}`,
  }
}

/** Returns {field: message} for every problem; empty when the form can be sent. */
function validate(form, now) {
  const errors = {}
  if (!(form.categoryIndex >= 0 && form.categoryIndex < CATEGORIES.length)) {
    errors.category = '请选择诉求类型'
  }
  const when = occurredAt(form.date, form.time)
  if (!when) errors.occurred = '请选择发生的日期和时间'
  else if (when.getTime() > (now || new Date()).getTime() + 60 * 1000) errors.occurred = '发生时间不能晚于现在'
  const address = (form.address || '').trim()
  if (!address) errors.address = '请填写地址，或点“选择位置”'
  else if (address.length > LIMITS.address) errors.address = `地址最多${LIMITS.address}个字`
  const description = (form.description || '').trim()
  if (description.length < LIMITS.descriptionMin) errors.description = `请描述发生了什么（至少${LIMITS.descriptionMin}个字）`
  else if (description.length > LIMITS.description) errors.description = `描述最多${LIMITS.description}个字`
  if ((form.photos || []).length > LIMITS.photos) errors.photos = `照片最多${LIMITS.photos}张`
  return errors
}

/** The body of POST /api/v1/complaints, once photos and the voice note are uploaded. */
function toBody(form) {
  const body = {
    category: CATEGORIES[form.categoryIndex].value,
    occurred_at: occurredAt(form.date, form.time).toISOString(),
    address: form.address.trim(),
    description: form.description.trim(),
    media: (form.photos || []).map(p => p.mediaId),
    anonymous: !!form.anonymous,
  }
  if (form.location) body.point = { lon: form.location.longitude, lat: form.location.latitude }
  if (form.voice && form.voice.mediaId) body.voice_note = form.voice.mediaId
  return body
}

module.exports = { LIMITS, validate, toBody, occurredAt, chinaNow }
