// Elderly mode (适老化). Every size in the WXSS is in rem, and each page sets its root font
// size through <page-meta root-font-size>, so one number scales the whole page.
// Normal: 16px. Elder: at least 20px, or WeChat's own font setting when it is larger, so
// body text (1rem) is ≥ 20px, the smallest text (0.9rem) ≥ 18px, and tap targets (3rem)
// ≥ 60px.
const NORMAL_ROOT_PX = 16
const ELDER_ROOT_PX = 20
// WeChat's standard font setting is 16–17px; anything larger means the user asked for
// bigger type, and we follow it.
const LARGE_SYSTEM_FONT_PX = 17
const STORAGE_KEY = 'linli.elder' // 'on', 'off', or unset (follow WeChat)

function systemFontSize() {
  try {
    const info = typeof wx.getAppBaseInfo === 'function' ? wx.getAppBaseInfo() : wx.getSystemInfoSync()
    const size = Number(info && info.fontSizeSetting)
    return size > 0 ? size : NORMAL_ROOT_PX
  } catch (e) {
    return NORMAL_ROOT_PX
  }
}

function manualSetting() {
  const value = wx.getStorageSync(STORAGE_KEY)
  return value === 'on' || value === 'off' ? value : ''
}

function isElder() {
  const manual = manualSetting()
  if (manual) return manual === 'on'
  return systemFontSize() > LARGE_SYSTEM_FONT_PX
}

function setElder(on) {
  wx.setStorageSync(STORAGE_KEY, on ? 'on' : 'off')
}

function rootFontSize(elder) {
  return elder ? Math.max(ELDER_ROOT_PX, systemFontSize()) : NORMAL_ROOT_PX
}

function current() {
  const elder = isElder()
  return { elder, rootFontSize: rootFontSize(elder) }
}

module.exports = { NORMAL_ROOT_PX, ELDER_ROOT_PX, STORAGE_KEY, systemFontSize, isElder, setElder, rootFontSize, current }
