// Paging shared by the lists (my complaints, the cadre queue, services, orders, inbox …): the server returns
// {items, next}; `next` is the cursor for the following page, null on the last one.
const { get } = require('./request')
const { displayMessage } = require('./errors')

/**
 * load(page, {reset}) fills page.data.items/next/loading/error/finished using
 * page.listPath, page.listParams() and page.mapItem(item).
 */
function load(page, reset) {
  if (page.data.loading) return Promise.resolve()
  if (!reset && page.data.finished) return Promise.resolve()
  // No `limit`: the server's default page (20) is what we want, and its query parser
  // currently rejects a numeric `limit` (see the real-server test).
  const params = Object.assign({}, page.listParams ? page.listParams() : {})
  if (!reset && page.data.next) params.cursor = page.data.next
  page.setData({ loading: true, error: '' })
  return get(page.listPath, params).then(res => {
    const mapped = (res.items || []).map(item => page.mapItem(item))
    page.setData({
      items: reset ? mapped : page.data.items.concat(mapped),
      next: res.next || null,
      finished: !res.next,
      loading: false,
      loaded: true,
    })
    // Lists whose answer carries more than the page (the inbox's unread count) read it here.
    if (page.onPage) page.onPage(res)
  }).catch(err => {
    page.setData({ loading: false, loaded: true, error: displayMessage(err) })
  })
}

module.exports = { load, listData: { items: [], next: null, loading: false, loaded: false, finished: false, error: '' } }
