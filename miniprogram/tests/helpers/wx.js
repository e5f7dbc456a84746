// A stand-in for the `wx` global: in-memory storage, and jest mocks for every API the
// pages call, each answering through its callbacks as WeChat does. Tests override the
// parts they care about (wx.request is routed either to canned answers or to a real server).
function createWx(overrides = {}) {
  const storage = {}
  const recorderHandlers = {}
  const recorder = {
    start: jest.fn(),
    // A test may point `wx._voicePath` at a real audio file (the real-server suite does).
    stop: jest.fn(() => recorderHandlers.stop && recorderHandlers.stop({ tempFilePath: wx._voicePath || 'wxfile://voice.mp3', duration: 4200 })),
    onStop: jest.fn(fn => { recorderHandlers.stop = fn }),
    onError: jest.fn(fn => { recorderHandlers.error = fn }),
  }
  const wx = {
    getStorageSync: jest.fn(key => (key in storage ? storage[key] : '')),
    setStorageSync: jest.fn((key, value) => { storage[key] = value }),
    removeStorageSync: jest.fn(key => { delete storage[key] }),
    getAppBaseInfo: jest.fn(() => ({ fontSizeSetting: 16, SDKVersion: '3.5.0' })),
    getSystemInfoSync: jest.fn(() => ({ fontSizeSetting: 16 })),
    login: jest.fn(({ success }) => success({ code: 'code-from-wx-login' })),
    request: jest.fn(({ fail }) => fail({ errMsg: 'request:fail no handler in test' })),
    uploadFile: jest.fn(({ fail }) => fail({ errMsg: 'uploadFile:fail no handler in test' })),
    navigateTo: jest.fn(),
    redirectTo: jest.fn(),
    switchTab: jest.fn(),
    navigateBack: jest.fn(),
    showToast: jest.fn(),
    showLoading: jest.fn(),
    hideLoading: jest.fn(),
    stopPullDownRefresh: jest.fn(),
    setTabBarBadge: jest.fn(),
    removeTabBarBadge: jest.fn(),
    requestPayment: jest.fn(({ success }) => success({ errMsg: 'requestPayment:ok' })),
    setNavigationBarTitle: jest.fn(),
    chooseLocation: jest.fn(({ success }) => success({ latitude: 30.2741, longitude: 120.1551, name: '幸福小区', address: '杭州市西湖区文三路' })),
    getLocation: jest.fn(({ success }) => success({ latitude: 30.27, longitude: 120.15 })),
    chooseMedia: jest.fn(({ success }) => success({ tempFiles: [{ tempFilePath: 'wxfile://photo1.jpg' }] })),
    // chooseMessageFile names a file `path` (chooseMedia says `tempFilePath`).
    chooseMessageFile: jest.fn(({ success }) => success({ tempFiles: [{ path: 'wxfile://chat1.jpg', name: 'chat1.jpg', size: 2048, type: 'image' }] })),
    getRecorderManager: jest.fn(() => recorder),
    _storage: storage,
    _recorder: recorder,
  }
  return Object.assign(wx, overrides)
}

/** Answers wx.request from a table: handler(method, path, data, header) → {statusCode, data}. */
function routeRequests(wx, handler) {
  wx.request.mockImplementation(({ url, method, data, header, success, fail }) => {
    const path = url.replace(/^https?:\/\/[^/]+/, '')
    Promise.resolve()
      .then(() => handler(method || 'GET', path, data, header || {}))
      .then(res => (res && res.network ? fail({ errMsg: 'request:fail timeout' }) : success(res)))
  })
}

module.exports = { createWx, routeRequests }
