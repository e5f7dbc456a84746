// app.json is consistent: every tabBar page is a listed page, every page's four files exist,
// every component a page uses exists.
const fs = require('fs')
const path = require('path')
const { ROOT } = require('./helpers/load')

const app = JSON.parse(fs.readFileSync(path.join(ROOT, 'app.json'), 'utf8'))

test('the tabBar is 首页 / 服务 / 互动 / 我的, each in pages', () => {
  expect(app.tabBar.list.map(t => t.text)).toEqual(['首页', '服务', '互动', '我的'])
  for (const tab of app.tabBar.list) expect(app.pages).toContain(tab.pagePath)
  expect(app.pages[0]).toBe(app.tabBar.list[0].pagePath)
})

test.each(app.pages)('%s has its .js, .json, .wxml and .wxss', page => {
  for (const ext of ['js', 'json', 'wxml', 'wxss']) {
    expect(fs.existsSync(path.join(ROOT, `${page}.${ext}`))).toBe(true)
  }
  const json = JSON.parse(fs.readFileSync(path.join(ROOT, `${page}.json`), 'utf8'))
  for (const target of Object.values(json.usingComponents || {})) {
    for (const ext of ['js', 'json', 'wxml']) expect(fs.existsSync(path.join(ROOT, `${target}.${ext}`))).toBe(true)
  }
})

test('every page directory is listed (no orphan pages)', () => {
  const found = []
  const walk = dir => fs.readdirSync(dir, { withFileTypes: true }).forEach(d => {
    const full = path.join(dir, d.name)
    if (d.isDirectory()) walk(full)
    else if (d.name.endsWith('.wxml')) found.push(path.relative(ROOT, full).replace(/\.wxml$/, ''))
  })
  walk(path.join(ROOT, 'pages'))
  expect(found.sort()).toEqual(app.pages.slice().sort())
})

test('config.js is the one place with the API base URL', () => {
  const config = require('../config')
  expect(config.apiBase).toMatch(/^https?:\/\//)
  const offenders = []
  const walk = dir => fs.readdirSync(dir, { withFileTypes: true }).forEach(d => {
    const full = path.join(dir, d.name)
    if (d.isDirectory() && !['node_modules', 'tests', 'scripts'].includes(d.name)) walk(full)
    else if (d.name.endsWith('.js') && full !== path.join(ROOT, 'config.js') && /https?:\/\//.test(fs.readFileSync(full, 'utf8'))) offenders.push(full)
  })
  walk(ROOT)
  expect(offenders).toEqual([])
})
