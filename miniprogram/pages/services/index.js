// 服务 tab: the catalogue of bookable life services by category, keyword and price cap;
// pull down to refresh, scroll down for more; a tap opens the service to reserve it.
const elder = require('../../behaviors/elder')
const list = require('../../utils/paged-list')
const { SERVICE_CATEGORIES, PRICE_CAPS, serviceCategoryLabel, yuan } = require('../../utils/services')

Component({
  behaviors: [elder],
  data: Object.assign({
    categories: [{ value: '', label: '全部' }].concat(SERVICE_CATEGORIES),
    category: '',
    keyword: '',
    priceCaps: PRICE_CAPS.map(p => p.label),
    priceIndex: 0,
  }, list.listData),
  methods: {
    onLoad() {
      this.listPath = '/api/v1/services'
      return this.reload()
    },
    listParams() {
      const params = {}
      if (this.data.category) params.category = this.data.category
      if (this.data.keyword.trim()) params.keyword = this.data.keyword.trim()
      const cap = PRICE_CAPS[this.data.priceIndex].fen
      if (cap) params.max_price = cap
      return params
    },
    mapItem(s) {
      return {
        id: s.id,
        name: s.name,
        provider: s.provider_name,
        category: serviceCategoryLabel(s.category),
        price: yuan(s.price),
        rating: s.average_rating ? s.average_rating.toFixed(1) : '',
        ratings: s.ratings,
      }
    },
    reload() { return list.load(this, true) },
    onPullDownRefresh() { return this.reload().then(() => wx.stopPullDownRefresh()) },
    onReachBottom() { return list.load(this, false) },
    pickCategory(e) {
      this.setData({ category: e.currentTarget.dataset.value })
      return this.reload()
    },
    onKeywordInput(e) { this.setData({ keyword: e.detail.value }) },
    search() { return this.reload() },
    onPriceChange(e) {
      this.setData({ priceIndex: Number(e.detail.value) })
      return this.reload()
    },
    open(e) { wx.navigateTo({ url: `/pages/services/detail/index?id=${e.currentTarget.dataset.id}` }) },
    openOrders() { wx.navigateTo({ url: '/pages/orders/mine/index' }) },
  },
})
