// A complaint's timeline as the pages show it: Chinese titles, China times, newest last.
const { timelineLabel, formatTime } = require('./labels')

// Entries whose text is people's words (a note, a reason, a resolution). For the others the
// server's text describes the change for staff tools (codes and ids), and the title says it.
const WORDS = ['note_added', 'resolved', 'reopened', 'rejected_not_responsible', 'transferred', 'withdrawn', 'rated']

const ROLE_WORDS = { resident: '居民', cadre: '网格员', manager: '管理员', auditor: '审计员', provider: '服务商' }

function present(entries) {
  return (entries || []).map(e => ({
    key: `${e.seq}`,
    title: timelineLabel(e.kind),
    at: formatTime(e.at),
    who: e.actor_role ? (ROLE_WORDS[e.actor_role] || '') : '系统',
    text: WORDS.indexOf(e.kind) >= 0 ? (e.text || '') : '',
    internal: !!e.internal,
  }))
}

module.exports = { present }
