// A force-directed layout for the network view (Fruchterman–Reingold):
// linked nodes pull together, all nodes push apart, the heat falls each
// round. Pure and deterministic, with no randomness: the nodes start on a
// circle in the order given (the most frequent first), so the same answer
// always draws the same picture. 30 nodes take a few milliseconds in all.

/**
 * layout places nodes ({id}) linked by edges ({source, target, weight})
 * in a width × height box, keeping `margin` free at the edges and, where
 * the box allows, `apart` between any two nodes. It returns a Map id →
 * {x, y}.
 */
export function layout(nodes, edges, { width, height, margin = 30, rounds = 300, apart = 0 } = {}) {
  const n = nodes.length;
  const pos = new Map();
  if (!n) return pos;
  const cx = width / 2;
  const cy = height / 2;
  if (n === 1) {
    pos.set(nodes[0].id, { x: cx, y: cy });
    return pos;
  }
  const iw = width - 2 * margin;
  const ih = height - 2 * margin;
  const k = Math.sqrt((iw * ih) / n) * 0.75; // the ideal distance between two nodes
  const p = nodes.map((nd, i) => {
    const a = (2 * Math.PI * i) / n;
    return { x: cx + (iw / 3) * Math.cos(a), y: cy + (ih / 3) * Math.sin(a) };
  });
  const index = new Map(nodes.map((nd, i) => [nd.id, i]));
  const links = edges.map((e) => [index.get(e.source), index.get(e.target), e.weight || 1]).filter(([a, b]) => a != null && b != null && a !== b);
  const maxW = Math.max(1, ...links.map((l) => l[2]));
  let heat = iw / 8;
  const cool = heat / (rounds + 1);
  const d = p.map(() => ({ x: 0, y: 0 })); // this round's displacements
  for (let r = 0; r < rounds; r++) {
    for (const v of d) { v.x = 0; v.y = 0; }
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        let dx = p[i].x - p[j].x;
        let dy = p[i].y - p[j].y;
        let dist = Math.sqrt(dx * dx + dy * dy);
        if (dist < 0.01) { dx = 0.01 * (i - j); dy = 0.01; dist = Math.sqrt(dx * dx + dy * dy); }
        const f = (k * k) / dist;
        d[i].x += (dx / dist) * f; d[i].y += (dy / dist) * f;
        d[j].x -= (dx / dist) * f; d[j].y -= (dy / dist) * f;
      }
    }
    for (const [a, b, w] of links) {
      const dx = p[a].x - p[b].x;
      const dy = p[a].y - p[b].y;
      const dist = Math.max(0.01, Math.sqrt(dx * dx + dy * dy));
      // Weak links barely pull: in a dense graph of news entities
      // everything is linked to everything, and equal pulls make a ball.
      const f = ((dist * dist) / k) * (w / maxW);
      d[a].x -= (dx / dist) * f; d[a].y -= (dy / dist) * f;
      d[b].x += (dx / dist) * f; d[b].y += (dy / dist) * f;
    }
    for (let i = 0; i < n; i++) {
      // A weak pull to the centre keeps unlinked nodes from drifting off.
      d[i].x += (cx - p[i].x) * 0.05 * k / 10;
      d[i].y += (cy - p[i].y) * 0.05 * k / 10;
      const len = Math.max(0.01, Math.sqrt(d[i].x * d[i].x + d[i].y * d[i].y));
      const step = Math.min(len, heat);
      p[i].x = clamp(p[i].x + (d[i].x / len) * step, margin, width - margin);
      p[i].y = clamp(p[i].y + (d[i].y / len) * step, margin, height - margin);
    }
    heat -= cool;
  }
  // Stretch the drawing to fill the box: the forces settle on a shape,
  // not on a size.
  const xs = p.map((q) => q.x);
  const ys = p.map((q) => q.y);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const fit = (v, lo, hi, to0, to1) => (hi - lo < 1 ? (to0 + to1) / 2 : to0 + ((v - lo) / (hi - lo)) * (to1 - to0));
  const q = p.map((pt) => ({ x: fit(pt.x, x0, x1, margin, width - margin), y: fit(pt.y, y0, y1, margin, height - margin) }));
  // Then push apart the nodes that still sit on each other.
  for (let r = 0; r < 50; r++) {
    let moved = false;
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const dx = q[i].x - q[j].x;
        const dy = q[i].y - q[j].y;
        const dist = Math.sqrt(dx * dx + dy * dy);
        if (dist >= apart) continue;
        moved = true;
        const push = (apart - dist) / 2;
        const ux = dist > 0.01 ? dx / dist : 1;
        const uy = dist > 0.01 ? dy / dist : 0;
        q[i].x = clamp(q[i].x + ux * push, margin, width - margin); q[i].y = clamp(q[i].y + uy * push, margin, height - margin);
        q[j].x = clamp(q[j].x - ux * push, margin, width - margin); q[j].y = clamp(q[j].y - uy * push, margin, height - margin);
      }
    }
    if (!moved) break;
  }
  nodes.forEach((nd, i) => pos.set(nd.id, { x: Math.round(q[i].x * 10) / 10, y: Math.round(q[i].y * 10) / 10 }));
  return pos;
}

function clamp(v, lo, hi) {
  return Math.max(lo, Math.min(hi, v));
}
