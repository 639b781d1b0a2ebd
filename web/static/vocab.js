// The query vocabulary, as the server describes it in GET /api/v1/schema:
// which facets exist and in what order, which of them filter (and with which
// parameter), which can combine their values with all as well as any, which
// entity types the suggestions come from, and one example of each query form.
// The UI builds its facets and its syntax help from this, never from copies.

/**
 * Display names, the one thing the schema does not carry: [plural, singular]
 * by facet or entity type. A name missing here shows as itself, capitalised.
 */
const TITLES = {
  country: ["Countries", "Country"],
  about_country: ["About", "About"],
  group: ["Groups", "Group"],
  person: ["People", "Person"],
  place: ["Places", "Place"],
  source: ["Sources", "Source"],
  year: ["Year", "Year"],
  month: ["Month", "Month"],
  date: ["Dates mentioned", "Date"],
};

/** title: the heading of a facet or entity type ("Countries"). */
export function title(name) {
  return (TITLES[name] || [])[0] || capitalise(name);
}

/** one: the name of one value's kind ("Country"). */
export function one(name) {
  return (TITLES[name] || [])[1] || capitalise(name);
}

function capitalise(s) {
  s = String(s || "").replace(/_/g, " ");
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/**
 * vocabularyFrom turns a schema document into what the UI needs:
 *
 *   facets         every facet in display order: {name, param, opParam, date,
 *                  entity} (param: the filter parameter; date: picking a
 *                  value sets the published from/to range instead; entity:
 *                  the entity type of its values, about_country's is country)
 *   suggestTypes   the entity types /api/v1/suggest answers
 *   examples       one query string per form the parser accepts
 *   fields         the fields q can name: {name, kind, description}
 *   maxResultWindow the deepest result the API pages to, when it says
 *   searchParams   the parameters GET /api/v1/search takes (collapse, …)
 */
export function vocabularyFrom(schema) {
  if (!schema || !Array.isArray(schema["x-facets"])) throw new Error("the schema has no x-facets");
  const fields = Array.isArray(schema["x-fields"]) ? schema["x-fields"] : [];
  const byName = new Map(fields.map((f) => [f.name, f]));
  // The published range's parameters: a facet filtered by them is a period.
  const published = fields.find((f) => f.kind === "date" && f.from_param === "from");
  const rangeParams = published ? [published.from_param, published.to_param] : ["from", "to"];
  const facets = schema["x-facets"].map((name) => {
    const f = byName.get(name) || {};
    const by = f.filtered_by || [];
    return {
      name,
      param: f.param || "",
      opParam: f.op_param || "",
      date: !f.param && rangeParams.every((p) => by.includes(p)),
      entity: f.entity || "",
    };
  });
  return {
    facets,
    suggestTypes: schema["x-suggest-types"] || [],
    examples: schema["x-syntax-examples"] || [],
    fields: fields.map((f) => ({ name: f.name, kind: f.kind, description: f.description || "" })),
    maxResultWindow: schema["x-max-result-window"] || 0,
    searchParams: schema["x-search-params"] || [],
  };
}
