// Every WXML file compiles with WeChat's official compiler (wcc, from miniprogram-compiler),
// each on its own so a failure names the file, and all together as the app is built.
const path = require('path')
const fs = require('fs')
const { wxmlToJs, wxssToJs } = require('miniprogram-compiler')
const { ROOT } = require('./helpers/load')

function files(ext) {
  const out = []
  const walk = dir => fs.readdirSync(dir, { withFileTypes: true }).forEach(d => {
    const full = path.join(dir, d.name)
    if (d.isDirectory() && d.name !== 'node_modules' && d.name !== 'tests') walk(full)
    else if (d.name.endsWith(ext)) out.push(path.relative(ROOT, full))
  })
  walk(ROOT)
  return out.sort()
}

const wxml = files('.wxml')

test('there are WXML files to compile', () => {
  expect(wxml.length).toBeGreaterThanOrEqual(14)
})

test.each(wxml)('%s compiles with wcc', file => {
  const source = wxmlToJs(ROOT, { wxmlList: [file], wxsList: [] })
  const gwx = new Function(source)()
  expect(typeof gwx(file)).toBe('function')
})

test('the whole app compiles with wcc and wcsc together', () => {
  expect(() => new Function(wxmlToJs(ROOT))()).not.toThrow()
  expect(() => wxssToJs(ROOT)).not.toThrow()
})

test('wcc rejects broken markup (the check is real)', () => {
  const dir = fs.mkdtempSync(path.join(require('os').tmpdir(), 'wxml-'))
  fs.writeFileSync(path.join(dir, 'bad.wxml'), '<view><text>unclosed</view>')
  expect(() => wxmlToJs(dir, { wxmlList: ['bad.wxml'], wxsList: [] })).toThrow()
})
