// Chinese names for the API's enums (the same words the mini program uses).
export const CATEGORY = {
  theft: '盗窃', security_hazard: '安全隐患', lost_item: '失物招领', neighbour_conflict: '邻里纠纷',
  environment: '环境卫生', infrastructure: '设施维修', other: '其他',
}
export const STATUS = {
  filed: '已提交', triage: '待分派', assigned: '已分派', in_progress: '处理中',
  resolved: '待确认', closed: '已完成', withdrawn: '已撤回', merged: '已合并',
}
export const SERVICE_CATEGORY = {
  housekeeping: '家政保洁', maintenance: '维修安装', delivery: '跑腿配送', elder_care: '养老助餐', other: '其他服务',
}
export const OPEN_STATUSES = ['filed', 'triage', 'assigned', 'in_progress']

// Time in China (UTC+8), whatever the display machine's zone.
export function chinaTime(iso, withDate) {
  const t = new Date(new Date(iso).getTime() + 8 * 3600 * 1000)
  const pad = n => String(n).padStart(2, '0')
  const hm = `${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}`
  return withDate ? `${t.getUTCMonth() + 1}月${t.getUTCDate()}日 ${hm}` : hm
}
export function chinaDay(date) {
  const t = new Date(date.getTime() + 8 * 3600 * 1000)
  return t.toISOString().slice(0, 10)
}
export function percent(rate) {
  return rate && rate.value != null ? Math.round(rate.value * 1000) / 10 : null
}

/** 123456 fen → "1234.56" yuan; whole yuan without decimals. */
export function yuan(fen) {
  const n = Number(fen) || 0
  return n % 100 === 0 ? String(n / 100) : (n / 100).toFixed(2)
}
