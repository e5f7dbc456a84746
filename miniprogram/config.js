// The one place the API's address is set. A release build points this at the production
// host (it must also be listed as a legal request domain in the mini program console);
// tests replace it with the address of the linli server they start.
module.exports = {
  apiBase: 'http://127.0.0.1:8080',
}
