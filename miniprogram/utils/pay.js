// Paying an order: the server places the WeChat Pay order and answers with signed
// parameters, which go to wx.requestPayment unchanged. The server learns of the payment
// from WeChat's notification, not from the phone, so success here only means "sent".
const { post } = require('./request')
const { newKey } = require('./idempotency')
const { ApiError } = require('./errors')

/** Resolves when the payment sheet reports success; rejects with an ApiError otherwise. */
function payOrder(orderId) {
  return post(`/api/v1/orders/${orderId}/pay`, {}, newKey('pay')).then(answer => new Promise((resolve, reject) => {
    const p = answer.request_payment
    wx.requestPayment({
      timeStamp: p.timeStamp,
      nonceStr: p.nonceStr,
      package: p.package,
      signType: p.signType,
      paySign: p.paySign,
      success: () => resolve(answer),
      fail: err => {
        const cancelled = /cancel/.test((err && err.errMsg) || '')
        reject(new ApiError(0, cancelled ? 'pay.cancelled' : 'pay.failed', (err && err.errMsg) || 'requestPayment failed', null))
      },
    })
  }))
}

module.exports = { payOrder }
