// The UI's fold against the table extract.Fold is tested with, so the two
// cannot drift apart. Run: node --test web/unit/
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fold } from "../static/fold.js";

const table = JSON.parse(readFileSync(new URL("../../extract/testdata/fold.json", import.meta.url), "utf8"));

test("fold matches extract.Fold on every row of extract/testdata/fold.json", () => {
  assert.ok(table.cases.length > 0);
  for (const c of table.cases) assert.equal(fold(c.in), c.want, `fold(${JSON.stringify(c.in)})`);
});

test("fold takes anything", () => {
  assert.equal(fold(null), "");
  assert.equal(fold(undefined), "");
  assert.equal(fold(42), "42");
});
