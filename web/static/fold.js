// The key names are matched by, the same as the server's extract.Fold:
// lower case, combining marks dropped, typographic apostrophes and hyphens
// made plain, a few letters without a decomposition mapped by hand (ø, ł,
// đ, ß, ı), runs of white space collapsed to one space, trimmed. Both are
// tested against one table (extract/testdata/fold.json).

/** Letters NFD does not decompose, folded as extract.foldRune folds them. */
const BY_HAND = new Map([
  ["\u2019", "'"], ["\u2018", "'"], ["\u02bc", "'"],
  ["\u2010", "-"], ["\u2011", "-"],
  ["ı", "i"], ["ø", "o"], ["Ø", "o"], ["ł", "l"], ["Ł", "l"], ["đ", "d"], ["Đ", "d"], ["ß", "s"],
]);

const SPACE = /^\p{White_Space}$/u; // Go's unicode.IsSpace
const NONSPACING = /^\p{Mn}$/u;

/** fold returns the matching key of s ("Nicolás  Maduro" → "nicolas maduro"). */
export function fold(s) {
  let out = "";
  let space = false;
  // One code point at a time, as Go does: a whole-string toLowerCase would
  // make a final Σ a ς, which the server never does.
  for (const c of String(s ?? "").normalize("NFD")) {
    if (SPACE.test(c)) {
      space = out.length > 0;
      continue;
    }
    if (NONSPACING.test(c)) continue;
    if (space) {
      out += " ";
      space = false;
    }
    out += BY_HAND.get(c) ?? lower(c);
  }
  return out;
}

/**
 * lower is Go's unicode.ToLower for one code point: the simple mapping.
 * JavaScript's full mapping differs only where it gives more than one code
 * point (İ, which NFD has already split), and keeps the letter then.
 */
function lower(c) {
  const l = c.toLowerCase();
  return [...l].length === 1 ? l : c;
}
