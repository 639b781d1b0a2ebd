// How long the network view's layout takes for the most the view asks
// (30 nodes), with the links it draws (60) and with every pair linked
// (435). Prints figures, asserts nothing. Run: node web/unit/layout.bench.js
import { layout } from "../static/layout.js";

const nodes = Array.from({ length: 30 }, (_, i) => ({ id: `n${i}` }));
const all = [];
for (let i = 0; i < 30; i++) for (let j = i + 1; j < 30; j++) all.push({ source: `n${i}`, target: `n${j}`, weight: 1 + ((i * j) % 7) });
const runs = 50;
for (const [name, edges] of [["30 nodes, 60 links (as drawn)", all.slice(0, 60)], ["30 nodes, 435 links (all pairs)", all]]) {
  const ms = [];
  for (let r = 0; r < runs; r++) {
    const start = performance.now();
    layout(nodes, edges, { width: 760, height: 470, margin: 40, apart: 52 });
    ms.push(performance.now() - start);
  }
  ms.sort((a, b) => a - b);
  const at = (q) => ms[Math.min(runs - 1, Math.floor(q * runs))].toFixed(1);
  console.log(`${name}: p50 ${at(0.5)} ms, p99 ${at(0.99)} ms over ${runs} runs`);
}
