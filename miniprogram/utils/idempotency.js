// Idempotency-Key values: random, printable ASCII, ≤128 chars (the server's rule).
// A command's key is made once per user action and reused on every retry of that action,
// so the server files a complaint once however often the network makes us resend.
function newKey(prefix) {
  const random = () => Math.floor(Math.random() * 0x100000000).toString(16).padStart(8, '0')
  return `${prefix || 'mp'}-${Date.now().toString(36)}-${random()}${random()}`
}

module.exports = { newKey }
