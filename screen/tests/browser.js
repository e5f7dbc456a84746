// Debian's headless Chromium through playwright-core, with a fresh profile each time.
const fs = require('fs')
const os = require('os')
const path = require('path')
const { chromium } = require('playwright-core')

async function launch(viewport) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'linli-chromium-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    viewport: viewport || { width: 1920, height: 1080 },
  })
  return {
    context,
    async close() {
      await context.close()
      fs.rmSync(profile, { recursive: true, force: true })
    },
  }
}

module.exports = { launch }
