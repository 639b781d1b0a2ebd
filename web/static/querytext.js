// Pure functions on the text of a query: the word being typed at the caret,
// and taking words out again when they become filters. They only know
// phrases, /regexps/, parentheses and the capitalised operators, enough to
// leave the rest of the query as typed; the server is the one that parses it.

import { fold } from "./fold.js";

const OPERATORS = new Set(["AND", "OR", "NOT"]);
/** A plain word: letters or digits, with inner dots, apostrophes, hyphens or ampersands (U.S., O'Brien, AT&T). */
const WORD = /^[\p{L}\p{N}][\p{L}\p{N}.'’&-]*$/u;


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
  const t = tokens(value).find((x) => x.start < caret && caret <= x.end);
  if (!t || t.end !== caret) return null; // inside a word: not the one being typed
  if (t.text.includes('"') || t.text.startsWith("/")) return null; // a phrase or a regexp
  let type = "";
  let prefix = t.text;
  const colon = prefix.indexOf(":");
  if (colon >= 0) {
    type = prefix.slice(0, colon);
    prefix = prefix.slice(colon + 1);
    if (!types.includes(type)) return null;
  }
  if (prefix.length < 2 || OPERATORS.has(prefix) || !WORD.test(prefix)) return null;
  return { start: t.start, end: caret, prefix, type };
}

/**
 * withoutRange removes value[start, end) with the space before it (or after
 * it, at the start), then tidies the query; it returns {q, caret} with the
 * caret where the text was. Only what is removed changes: the rest of the
 * query keeps its spelling and spacing.
 */
export function withoutRange(value, start, end) {
  const cut = cutRange(value, start, end);
  const q = tidy(cut.q);
  return { q, caret: Math.min(q.length, cut.caret) };
}

/** cutRange removes value[start, end) and one run of space next to it. */
function cutRange(value, start, end) {
  let a = start;
  let b = end;
  while (a > 0 && /\s/.test(value[a - 1])) a--;
  // Between two words the space before goes; first in the query or in a
  // parenthesis, the space after it goes too.
  if (a === start || a === 0 || value[a - 1] === "(") {
    while (b < value.length && /\s/.test(value[b])) b++;
  }
  return { q: value.slice(0, a) + value.slice(b), caret: a };
}

/**
 * withoutWordsFor removes from q the plain words that name `names` (each
 * word of q that starts a name or one of its words, accents and case
 * ignored): "hezbollah lebanon" without the words for "Kataib Hezbollah" is
 * "lebanon". It is how a suggested entity replaces the words it came from.
 */
export function withoutWordsFor(q, names) {
  const nameWords = names.filter(Boolean).flatMap((n) => [fold(n), ...fold(n).split(/[\s\-'’.]+/)]).filter(Boolean);
  const named = (t) => !OPERATORS.has(t) && WORD.test(t) && fold(t).length >= 2 && nameWords.some((n) => n.startsWith(fold(t)));
  for (let again = true; again;) {
    again = false;
    for (const t of tokens(q)) {
      if (named(t.text)) {
        q = cutRange(q, t.start, t.end).q;
        again = true;
        break;
      }
    }
  }
  return tidy(q);
}

/**
 * tokens splits a query into {text, start, end}: phrases ("…", with a ~N
 * after them), /regexps/, single parentheses, and runs of anything else
 * (a field's name stays with its value: title:"a b", group:(…) is
 * "group:" then a parenthesis).
 */
export function tokens(q) {
  const out = [];
  const re = /"(?:[^"\\]|\\.)*"?(?:~\d*)?|\/(?:[^/\\]|\\.)*\/?|[()]|[^\s()"]+(?:"(?:[^"\\]|\\.)*"?(?:~\d*)?)?/y;
  let i = 0;
  while (i < q.length) {
    if (/\s/.test(q[i])) { i++; continue; }
    re.lastIndex = i;
    const m = re.exec(q);
    const text = m && m[0] ? m[0] : q[i];
    out.push({ text, start: i, end: i + text.length });
    i += text.length;
  }
  return out;
}

/**
 * tidy drops what removing words can leave behind: an AND or OR with
 * nothing on one side, a NOT with nothing after it, and empty parentheses.
 * Everything else is left as typed.
 */
export function tidy(q) {
  for (let again = true; again;) {
    again = false;
    const list = tokens(q);
    for (let i = 0; i < list.length; i++) {
      const t = list[i].text;
      const prev = i > 0 ? list[i - 1].text : null;
      const next = i + 1 < list.length ? list[i + 1].text : null;
      const binary = t === "AND" || t === "OR";
      const dangling =
        (binary && (prev == null || OPERATORS.has(prev) || prev === "(" || prev.endsWith(":") || next == null || next === "AND" || next === "OR" || next === ")")) ||
        (t === "NOT" && (next == null || next === "AND" || next === "OR" || next === ")"));
      if (dangling) {
        q = cutRange(q, list[i].start, list[i].end).q;
        again = true;
        break;
      }
      if (t === "(" && next === ")") {
        const opener = prev && prev.endsWith(":") && list[i - 1].end === list[i].start ? i - 1 : i; // group:() goes whole
        q = cutRange(q, list[opener].start, list[i + 1].end).q;
        again = true;
        break;
      }
    }
  }
  return q.trim();
}
