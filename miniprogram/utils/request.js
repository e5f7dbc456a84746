// Every call to the linli API goes through here: the bearer token, an Idempotency-Key on
// every command, the server's one error shape, and a single re-login on 401.
const config = require('../config')
const { newKey } = require('./idempotency')
const { ApiError, fromResponse } = require('./errors')

const TOKEN_KEY = 'linli.token'

function getToken() {
  return wx.getStorageSync(TOKEN_KEY) || ''
}

function setToken(token) {
  wx.setStorageSync(TOKEN_KEY, token)
}

function clearToken() {
  wx.removeStorageSync(TOKEN_KEY)
}

function rawRequest(method, url, data, header) {
  return new Promise((resolve, reject) => {
    wx.request({
      url,
      method,
      data,
      header,
      dataType: 'json',
      success: res => resolve(res),
      fail: err => reject(new ApiError(0, 'network', (err && err.errMsg) || 'request failed', null)),
    })
  })
}

// wx.login → POST /api/v1/auth/wechat → token in storage. Concurrent 401s share one login.
let loginInFlight = null
function login() {
  if (loginInFlight) return loginInFlight
  loginInFlight = new Promise((resolve, reject) => {
    wx.login({
      success: ({ code }) => resolve(code),
      fail: err => reject(new ApiError(0, 'auth.wechat_unavailable', (err && err.errMsg) || 'wx.login failed', null)),
    })
  })
    .then(code => rawRequest('POST', `${config.apiBase}/api/v1/auth/wechat`, { code }, { 'content-type': 'application/json' }))
    .then(res => {
      if (res.statusCode !== 200) throw fromResponse(res.statusCode, res.data)
      setToken(res.data.token)
      return res.data
    })
  const done = () => { loginInFlight = null }
  loginInFlight.then(done, done)
  return loginInFlight
}

function query(params) {
  const pairs = Object.keys(params || {})
    .filter(k => params[k] !== undefined && params[k] !== null && params[k] !== '')
    .map(k => `${encodeURIComponent(k)}=${encodeURIComponent(params[k])}`)
  return pairs.length ? `?${pairs.join('&')}` : ''
}

/**
 * request({method, path, data, params, idempotencyKey}) → Promise of the body.
 * Commands (anything but GET) always carry an Idempotency-Key: the caller's, when it must
 * survive retries across taps (the complaint form), or a fresh one made here, which is
 * reused for the automatic retry after re-login.
 */
function request({ method = 'GET', path, data, params, idempotencyKey }) {
  const isCommand = method !== 'GET'
  const key = isCommand ? (idempotencyKey || newKey('cmd')) : null
  const url = `${config.apiBase}${path}${query(params)}`
  const send = () => {
    const header = { 'content-type': 'application/json' }
    const token = getToken()
    if (token) header.Authorization = `Bearer ${token}`
    if (key) header['Idempotency-Key'] = key
    return rawRequest(method, url, isCommand ? (data || {}) : data, header)
  }
  return send().then(res => {
    if (res.statusCode === 401) {
      clearToken()
      return login().then(send)
    }
    return res
  }).then(res => {
    if (res.statusCode >= 200 && res.statusCode < 300) return res.data
    throw fromResponse(res.statusCode, res.data)
  })
}

/** Uploads one local file as multipart field `file` to POST /api/v1/media → MediaMeta. */
function uploadFile(filePath) {
  const send = () => new Promise((resolve, reject) => {
    const token = getToken()
    wx.uploadFile({
      url: `${config.apiBase}/api/v1/media`,
      filePath,
      name: 'file',
      header: token ? { Authorization: `Bearer ${token}` } : {},
      success: res => resolve(res),
      fail: err => reject(new ApiError(0, 'network', (err && err.errMsg) || 'upload failed', null)),
    })
  })
  return send().then(res => {
    if (res.statusCode === 401) {
      clearToken()
      return login().then(send)
    }
    return res
  }).then(res => {
    if (res.statusCode >= 200 && res.statusCode < 300) {
      return typeof res.data === 'string' ? JSON.parse(res.data) : res.data
    }
    throw fromResponse(res.statusCode, res.data)
  })
}

const get = (path, params) => request({ method: 'GET', path, params })
const post = (path, data, idempotencyKey) => request({ method: 'POST', path, data, idempotencyKey })

module.exports = { request, get, post, uploadFile, login, getToken, setToken, clearToken, TOKEN_KEY }
