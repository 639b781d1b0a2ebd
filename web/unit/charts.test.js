// Pure parts of the charts: axis ticks, bucket names and the period a
// trend bucket narrows the search to. Run: node --test web/unit/
import { test } from "node:test";
import assert from "node:assert/strict";
import { niceTicks } from "../static/svg.js";
import { bucketName } from "../static/chart.js";
import { periodOf } from "../static/trends.js";

test("ticks are round whole numbers, start at 0 and reach the maximum", () => {
  const cases = [
    [1, [0, 1]],
    [2, [0, 1, 2]],
    [3, [0, 1, 2, 3]],
    [6, [0, 2, 4, 6]],
    [7, [0, 2, 4, 6, 8]],
    [14, [0, 5, 10, 15]],
    [100, [0, 50, 100]],
    [1234, [0, 500, 1000, 1500]],
    [0, [0, 1]],
  ];
  for (const [max, want] of cases) assert.deepEqual(niceTicks(max), want, `max ${max}`);
});

test("a bucket's name: a week says so, months and days read as dates", () => {
  assert.equal(bucketName("2020-W53"), "week 2020-W53");
  assert.equal(bucketName("2024"), "2024");
  assert.equal(bucketName("2024-04"), "Apr 2024");
  assert.equal(bucketName("2024-04-09"), "9 Apr 2024");
});

test("a bucket's period: its own key, or Monday to Sunday for an ISO week", () => {
  assert.deepEqual(periodOf({ key: "2024-04", start: "2024-04-01T00:00:00Z" }, "month"), { from: "2024-04", to: "2024-04" });
  assert.deepEqual(periodOf({ key: "2024", start: "2024-01-01T00:00:00Z" }, "year"), { from: "2024", to: "2024" });
  assert.deepEqual(periodOf({ key: "2024-02-29", start: "2024-02-29T00:00:00Z" }, "day"), { from: "2024-02-29", to: "2024-02-29" });
  // ISO week 53 of 2020 runs from Monday 28 December 2020 to Sunday 3 January 2021.
  assert.deepEqual(periodOf({ key: "2020-W53", start: "2020-12-28T00:00:00Z" }, "week"), { from: "2020-12-28", to: "2021-01-03" });
});
