// layout.js: the network view's layout is deterministic and stays in its box.
// Run: node --test web/unit/
import { test } from "node:test";
import assert from "node:assert/strict";
import { layout } from "../static/layout.js";

const nodes = Array.from({ length: 30 }, (_, i) => ({ id: `n${i}` }));
const edges = nodes.slice(1).map((nd, i) => ({ source: nodes[i % 5].id, target: nd.id, weight: 1 + (i % 4) }));

test("the same graph is laid out the same way, inside the box", () => {
  const a = layout(nodes, edges, { width: 800, height: 500, margin: 30 });
  const b = layout(nodes, edges, { width: 800, height: 500, margin: 30 });
  assert.deepEqual([...a], [...b]);
  assert.equal(a.size, 30);
  for (const { x, y } of a.values()) {
    assert.ok(x >= 30 && x <= 770 && y >= 30 && y <= 470, `${x},${y} is in the box`);
  }
});

test("linked nodes end up closer than unlinked ones, on average", () => {
  const p = layout(nodes, edges, { width: 800, height: 500 });
  const dist = (a, b) => Math.hypot(p.get(a).x - p.get(b).x, p.get(a).y - p.get(b).y);
  const linked = edges.map((e) => dist(e.source, e.target));
  const pairs = new Set(edges.map((e) => `${e.source} ${e.target}`));
  const unlinked = [];
  for (const a of nodes) for (const b of nodes) if (a.id < b.id && !pairs.has(`${a.id} ${b.id}`) && !pairs.has(`${b.id} ${a.id}`)) unlinked.push(dist(a.id, b.id));
  const mean = (xs) => xs.reduce((s, x) => s + x, 0) / xs.length;
  assert.ok(mean(linked) < mean(unlinked), `${mean(linked)} < ${mean(unlinked)}`);
});

test("no nodes, one node, edges to unknown nodes", () => {
  assert.equal(layout([], [], { width: 100, height: 100 }).size, 0);
  assert.deepEqual(layout([{ id: "a" }], [], { width: 100, height: 80 }).get("a"), { x: 50, y: 40 });
  const p = layout([{ id: "a" }, { id: "b" }], [{ source: "a", target: "zz" }], { width: 100, height: 100, margin: 10 });
  assert.equal(p.size, 2);
});

test("apart: no two nodes closer than asked, where the box has room", () => {
  const p = layout(nodes, edges, { width: 800, height: 500, margin: 30, apart: 40 });
  const pts = [...p.values()];
  let closest = Infinity;
  for (let i = 0; i < pts.length; i++) for (let j = i + 1; j < pts.length; j++) closest = Math.min(closest, Math.hypot(pts[i].x - pts[j].x, pts[i].y - pts[j].y));
  assert.ok(closest >= 39, `closest pair ${closest}`);
});
