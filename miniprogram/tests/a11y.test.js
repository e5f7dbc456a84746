// 适老化 checks, read from the sources themselves: contrast of every colour pair the WXSS
// uses, font sizes and tap targets in elder mode (rem × the elder root size), aria on every
// view that acts as a button, and elder mode following WeChat's font setting.
const fs = require('fs')
const path = require('path')
const { ROOT } = require('./helpers/load')
const { createWx } = require('./helpers/wx')

const APP_WXSS = fs.readFileSync(path.join(ROOT, 'app.wxss'), 'utf8')

// --- a tiny WXSS reader: rules as {selectors, decls} with var() resolved ------------------
function rules(css) {
  const out = []
  const stripped = css.replace(/\/\*[\s\S]*?\*\//g, '')
  const re = /([^{}]+)\{([^{}]*)\}/g
  let m
  while ((m = re.exec(stripped))) {
    const decls = {}
    m[2].split(';').forEach(d => {
      const i = d.indexOf(':')
      if (i > 0) decls[d.slice(0, i).trim()] = d.slice(i + 1).trim()
    })
    out.push({ selectors: m[1].split(',').map(s => s.trim()), decls })
  }
  return out
}
const ALL = rules(APP_WXSS)
const VARS = ALL.find(r => r.selectors.includes('page')).decls
const resolve = v => (v || '').replace(/var\((--[\w-]+)\)/g, (_, name) => VARS[name])

// --- WCAG 2.x contrast -------------------------------------------------------------------
function luminance(hex) {
  const h = hex.replace('#', '')
  const full = h.length === 3 ? h.split('').map(c => c + c).join('') : h
  const [r, g, b] = [0, 2, 4].map(i => parseInt(full.slice(i, i + 2), 16) / 255)
    .map(c => (c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4)))
  return 0.2126 * r + 0.7152 * g + 0.0722 * b
}
function contrast(a, b) {
  const [l1, l2] = [luminance(a), luminance(b)].sort((x, y) => y - x)
  return (l1 + 0.05) / (l2 + 0.05)
}

describe('contrast ≥ 4.5:1', () => {
  test('the formula matches known values', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5)
    expect(contrast('#777777', '#ffffff')).toBeLessThan(4.5)
  })

  // Every rule that sets a text colour: against its own background when it sets one,
  // otherwise against both surfaces text can sit on (cards and the page).
  const pairs = []
  ALL.forEach(r => {
    const color = resolve(r.decls.color)
    if (!/^#[0-9a-f]{3,6}$/i.test(color)) return
    const bg = resolve(r.decls['background-color'])
    const backgrounds = /^#[0-9a-f]{3,6}$/i.test(bg) ? [bg] : [VARS['--bg-card'], VARS['--bg-page']]
    backgrounds.forEach(b => pairs.push([r.selectors.join(','), color, b]))
  })
  const app = JSON.parse(fs.readFileSync(path.join(ROOT, 'app.json'), 'utf8'))
  pairs.push(['tabBar', app.tabBar.color, app.tabBar.backgroundColor])
  pairs.push(['tabBar selected', app.tabBar.selectedColor, app.tabBar.backgroundColor])
  pairs.push(['navigation bar', '#ffffff', app.window.navigationBarBackgroundColor])

  test('there are pairs to check', () => expect(pairs.length).toBeGreaterThan(30))
  test.each(pairs)('%s: %s on %s', (_, fg, bg) => {
    expect(contrast(fg, bg)).toBeGreaterThanOrEqual(4.5)
  })
})

describe('elder-mode sizes', () => {
  const elder = require('../utils/elder')
  const ELDER_PX = elder.ELDER_ROOT_PX
  const rem = v => {
    const m = /^([\d.]+)rem$/.exec(v || '')
    return m ? Number(m[1]) : NaN
  }

  test('the elder root is at least 20px, so 0.9rem ≥ 18px and 3rem ≥ 60px', () => {
    expect(ELDER_PX).toBeGreaterThanOrEqual(20)
  })

  test('every font-size in every WXSS file is in rem and ≥ 18px in elder mode', () => {
    const sizes = []
    const walk = dir => fs.readdirSync(dir, { withFileTypes: true }).forEach(d => {
      const full = path.join(dir, d.name)
      if (d.isDirectory() && d.name !== 'node_modules') walk(full)
      else if (d.name.endsWith('.wxss')) rules(fs.readFileSync(full, 'utf8')).forEach(r => {
        if (r.decls['font-size']) sizes.push([full, r.selectors.join(','), r.decls['font-size']])
      })
    })
    walk(ROOT)
    expect(sizes.length).toBeGreaterThan(10)
    for (const [file, selector, size] of sizes) {
      expect({ file, selector, px: rem(size) * ELDER_PX }).toEqual({ file, selector, px: expect.any(Number) })
      expect(rem(size) * ELDER_PX).toBeGreaterThanOrEqual(18)
    }
    // Body text itself is 1rem.
    expect(rem(ALL.find(r => r.selectors.includes('page')).decls['font-size'])).toBe(1)
  })

  // Every class a tappable element in the WXML carries that gives it its size.
  const TAP_CLASSES = ['btn', 'entry', 'chip', 'star', 'link-row', 'list-item', 'photo-remove', 'picker', 'input', 'switch-row']
  test.each(TAP_CLASSES)('.%s is at least 60×60 in elder mode', cls => {
    const rule = ALL.find(r => r.selectors.includes(`.${cls}`) && r.decls['min-height'])
    expect(rule).toBeDefined()
    expect(rem(rule.decls['min-height']) * ELDER_PX).toBeGreaterThanOrEqual(60)
    expect(rem(rule.decls['min-width']) * ELDER_PX).toBeGreaterThanOrEqual(60)
  })

  test('every bindtap element is a labelled button with a tap-target class, and every icon has words', () => {
    const problems = []
    const walk = dir => fs.readdirSync(dir, { withFileTypes: true }).forEach(d => {
      const full = path.join(dir, d.name)
      if (d.isDirectory() && d.name !== 'node_modules') walk(full)
      else if (d.name.endsWith('.wxml')) {
        const src = fs.readFileSync(full, 'utf8')
        for (const m of src.matchAll(/<(\w[\w-]*)\s[^>]*bind(?:tap)="[^"]+"[^>]*>/g)) {
          const tag = m[0]
          if (!/aria-role="[^"]+"/.test(tag)) problems.push(`${full}: no aria-role: ${tag}`)
          if (!/aria-label="[^"]+"/.test(tag)) problems.push(`${full}: no aria-label: ${tag}`)
          const classes = ((/class="([^"]*)"/.exec(tag) || [])[1] || '').split(/\s+/)
          if (!classes.some(c => TAP_CLASSES.includes(c) || /\{\{/.test(c))) problems.push(`${full}: no tap-target class: ${tag}`)
        }
        // Decorative glyphs are hidden from screen readers and never alone in their element.
        for (const m of src.matchAll(/<view[^>]*>\s*<text[^>]*aria-hidden="true"[^>]*>[^<]*<\/text>\s*<\/view>/g)) {
          problems.push(`${full}: an icon with no words after it: ${m[0]}`)
        }
      }
    })
    walk(ROOT)
    expect(problems).toEqual([])
  })
})

test('every switch sits in a <label class="switch-row">, so the whole row is the tap target', () => {
  const problems = []
  const walk = dir => fs.readdirSync(dir, { withFileTypes: true }).forEach(d => {
    const full = path.join(dir, d.name)
    if (d.isDirectory() && d.name !== 'node_modules') walk(full)
    else if (d.name.endsWith('.wxml')) {
      const src = fs.readFileSync(full, 'utf8')
      for (const m of src.matchAll(/<switch\b/g)) {
        const before = src.slice(0, m.index)
        const open = before.lastIndexOf('<label class="switch-row">')
        if (open < 0 || before.lastIndexOf('</label>') > open) problems.push(`${full}: a switch outside label.switch-row`)
      }
    }
  })
  walk(ROOT)
  expect(problems).toEqual([])
})

describe('elder mode follows WeChat and the switch', () => {
  function elderWith(fontSizeSetting, manual) {
    jest.resetModules()
    global.wx = createWx()
    global.wx.getAppBaseInfo.mockReturnValue({ fontSizeSetting })
    if (manual) global.wx.setStorageSync('linli.elder', manual)
    return require('../utils/elder').current()
  }
  test('standard WeChat font: normal mode at 16px', () => {
    expect(elderWith(16)).toEqual({ elder: false, rootFontSize: 16 })
  })
  test('large WeChat font: elder mode, at least 20px, following a larger setting', () => {
    expect(elderWith(19)).toEqual({ elder: true, rootFontSize: 20 })
    expect(elderWith(24)).toEqual({ elder: true, rootFontSize: 24 })
  })
  test('the manual switch wins either way', () => {
    expect(elderWith(16, 'on')).toEqual({ elder: true, rootFontSize: 20 })
    expect(elderWith(24, 'off')).toEqual({ elder: false, rootFontSize: 16 })
  })
  test('falls back to getSystemInfoSync on older base libraries', () => {
    jest.resetModules()
    global.wx = createWx({ getAppBaseInfo: undefined })
    global.wx.getSystemInfoSync.mockReturnValue({ fontSizeSetting: 20 })
    expect(require('../utils/elder').current()).toEqual({ elder: true, rootFontSize: 20 })
  })
})
