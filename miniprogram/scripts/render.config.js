// Jest config for the screenshot renderer only (pages → static HTML under jsdom).
module.exports = {
  rootDir: '..',
  testEnvironment: 'jsdom',
  testMatch: ['<rootDir>/scripts/render-pages.js'],
  testTimeout: 120000,
}
