// The search runner: one search at a time, the main request plus the
// counts-only side requests the sidebar needs. A newer search aborts the
// older one and its answer is dropped even if it comes (a sequence number
// as well as the AbortController); the same search twice is fetched once.

/**
 * createSearchRunner: load(url, signal) fetches; onResult(snapshot, res,
 * side) and onError(err) render; onSettled(detail) is told every time a
 * search ends, rendered or not ({ok, total} or {ok: false, error});
 * onLoading(on) shows progress. It returns {run, inFlight}.
 */
export function createSearchRunner({ load, onResult, onError, onSettled, onLoading }) {
  let seq = 0;
  let ctrl = null;
  let renderedKey = null;
  let pendingKey = null;
  let inFlight = false;
  let lastTotal = 0;

  const loading = (on) => {
    inFlight = on;
    onLoading(on);
  };

  /**
   * run searches for `snapshot`: main is the search's parameters, side a
   * list of {facet, params} counts-only requests. force fetches again even
   * when the same search is shown.
   */
  function run(snapshot, main, side, { force = false } = {}) {
    const key = [main, ...side.map((r) => r.params)].join("|");
    if (!force && key === pendingKey) return;
    if (!force && key === renderedKey) {
      // Nothing to fetch (same search, e.g. a trailing space): the view is current.
      if (ctrl) ctrl.abort();
      pendingKey = null;
      seq++;
      loading(false);
      onSettled({ ok: true, total: lastTotal });
      return;
    }
    pendingKey = key;
    if (ctrl) ctrl.abort();
    const mine = (ctrl = new AbortController());
    const n = ++seq;
    loading(true);
    Promise.all([load("/api/v1/search?" + main, mine.signal), ...side.map((r) => load("/api/v1/search?" + r.params, mine.signal))])
      .then(([res, ...extra]) => {
        if (n !== seq) return; // a newer search was started: drop this answer
        pendingKey = null;
        renderedKey = key;
        lastTotal = res.total;
        const sideFacets = {};
        side.forEach((r, i) => { sideFacets[r.facet] = { values: (extra[i].facets || {})[r.facet] || [], meta: (extra[i].facet_meta || {})[r.facet] || {} }; });
        onResult(snapshot, res, sideFacets);
        loading(false);
        onSettled({ ok: true, total: res.total });
      })
      .catch((err) => {
        if (err.name === "AbortError" || n !== seq) return;
        pendingKey = null;
        renderedKey = null;
        onError(err);
        loading(false);
        onSettled({ ok: false, error: err.message });
      });
  }

  return { run, inFlight: () => inFlight };
}
