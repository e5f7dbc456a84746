#!/usr/bin/env node
/**
 * Screenshots for docs/screenshots/ (or the directory given): starts `linli serve --demo
 * --dev-login`, renders key mini-program pages to static HTML through miniprogram-simulate
 * (scripts/render-pages.js, under jest's jsdom), then photographs those pages at a 750-px
 * viewport and the live data screen at 1920×1080 with Debian's headless Chromium.
 */
const { spawnSync } = require('child_process')
const fs = require('fs')
const os = require('os')
const path = require('path')
const { chromium } = require('playwright-core')
const server = require('../tests/helpers/server')

const OUT = path.resolve(process.argv[2] || path.join(__dirname, '..', '..', 'docs', 'screenshots'))
const LAUNCH_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run']

async function main() {
  fs.mkdirSync(OUT, { recursive: true })
  const srv = await server.start(['--dev-login', '--demo'])
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'linli-shots-'))
  const htmlDir = fs.mkdtempSync(path.join(os.tmpdir(), 'linli-html-'))
  try {
    const tokens = {}
    for (const openid of ['demo-resident', 'demo-grid-worker', 'demo-auditor']) tokens[openid] = await server.devLogin(srv.base, openid)
    const jest = spawnSync(process.execPath, [require.resolve('jest/bin/jest'), '--config', path.join(__dirname, 'render.config.js')], {
      stdio: 'inherit',
      env: Object.assign({}, process.env, { RENDER_DIR: htmlDir, LINLI_BASE: srv.base, LINLI_TOKENS: JSON.stringify(tokens) }),
    })
    if (jest.status !== 0) throw new Error('rendering the mini-program pages failed')

    const context = await chromium.launchPersistentContext(profile, { executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true, args: LAUNCH_ARGS })
    const phone = await context.newPage()
    await phone.setViewportSize({ width: 750, height: 1334 })
    for (const file of fs.readdirSync(htmlDir).filter(f => f.endsWith('.html')).sort()) {
      await phone.goto(`file://${path.join(htmlDir, file)}`)
      await phone.screenshot({ path: path.join(OUT, file.replace(/\.html$/, '.png')), fullPage: false })
      console.log(`wrote ${path.join(OUT, file.replace(/\.html$/, '.png'))}`)
    }
    const wall = await context.newPage()
    await wall.setViewportSize({ width: 1920, height: 1080 })
    await wall.goto(`${srv.base}/screen?token=${tokens['demo-auditor']}`)
    await wall.waitForFunction(() => document.getElementById('live').textContent === '实时', null, { timeout: 15000 })
    await wall.waitForTimeout(1500) // let the chart animations finish
    await wall.screenshot({ path: path.join(OUT, 'data-screen.png') })
    console.log(`wrote ${path.join(OUT, 'data-screen.png')}`)
    await context.close()
  } finally {
    srv.stop()
    fs.rmSync(profile, { recursive: true, force: true })
    fs.rmSync(htmlDir, { recursive: true, force: true })
  }
}

main().catch(err => { console.error(err); process.exit(1) })
