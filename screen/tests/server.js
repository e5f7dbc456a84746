// Starts the real `linli serve --demo --dev-login` on a free port with a temporary store.
const { spawn } = require('child_process')
const fs = require('fs')
const os = require('os')
const path = require('path')
const readline = require('readline')

const REPO = path.join(__dirname, '..', '..')
// Where cargo put it: CARGO_TARGET_DIR when set (as cargo itself honours it), else target/.
const BIN = process.env.LINLI_BIN || path.join(process.env.CARGO_TARGET_DIR ? path.resolve(REPO, process.env.CARGO_TARGET_DIR) : path.join(REPO, 'target'), 'debug', 'linli')

function start() {
  if (!fs.existsSync(BIN)) throw new Error(`${BIN} is missing: run cargo build --bin linli first`)
  const data = fs.mkdtempSync(path.join(os.tmpdir(), 'linli-screen-'))
  const child = spawn(BIN, ['serve', '--listen', '127.0.0.1:0', '--data', data, '--demo', '--dev-login'], { stdio: ['ignore', 'ignore', 'pipe'] })
  const lines = readline.createInterface({ input: child.stderr })
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('linli did not report its address in 60s')), 60000)
    child.on('exit', code => reject(new Error(`linli exited early (${code})`)))
    lines.on('line', line => {
      const m = /address=(\S+)/.exec(line)
      if (!m) return
      clearTimeout(timer)
      resolve({
        base: `http://${m[1]}`,
        stop() { child.kill('SIGTERM'); fs.rmSync(data, { recursive: true, force: true }) },
      })
    })
  })
}

async function api(base, method, pathname, { token, body, key } = {}) {
  const headers = { 'content-type': 'application/json' }
  if (token) headers.Authorization = `Bearer ${token}`
  if (key) headers['Idempotency-Key'] = key
  const res = await fetch(base + pathname, { method, headers, body: body ? JSON.stringify(body) : undefined })
  const data = await res.json().catch(() => null)
  if (!res.ok) throw new Error(`${method} ${pathname}: ${res.status} ${JSON.stringify(data)}`)
  return data
}

const login = async (base, openid) => (await api(base, 'POST', '/api/v1/auth/dev', { body: { openid } })).token

module.exports = { start, api, login, BIN }
