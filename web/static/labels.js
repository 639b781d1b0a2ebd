// Display labels of facet values seen in any answer ("country:IR" → "Iran"),
// so that a filter chip can name a value the current answer does not list.

/** createLabels returns an empty label memory: {get, remember}. */
export function createLabels() {
  const labels = new Map();
  return {
    /** get: the label of a value, or the value itself when none was seen. */
    get: (facet, value) => labels.get(`${facet}:${value}`) || value,
    /** remember records a value's label. */
    remember(facet, value, label) {
      if (label && value) labels.set(`${facet}:${value}`, label);
    },
  };
}
