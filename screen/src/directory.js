// Names from the jurisdiction tree (GET /api/v1/directory): codes become 五常社区 and a
// cadre id becomes "五常社区 网格员", since the screen has no personal names to show.
const ROLE = { grid_worker: '网格员', village_staff: '村社干部', township_staff: '街道干部', county_staff: '区县干部' }

export function index(directory) {
  const nodes = {}
  const cadres = {}
  const walk = (node, parentName) => {
    nodes[node.code] = node.name
    ;(node.cadres || []).forEach(c => {
      if (!cadres[c.cadre]) cadres[c.cadre] = `${node.name} ${ROLE[c.role] || '干部'}`
    })
    ;(node.children || []).forEach(child => walk(child, node.name))
  }
  ;((directory && directory.tree) || []).forEach(n => walk(n, ''))
  return {
    node: code => nodes[code] || code || '未分派',
    cadre: id => cadres[id] || `干部 ${String(id).slice(0, 8)}`,
  }
}
