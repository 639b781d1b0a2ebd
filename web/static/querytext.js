// Pure functions on the text of a query: the word being typed at the caret,
// and taking words out again when they become filters. They only look at
// whitespace, quotes, parentheses and the capitalised operators; the server
// is the one that parses the query.

const OPERATORS = new Set(["AND", "OR", "NOT"]);
/** A plain word: letters or digits, with inner dots, apostrophes, hyphens or ampersands (U.S., O'Brien, AT&T). */
const WORD = /^[\p{L}\p{N}][\p{L}\p{N}.'’&-]*$/u;

/** fold lowercases and drops accents, as the API matches names. */
export function fold(s) {
  return String(s).normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
}

/**
 * wordAt finds the word that ends at the caret, the one being typed, when
 * it could start the name of an entity: a plain word of two characters or
 * more outside any phrase, optionally after "type:" for one of `types`
 * ("group:irg"). It returns {start, end, prefix, type} (end is the caret;
 * type is "" without a field) or null: for an operator, a negated or
 * required word, a pattern, a phrase, or when the caret is inside a word.
 */
export function wordAt(value, caret, types = []) {
  if (caret == null || caret < 0 || caret > value.length) return null;
  const next = value.charAt(caret);
  if (next && !/[\s)]/.test(next)) return null; // inside a word: not the one being typed
  let start = caret;
  while (start > 0 && !/[\s(]/.test(value.charAt(start - 1))) start--;
  const token = value.slice(start, caret);
  if (countQuotes(value.slice(0, start)) % 2 === 1) return null; // inside "a phrase"
  let type = "";
  let prefix = token;
  const colon = token.indexOf(":");
  if (colon >= 0) {
    type = token.slice(0, colon);
    prefix = token.slice(colon + 1);
    if (!types.includes(type)) return null;
  }
  if (prefix.length < 2 || OPERATORS.has(prefix) || !WORD.test(prefix)) return null;
  return { start, end: caret, prefix, type };
}

function countQuotes(s) {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === "\\") i++;
    else if (s[i] === '"') n++;
  }
  return n;
}

/**
 * withoutRange removes value[start, end) and tidies the query around the
 * gap; it returns {q, caret} with the caret where the text was.
 */
export function withoutRange(value, start, end) {
  const before = value.slice(0, start).replace(/\s+$/, "");
  const after = value.slice(end).replace(/^\s+/, "");
  const joined = before && after && !/[(]$/.test(before) && !/^[)]/.test(after) ? before + " " + after : before + after;
  const q = tidy(joined);
  const head = tidy(before);
  return { q, caret: Math.min(q.length, head.length + (head && after ? 1 : 0)) };
}

/**
 * withoutWordsFor removes from q the plain words that name `names` (each
 * word of q that starts a name or one of its words, accents and case
 * ignored): "hezbollah lebanon" without the words for "Kataib Hezbollah" is
 * "lebanon". It is how a suggested entity replaces the words it came from.
 */
export function withoutWordsFor(q, names) {
  const nameWords = names.filter(Boolean).flatMap((n) => [fold(n), ...fold(n).split(/[\s\-'’.]+/)]).filter(Boolean);
  const names_ = (t) => !OPERATORS.has(t) && WORD.test(t) && fold(t).length >= 2 && nameWords.some((n) => n.startsWith(fold(t)));
  return tidy(untokens(tokens(q).filter((t) => !names_(t))));
}

/**
 * tokens splits a query into phrases ("…", with a ~N after them), single
 * parentheses and runs of anything else, without the spaces between them.
 */
export function tokens(q) {
  const out = [];
  const re = /"(?:[^"\\]|\\.)*"?(?:~\d*)?|[()]|[^\s()"]+(?:"(?:[^"\\]|\\.)*"?)?/gy;
  let i = 0;
  while (i < q.length) {
    if (/\s/.test(q[i])) { i++; continue; }
    re.lastIndex = i;
    const m = re.exec(q);
    if (!m || !m[0]) { out.push(q[i]); i++; continue; }
    out.push(m[0]);
    i = re.lastIndex;
  }
  return out;
}

/** untokens joins tokens with single spaces, none inside parentheses. */
function untokens(list) {
  let s = "";
  for (const t of list) {
    if (s && !s.endsWith("(") && t !== ")") s += " ";
    s += t;
  }
  return s;
}

/**
 * tidy drops what removing words can leave behind: an AND or OR with
 * nothing on one side, a NOT with nothing after it, empty parentheses, and
 * runs of spaces.
 */
export function tidy(q) {
  let list = tokens(q);
  for (let changed = true; changed;) {
    changed = false;
    const out = [];
    for (let i = 0; i < list.length; i++) {
      const t = list[i];
      const prev = out[out.length - 1];
      const next = list[i + 1];
      const binary = t === "AND" || t === "OR";
      const drop =
        (binary && (prev == null || OPERATORS.has(prev) || prev === "(" || next == null || next === "AND" || next === "OR" || next === ")")) ||
        (t === "NOT" && (next == null || next === "AND" || next === "OR" || next === ")")) ||
        (t === "(" && next === ")");
      if (drop) {
        changed = true;
        if (t === "(" && next === ")") i++;
      } else out.push(t);
    }
    list = out;
  }
  return untokens(list);
}
