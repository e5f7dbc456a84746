// screen/dist (compiled into linli) is exactly what `npm run build` makes from screen/src.
const { test } = require('node:test')
const assert = require('node:assert/strict')
const { spawnSync } = require('child_process')
const path = require('path')

test('the committed bundle matches a fresh build', () => {
  const run = spawnSync(process.execPath, [path.join(__dirname, '..', 'build.js'), '--check'], { encoding: 'utf8' })
  assert.equal(run.status, 0, run.stderr + run.stdout)
})
