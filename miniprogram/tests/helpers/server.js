// Starts the real `linli` binary (target/debug/linli, built by scripts/test before the
// mini program tests) on a free port with a temporary store, as api/tests/common does, and
// routes the mini program's wx.request / wx.uploadFile to it over real HTTP.
const { spawn } = require('child_process')
const fs = require('fs')
const os = require('os')
const path = require('path')
const http = require('http')
const readline = require('readline')

const REPO = path.join(__dirname, '..', '..', '..')
// Where cargo put it: CARGO_TARGET_DIR when set (as cargo itself honours it), else target/.
const BIN = process.env.LINLI_BIN || path.join(process.env.CARGO_TARGET_DIR ? path.resolve(REPO, process.env.CARGO_TARGET_DIR) : path.join(REPO, 'target'), 'debug', 'linli')

function start(extra = ['--dev-login']) {
  if (!fs.existsSync(BIN)) throw new Error(`${BIN} is missing: run cargo build --bin linli first`)
  const data = fs.mkdtempSync(path.join(os.tmpdir(), 'linli-mp-'))
  const child = spawn(BIN, ['serve', '--listen', '127.0.0.1:0', '--data', data, ...extra], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: Object.assign({}, process.env, { LINLI_DEV_LOGIN: '' }),
  })
  const lines = readline.createInterface({ input: child.stderr })
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('linli did not report its address in 60s')), 60000)
    child.on('exit', code => reject(new Error(`linli exited early (${code})`)))
    lines.on('line', line => {
      const m = /address=(\S+)/.exec(line)
      if (m) {
        clearTimeout(timer)
        // Keep draining stderr so the server never blocks on a full pipe.
        resolve({
          base: `http://${m[1]}`,
          stop() {
            child.kill('SIGTERM')
            fs.rmSync(data, { recursive: true, force: true })
          },
        })
      }
    })
  })
}

// Plain Node http (jsdom's globals are not Node's), JSON in and out.
function call(base, method, pathname, { body, headers } = {}) {
  return new Promise((resolve, reject) => {
    const url = new URL(pathname, base)
    const payload = body === undefined ? null : Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body))
    const req = http.request(url, { method, headers: Object.assign(payload && !Buffer.isBuffer(body) ? { 'content-type': 'application/json' } : {}, headers || {}) }, res => {
      const chunks = []
      res.on('data', c => chunks.push(c))
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8')
        let data = text
        try { data = JSON.parse(text) } catch (e) { /* not JSON: keep the text */ }
        resolve({ statusCode: res.statusCode, data, text, header: res.headers })
      })
    })
    req.on('error', reject)
    if (payload) req.write(payload)
    req.end()
  })
}

async function devLogin(base, openid) {
  const res = await call(base, 'POST', '/api/v1/auth/dev', { body: { openid } })
  if (res.statusCode !== 200) throw new Error(`dev login failed: ${res.text}`)
  return res.data.token
}

/** Makes wx.request and wx.uploadFile go to the real server. `intercept` may fake a failure. */
function wire(wx, { intercept } = {}) {
  wx.request.mockImplementation(opts => {
    const pathname = opts.url.replace(/^https?:\/\/[^/]+/, '')
    const base = opts.url.slice(0, opts.url.length - pathname.length)
    const body = opts.method && opts.method !== 'GET' ? opts.data : undefined
    call(base, opts.method || 'GET', pathname, { body, headers: opts.header })
      .then(res => (intercept ? intercept(opts, res) : res))
      .then(res => (res && res.network ? opts.fail({ errMsg: 'request:fail timeout' }) : opts.success(res)))
      .catch(err => opts.fail({ errMsg: String(err) }))
  })
  wx.uploadFile.mockImplementation(opts => {
    const boundary = `----linli${Date.now()}`
    const file = fs.readFileSync(opts.filePath)
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${opts.name}"; filename="${path.basename(opts.filePath)}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
      file,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ])
    const pathname = opts.url.replace(/^https?:\/\/[^/]+/, '')
    const base = opts.url.slice(0, opts.url.length - pathname.length)
    // wx.uploadFile hands back the body as a string, as WeChat does.
    call(base, 'POST', pathname, { body, headers: Object.assign({ 'content-type': `multipart/form-data; boundary=${boundary}` }, opts.header) })
      .then(res => opts.success({ statusCode: res.statusCode, data: res.text }))
      .catch(err => opts.fail({ errMsg: String(err) }))
  })
}

module.exports = { start, call, devLogin, wire, BIN }
