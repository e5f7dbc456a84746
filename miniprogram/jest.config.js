// miniprogram-simulate renders components into a DOM, so tests run under jsdom.
module.exports = {
  testEnvironment: 'jsdom',
  testMatch: ['<rootDir>/tests/**/*.test.js'],
  // The real-server suite starts linli; give it room on a 2-core machine.
  testTimeout: 30000,
}
