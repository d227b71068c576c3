// A URL as safe to log: the password of its user info and the values of password-like query
// parameters become ***. Used for every URL-valued setting (DATABASE_URL, SMTP_URL, a webhook URL
// with ?sig=…), so a secret carried in a connection string never reaches the start log.

const MASK = '***';

/**
 * Query parameters whose value is a secret, by any spelling: password, pass, pwd, sslpassword,
 * secret, client_secret, token, access_token, api_key, apikey, sig, signature, auth, credential…
 * Over-matching (sslkey, a file path) costs a hidden value in a log line; under-matching leaks.
 */
const SECRET_PARAM = /pass|pwd|secret|token|key|sig|auth|cred/i;

/** `scheme://…` or `scheme:…`: what is treated as a URL when it appears as a setting's value. */
export function looksLikeUrl(value: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(value.trim());
}

/**
 * Parses `text` as a URL and masks its secrets. User info: the password, or a user name that
 * stands alone (`https://<token>@host`, as some services take a token). A raw `@` inside a
 * password is handled by the URL parser (the last `@` of the authority ends the user info).
 * Text the parser refuses (a multi-host PostgreSQL URL), or parses in a way that leaves an `@`
 * outside the user info, is masked conservatively.
 */
export function redactUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return redactUnparsed(text);
  }
  // An '@' the parser did not take as the end of the user info means a password holding '/', '?'
  // or '#' (postgres://u:12/3@host is host u, port 12, path /3@host): where it ends is a guess.
  const scheme = text.indexOf('://');
  const hasAt = scheme >= 0 && text.indexOf('@', scheme) >= 0;
  if (hasAt && ((!url.username && !url.password) || url.pathname.includes('@'))) return redactUnparsed(text);
  if (!url.username && !url.password && !url.search) return text;
  if (url.password) url.password = MASK;
  else if (url.username) url.username = MASK;
  const search = url.search;
  // Assigned as text (not through searchParams), so the parameters that are kept keep their spelling.
  if (search) url.search = maskQuery(search.slice(1));
  return url.toString();
}

function maskQuery(query: string): string {
  return query
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = eq < 0 ? pair : pair.slice(0, eq);
      return eq >= 0 && SECRET_PARAM.test(safeDecode(name)) ? `${name}=${MASK}` : pair;
    })
    .join('&');
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

/**
 * No parse, no knowing where the user info ends: everything between `://` and the last `@` goes
 * (it may hold the host too; better hidden than a password half shown), and so does the value of
 * every password-like `name=value` anywhere in the text.
 */
function redactUnparsed(text: string): string {
  let out = text;
  const start = out.indexOf('://');
  const at = out.lastIndexOf('@');
  if (start >= 0 && at > start) out = `${out.slice(0, start + 3)}${MASK}${out.slice(at)}`;
  return out.replace(/([?&;\s]|^)([^=&;\s?]+)=([^&;\s]*)/g, (whole, lead: string, name: string) => (SECRET_PARAM.test(safeDecode(name)) ? `${lead}${name}=${MASK}` : whole));
}
