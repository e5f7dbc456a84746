// The screen's calls to linli, with the manager's or auditor's token from ?token=.
const params = new URLSearchParams(location.search)
export const token = params.get('token') || ''

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message)
    this.status = status
    this.code = code
  }
}

export async function get(path) {
  const res = await fetch(path, { headers: { Authorization: `Bearer ${token}` } })
  const body = await res.json().catch(() => null)
  if (!res.ok) {
    const e = (body && body.error) || {}
    throw new ApiError(res.status, e.code || 'unknown', e.message || `HTTP ${res.status}`)
  }
  return body
}

// Every page of a list (the server pages by `next` cursors).
export async function all(path, maxPages = 20) {
  const items = []
  let cursor = null
  for (let i = 0; i < maxPages; i++) {
    const sep = path.includes('?') ? '&' : '?'
    const page = await get(cursor ? `${path}${sep}cursor=${encodeURIComponent(cursor)}` : path)
    items.push(...page.items)
    if (!page.next) break
    cursor = page.next
  }
  return items
}

/** The live stream: EventSource cannot send headers, so the token rides in the query. */
export function stream(handlers) {
  const source = new EventSource(`/api/v1/dashboard/stream?access_token=${encodeURIComponent(token)}`)
  for (const [name, handler] of Object.entries(handlers)) {
    if (name === 'open' || name === 'error') source[`on${name}`] = handler
    else source.addEventListener(name, e => handler(JSON.parse(e.data)))
  }
  return source
}
