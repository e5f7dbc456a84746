// The server answers every failure as {"error": {"code", "message", "details"}}. Its
// messages are English; residents read Chinese, so known codes get Chinese text and
// anything else keeps the server's words after a Chinese lead-in.
const MESSAGES = {
  network: '网络连接失败，请检查网络后重试',
  'auth.missing_token': '请先登录',
  'auth.invalid_token': '登录已过期，请重新登录',
  'auth.expired': '登录已过期，请重新登录',
  'auth.invalid_code': '微信登录失败，请重试',
  'auth.forbidden': '您没有权限进行此操作',
  'auth.blocked': '该账号暂时无法登录',
  'auth.rate_limited': '操作太频繁，请稍后再试',
  'auth.wechat_unavailable': '微信登录暂时不可用，请稍后再试',
  'service.unavailable': '服务暂时不可用，请稍后再试',
  'request.too_large': '内容太长，请精简后再提交',
  'request.contended': '正在被其他人处理，请稍后再试',
  'read_model.lagging': '数据正在更新，请稍后下拉刷新',
  'complaint.not_found': '没有找到这条记录',
  'media.too_large': '文件太大，请换一个较小的文件',
  'media.unsupported_type': '不支持这种文件格式',
  'pay.cancelled': '您取消了支付，可以在“我的订单”里继续支付',
  'pay.failed': '支付没有成功，请稍后在“我的订单”里重试',
  'services.out_of_scope': '这项服务不覆盖您的地址',
  'application.materials_missing': '还有材料没有上传，请把要求的每项材料都拍照上传',
  'neighbourhood.no_home': '请先到社区登记住址，才能在邻里发布和报名',
  not_found: '没有找到',
  internal: '系统出了点问题，请稍后再试',
}

class ApiError extends Error {
  constructor(status, code, message, details) {
    super(message)
    this.status = status
    this.code = code
    this.details = details === undefined ? null : details
  }

  // Text safe to show a resident.
  get display() {
    return displayMessage(this)
  }
}

// Builds an ApiError from a status and a body (object, JSON string or anything else).
function fromResponse(status, body) {
  let parsed = body
  if (typeof body === 'string') {
    try { parsed = JSON.parse(body) } catch (e) { parsed = null }
  }
  const error = parsed && parsed.error
  if (error && typeof error.code === 'string') {
    return new ApiError(status, error.code, String(error.message || ''), error.details)
  }
  return new ApiError(status, status >= 500 ? 'internal' : 'unknown', `HTTP ${status}`, null)
}

function displayMessage(error) {
  if (!error) return ''
  if (MESSAGES[error.code]) return MESSAGES[error.code]
  // Each area names its own not-found code (services.not_found, civic.not_found …).
  if (error.status === 404) return '没有找到，可能已被删除'
  if (error.status === 409) return `当前状态不能进行此操作（${error.message}）`
  if (error.status === 422) return `填写的内容有误：${error.message}`
  return `操作失败：${error.message || error.code || '未知错误'}`
}

module.exports = { ApiError, fromResponse, displayMessage, MESSAGES }
