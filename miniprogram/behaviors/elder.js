// Shared by every page: keeps `elder` and `rootFontSize` current, so a page re-reads the
// setting when shown again (after the switch on 我的 was flipped, or WeChat's font changed).
const elder = require('../utils/elder')

module.exports = Behavior({
  data: elder.current(),
  lifetimes: {
    attached() { this.refreshElder() },
  },
  // A page built with Component gets its page events as methods (onShow); pageLifetimes
  // covers the same when the behaviour is used inside a component. A page that defines its
  // own onShow calls refreshElder itself.
  pageLifetimes: {
    show() { this.refreshElder() },
  },
  methods: {
    onShow() { this.refreshElder() },
    refreshElder() {
      const now = elder.current()
      if (now.elder !== this.data.elder || now.rootFontSize !== this.data.rootFontSize) this.setData(now)
    },
  },
})
