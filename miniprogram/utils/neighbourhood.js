// Neighbourhood (邻里) helpers: residents post in the community that holds their registered
// home grid, so the community code is read from /api/v1/me (grid code minus its -Gnnn).
const { get } = require('./request')
const { ApiError } = require('./errors')
const { yuan } = require('./services')

let me = null

/** Resolves to {id, community}; rejects when the user has no registered home. */
function whoAmI() {
  if (me) return Promise.resolve(me)
  return get('/api/v1/me').then(profile => {
    if (!profile.home_grid) throw new ApiError(0, 'neighbourhood.no_home', 'no registered home grid', null)
    me = { id: profile.id, community: String(profile.home_grid).split('-')[0] }
    return me
  })
}

const ACTIVITY_STATUSES = { open: '报名中', full: '名额已满（可候补）', cancelled: '已取消' }
const LISTING_STATUSES = { listed: '在售', reserved: '已预留', exchanged: '已成交', withdrawn: '已下架' }
const HELP_STATUSES = { posted: '等人帮忙', offered: '有人帮忙了', done: '已解决', cancelled: '已取消' }

/** "0" or "" is free; otherwise yuan with at most two decimals → fen. NaN when not a price. */
function fenOf(text) {
  const t = String(text || '').trim()
  if (!t) return 0
  if (!/^\d+(\.\d{1,2})?$/.test(t)) return NaN
  return Math.round(Number(t) * 100)
}
const priceText = fen => (fen ? `¥${yuan(fen)}` : '免费赠送')

module.exports = { whoAmI, ACTIVITY_STATUSES, LISTING_STATUSES, HELP_STATUSES, fenOf, priceText, _reset: () => { me = null } }
