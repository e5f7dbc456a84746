// Loads a page or component of the mini program through miniprogram-simulate, with the
// official WXML compiler, the app's global components, and a fresh module registry each
// time (jest.resetModules), so no page's state leaks into the next test.
const path = require('path')
const fs = require('fs')

const ROOT = path.join(__dirname, '..', '..')
const APP = JSON.parse(fs.readFileSync(path.join(ROOT, 'app.json'), 'utf8'))

function load(relPath, { wx, options, apiBase } = {}) {
  jest.resetModules()
  global.wx = wx || require('./wx').createWx()
  // The fresh registry's config is the one the page will require.
  if (apiBase) require(path.join(ROOT, 'config')).apiBase = apiBase
  const simulate = require('miniprogram-simulate')
  const id = simulate.load(path.join(ROOT, relPath), { rootPath: ROOT })
  const comp = simulate.render(id)
  const parent = document.createElement('parent-wrapper')
  document.body.appendChild(parent)
  comp.attach(parent)
  const ready = comp.instance.onLoad ? Promise.resolve(comp.instance.onLoad(options || {})) : Promise.resolve()
  return { comp, simulate, wx: global.wx, ready }
}

// Lets the promises and timers the page started run, so setData has reached the DOM.
async function settle(simulate) {
  for (let i = 0; i < 5; i++) await simulate.sleep(0)
}

function text(comp) {
  return comp.dom.textContent.replace(/\s+/g, ' ')
}

// The app's own components (each used with class c-<tag>, since the simulator selects by
// class): querySelectorAll stops at their boundary, so `nodes` walks in.
const COMPONENT_TAGS = ['entry-button', 'empty-state', 'error-tip']

/** Simulator node wrappers matching `selector`, in the page and inside its components. */
function nodes(comp, selector) {
  const found = comp.querySelectorAll(selector).slice()
  COMPONENT_TAGS.forEach(tag => comp.querySelectorAll(`.c-${tag}`).forEach(child => found.push(...nodes(child, selector))))
  return found
}

// Taps the element with this id (the simulator keeps ids but drops aria-* from its DOM;
// the a11y test checks aria-* in the WXML source instead).
// Resolves once the handler has run (the simulator delivers events asynchronously).
async function tap(comp, id) {
  const hit = nodes(comp, `#${id}`)[0]
  if (!hit) throw new Error(`nothing with id ${id} on the page`)
  hit.dispatchEvent('tap')
  for (let i = 0; i < 3; i++) await new Promise(r => setTimeout(r, 0))
}

module.exports = { load, settle, text, tap, nodes, ROOT, APP }
