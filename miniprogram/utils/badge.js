// The unread count on the 我的 tab (消息通知 lives there): set from the inbox's own count,
// removed at zero. Called when a tab page shows and after messages are read.
const { get } = require('./request')

const MINE_TAB = 3

function show(unread) {
  const n = Number(unread) || 0
  // Only tab pages may change the badge; elsewhere WeChat fails the call, which is harmless.
  const quiet = { fail: () => {} }
  if (n > 0) wx.setTabBarBadge(Object.assign({ index: MINE_TAB, text: n > 99 ? '99+' : String(n) }, quiet))
  else wx.removeTabBarBadge(Object.assign({ index: MINE_TAB }, quiet))
  return n
}

/** Reads the unread count and shows it; a failed read leaves the badge as it was. */
function refresh() {
  return get('/api/v1/inbox').then(page => show(page.unread), () => null)
}

module.exports = { show, refresh, MINE_TAB }
