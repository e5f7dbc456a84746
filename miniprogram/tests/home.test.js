const { load, settle, text, nodes } = require('./helpers/load')

describe('home (首页)', () => {
  test('shows the announcements empty state and the five quick entries with icon and words', async () => {
    const { comp, simulate } = load('pages/home/index')
    await settle(simulate)
    const t = text(comp)
    expect(t).toContain('暂无置顶公告')
    for (const label of ['我要投诉', '我要鼓励', '我要委托', '进度查询', '生活缴费/服务']) expect(t).toContain(label)
    const entries = nodes(comp, '.entry')
    expect(entries).toHaveLength(5)
    entries.forEach(e => {
      // The icon (first child) is never alone: words follow it.
      const [icon, words] = e.dom.children
      expect(icon.textContent.trim()).not.toBe('')
      expect(words.textContent.trim().length).toBeGreaterThan(1)
    })
  })

  test('tapping an entry navigates; unbuilt features go to the coming-soon page', async () => {
    const { comp, simulate, wx } = load('pages/home/index')
    await settle(simulate)
    const entries = nodes(comp, '.entry')
    entries[0].dispatchEvent('tap')
    entries[2].dispatchEvent('tap')
    entries[4].dispatchEvent('tap')
    await settle(simulate)
    expect(wx.navigateTo.mock.calls.map(c => c[0].url)).toEqual([
      '/pages/complaint/form/index', '/pages/coming/index?feature=entrust', '/pages/coming/index?feature=services',
    ])
  })
})
