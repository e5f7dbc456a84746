// Navigation helpers shared by pages: tab pages need switchTab, others navigateTo.
const TAB_PAGES = ['/pages/home/index', '/pages/services/index', '/pages/interaction/index', '/pages/mine/index']

function go(url) {
  const path = url.split('?')[0]
  if (TAB_PAGES.indexOf(path) >= 0) wx.switchTab({ url: path })
  else wx.navigateTo({ url })
}

module.exports = { go, TAB_PAGES }
