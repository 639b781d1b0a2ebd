package extract

// Version identifies what the extractor finds: bump it whenever a change to
// its rules, gazetteers or tagger model changes the entities Extract returns
// for some article. searchd version reports it beside the mapping version;
// an index built by another version holds other entities until it is
// rebuilt (searchd reindex).
const Version = 2 // 2: the countries an article is about (AboutCountry)
