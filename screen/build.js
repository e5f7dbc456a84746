// Builds the data screen into dist/: one JS bundle (ECharts included, tree-shaken), the
// page and its stylesheet. dist/ is committed and compiled into `linli` with include_str!,
// so a fresh clone serves /screen with no Node; `node build.js --check` (run by
// scripts/test) rebuilds in memory and fails if dist/ is not exactly what the sources
// produce. See docs/adr/0004-data-screen-assets.md.
const fs = require('fs')
const path = require('path')
const esbuild = require('esbuild')

const SRC = path.join(__dirname, 'src')
const DIST = path.join(__dirname, 'dist')

async function build() {
  const result = await esbuild.build({
    entryPoints: [path.join(SRC, 'main.js')],
    bundle: true,
    minify: true,
    format: 'iife',
    target: 'es2020',
    legalComments: 'none',
    charset: 'utf8',
    write: false,
    // Deterministic output: no absolute paths, no timestamps.
    absWorkingDir: __dirname,
    sourcemap: false,
  })
  return {
    'screen.js': result.outputFiles[0].text,
    'index.html': fs.readFileSync(path.join(SRC, 'index.html'), 'utf8'),
    'screen.css': fs.readFileSync(path.join(SRC, 'screen.css'), 'utf8'),
  }
}

async function main() {
  const files = await build()
  if (process.argv.includes('--check')) {
    const stale = Object.keys(files).filter(name => {
      const file = path.join(DIST, name)
      return !fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== files[name]
    })
    if (stale.length) {
      console.error(`screen/dist is out of date (${stale.join(', ')}): run \`npm run build\` in screen/ and commit dist/`)
      process.exit(1)
    }
    console.log(`screen/dist matches the sources (${Object.keys(files).join(', ')})`)
    return
  }
  fs.mkdirSync(DIST, { recursive: true })
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(DIST, name), text)
  console.log(`built ${Object.keys(files).map(n => `dist/${n} (${Buffer.byteLength(files[n])} bytes)`).join(', ')}`)
}

main().catch(err => { console.error(err); process.exit(1) })
