package metrics

import (
	"context"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/searchd/searchd/index"
)

// IndexStats is what the index collector asks of the index at each scrape.
type IndexStats interface {
	Stats(ctx context.Context) (index.Stats, error)
	Writable() error
}

// statsTimeout bounds the index's statistics at a scrape: they walk the
// index directory. Prometheus's default scrape timeout is 10 s.
const statsTimeout = 5 * time.Second

// indexCollector reports the index's size when scraped, read from the
// index then: no goroutine polls it, and a scrape never sees a stale value.
type indexCollector struct {
	src                       IndexStats
	documents, disk, writable *prometheus.Desc
}

// CollectIndex registers a collector of src's documents, size on disk and
// writability, read at every scrape. Call it once, with the opened index.
func (m *Metrics) CollectIndex(src IndexStats) error {
	return m.reg.Register(&indexCollector{
		src: src,
		documents: prometheus.NewDesc(namespace+"_index_documents",
			"Articles in the index.", nil, nil),
		disk: prometheus.NewDesc(namespace+"_index_disk_bytes",
			"Size of the index directory on disk (0 for an in-memory index).", nil, nil),
		writable: prometheus.NewDesc(namespace+"_index_writable",
			"Whether the index takes writes: 1, or 0 while it refuses them (disk full).", nil, nil),
	})
}

// Describe sends the descriptions of the index's metrics.
func (c *indexCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- c.documents
	ch <- c.disk
	ch <- c.writable
}

// Collect reads the index's statistics and sends them; when they cannot
// be read, the scrape reports the error instead of stale numbers.
func (c *indexCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), statsTimeout)
	defer cancel()
	st, err := c.src.Stats(ctx)
	if err != nil {
		ch <- prometheus.NewInvalidMetric(c.documents, err)
		ch <- prometheus.NewInvalidMetric(c.disk, err)
	} else {
		ch <- prometheus.MustNewConstMetric(c.documents, prometheus.GaugeValue, float64(st.Documents))
		ch <- prometheus.MustNewConstMetric(c.disk, prometheus.GaugeValue, float64(st.DiskBytes))
	}
	writable := 1.0
	if c.src.Writable() != nil {
		writable = 0
	}
	ch <- prometheus.MustNewConstMetric(c.writable, prometheus.GaugeValue, writable)
}
