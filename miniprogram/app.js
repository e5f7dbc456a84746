// Signs in quietly at launch when there is no token yet; every request re-logs in on 401
// anyway, so a failure here only means the first request does it.
const { login, getToken } = require('./utils/request')

App({
  onLaunch() {
    if (!getToken()) login().catch(() => {})
  },
})
