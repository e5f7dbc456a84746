// utils/request.js: bearer token, Idempotency-Key on commands, the error shape, one re-login.
const { createWx, routeRequests } = require('./helpers/wx')

function setup(handler) {
  jest.resetModules()
  global.wx = createWx()
  routeRequests(global.wx, handler)
  return require('../utils/request')
}

test('GET carries the bearer token and no Idempotency-Key', async () => {
  const seen = []
  const r = setup((m, p, d, h) => { seen.push(h); return { statusCode: 200, data: { ok: 1 } } })
  r.setToken('lnl_abc')
  await expect(r.get('/api/v1/me')).resolves.toEqual({ ok: 1 })
  expect(seen[0].Authorization).toBe('Bearer lnl_abc')
  expect(seen[0]['Idempotency-Key']).toBeUndefined()
})

test('every command carries an Idempotency-Key: the caller’s, or a fresh printable one', async () => {
  const keys = []
  const r = setup((m, p, d, h) => { keys.push(h['Idempotency-Key']); return { statusCode: 200, data: {} } })
  await r.post('/api/v1/complaints/x/confirm', {}, 'my-key-1')
  await r.post('/api/v1/complaints/x/accept', {})
  await r.post('/api/v1/complaints/x/accept', {})
  expect(keys[0]).toBe('my-key-1')
  expect(keys[1]).toMatch(/^[\x21-\x7e]{1,128}$/)
  expect(keys[1]).not.toBe(keys[2])
})

test('the query string skips empty parameters and encodes the rest', async () => {
  const paths = []
  const r = setup((m, p) => { paths.push(p); return { statusCode: 200, data: {} } })
  await r.get('/api/v1/complaints/mine', { after: 12, cursor: 'a b', status: '' })
  expect(paths[0]).toBe('/api/v1/complaints/mine?after=12&cursor=a%20b')
})

test('errors come back as ApiError with code, message and a Chinese display text', async () => {
  const r = setup(() => ({ statusCode: 409, data: { error: { code: 'complaint.invalid_transition', message: 'cannot confirm in status assigned', details: null } } }))
  const err = await r.post('/api/v1/complaints/x/confirm', {}).catch(e => e)
  expect(err.status).toBe(409)
  expect(err.code).toBe('complaint.invalid_transition')
  expect(err.display).toContain('当前状态不能进行此操作')
})

test('a body that is not the error shape still becomes an ApiError', async () => {
  const r = setup(() => ({ statusCode: 502, data: '<html>bad gateway</html>' }))
  const err = await r.get('/api/v1/me').catch(e => e)
  expect(err.code).toBe('internal')
  expect(err.display).toBe('系统出了点问题，请稍后再试')
})

test('network failures say so in Chinese', async () => {
  const r = setup(() => ({ network: true }))
  const err = await r.get('/api/v1/me').catch(e => e)
  expect(err.code).toBe('network')
  expect(err.display).toContain('网络')
})

test('on 401: wx.login → POST /auth/wechat → new token stored → the request retried once with the same key', async () => {
  const calls = []
  const r = setup((m, p, d, h) => {
    calls.push([m, p, h.Authorization, h['Idempotency-Key'], d])
    if (p === '/api/v1/auth/wechat') return { statusCode: 200, data: { token: 'lnl_new', user: {} } }
    if (h.Authorization === 'Bearer lnl_new') return { statusCode: 200, data: { done: true } }
    return { statusCode: 401, data: { error: { code: 'auth.expired', message: 'expired', details: null } } }
  })
  r.setToken('lnl_old')
  await expect(r.post('/api/v1/complaints/x/confirm', {}, 'k-1')).resolves.toEqual({ done: true })
  expect(calls.map(c => c[1])).toEqual(['/api/v1/complaints/x/confirm', '/api/v1/auth/wechat', '/api/v1/complaints/x/confirm'])
  expect(calls[1][4]).toEqual({ code: 'code-from-wx-login' })
  expect(calls[0][3]).toBe('k-1')
  expect(calls[2][3]).toBe('k-1')
  expect(r.getToken()).toBe('lnl_new')
})

test('a second 401 after re-login is reported, not looped', async () => {
  let n = 0
  const r = setup((m, p) => {
    n++
    if (p === '/api/v1/auth/wechat') return { statusCode: 200, data: { token: 'lnl_new' } }
    return { statusCode: 401, data: { error: { code: 'auth.invalid_token', message: 'no', details: null } } }
  })
  const err = await r.get('/api/v1/me').catch(e => e)
  expect(err.status).toBe(401)
  expect(err.display).toBe('登录已过期，请重新登录')
  expect(n).toBe(3)
})

test('a failed WeChat login surfaces its error', async () => {
  const r = setup((m, p) => (p === '/api/v1/auth/wechat'
    ? { statusCode: 503, data: { error: { code: 'auth.wechat_unavailable', message: 'down', details: null } } }
    : { statusCode: 401, data: { error: { code: 'auth.missing_token', message: 'no', details: null } } }))
  const err = await r.get('/api/v1/me').catch(e => e)
  expect(err.code).toBe('auth.wechat_unavailable')
})

test('uploadFile sends field `file` with the token and parses the string body', async () => {
  jest.resetModules()
  global.wx = createWx()
  global.wx.uploadFile.mockImplementation(o => o.success({ statusCode: 201, data: JSON.stringify({ id: 'm1', kind: 'photo' }) }))
  const r = require('../utils/request')
  r.setToken('lnl_t')
  await expect(r.uploadFile('wxfile://a.jpg')).resolves.toEqual({ id: 'm1', kind: 'photo' })
  const opts = global.wx.uploadFile.mock.calls[0][0]
  expect(opts.name).toBe('file')
  expect(opts.url).toMatch(/\/api\/v1\/media$/)
  expect(opts.header.Authorization).toBe('Bearer lnl_t')
})

test('uploadFile reports a rejected file in the error shape', async () => {
  jest.resetModules()
  global.wx = createWx()
  global.wx.uploadFile.mockImplementation(o => o.success({ statusCode: 415, data: JSON.stringify({ error: { code: 'media.unsupported_type', message: 'no', details: null } }) }))
  const r = require('../utils/request')
  const err = await r.uploadFile('wxfile://a.txt').catch(e => e)
  expect(err.display).toBe('不支持这种文件格式')
})
