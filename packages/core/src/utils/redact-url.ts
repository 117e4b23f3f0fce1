/**
 * An RPC URL fit for messages: no user/password, no query string, and long path segments (where
 * providers put API keys, e.g. `/v2/<key>`) replaced by `***`.
 */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return '<invalid URL>';
  }
  const path = parsed.pathname
    .split('/')
    .map((segment) => (segment.length >= 16 && /^[A-Za-z0-9_-]+$/.test(segment) ? '***' : segment))
    .join('/');
  const query = parsed.search ? '?***' : '';
  return `${parsed.protocol}//${parsed.host}${path === '/' ? '' : path}${query}`;
}
