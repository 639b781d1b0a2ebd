package extract_test

import (
	"fmt"
	"time"

	"github.com/searchd/searchd/extract"
)

func ExampleExtractor_Extract() {
	ex, err := extract.New()
	if err != nil {
		fmt.Println(err)
		return
	}
	ents := ex.Extract(extract.Input{
		Title:     "Iran's IRGC seizes tanker",
		Body:      "President Hassan Rouhani said on Monday that Tehran would not back down. Rouhani spoke in late 2019.",
		Published: time.Date(2019, 7, 24, 9, 0, 0, 0, time.UTC),
	})
	for _, e := range ents {
		fmt.Println(e.Type, e.Value, len(e.Mentions))
	}
	// Output:
	// person Hassan Rouhani 2
	// country IR 2
	// group Islamic Revolutionary Guard Corps 1
	// place Tehran 1
	// date 2019-07-22 1
	// date 2019-09/2019-12 1
	// about_country IR 3
}

func ExampleExtractor_ResolveCountry() {
	ex, err := extract.New()
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range []string{"Iranian", "U.S.", "the Islamic Republic"} {
		code, label, ok := ex.ResolveCountry(s)
		fmt.Println(code, label, ok)
	}
	// Output:
	// IR Iran true
	// US United States true
	// IR Iran true
}
