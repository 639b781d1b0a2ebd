package extract

import (
	"testing"
	"time"
)

func TestDates(t *testing.T) {
	ex := newTest(t)
	// pub is Thursday 2024-03-14
	newYear := time.Date(2025, time.January, 2, 9, 0, 0, 0, time.UTC) // a Thursday
	tests := []struct {
		text     string
		pub      time.Time
		value    string
		gran     Granularity
		from, to string
		mention  string
	}{
		{"It began on October 7, 2023, at dawn.", pub, "2023-10-07", Day, "2023-10-07", "2023-10-07", "October 7, 2023"},
		{"It began on 7 Oct 2023 at dawn.", pub, "2023-10-07", Day, "2023-10-07", "2023-10-07", "7 Oct 2023"},
		{"It began on Oct. 7 at dawn.", time.Date(2023, 11, 1, 0, 0, 0, 0, time.UTC), "2023-10-07", Day, "2023-10-07", "2023-10-07", "Oct. 7"},
		{"The deal expires on Jan. 5.", time.Date(2023, 12, 20, 0, 0, 0, 0, time.UTC), "2024-01-05", Day, "2024-01-05", "2024-01-05", "Jan. 5"},
		{"Talks resume in April 2024.", pub, "2024-04", Month, "2024-04-01", "2024-04-30", "April 2024"},
		{"The war ended in 1994.", pub, "1994", Year, "1994-01-01", "1994-12-31", "1994"},
		{"Published 2024-04-01 in the gazette.", pub, "2024-04-01", Day, "2024-04-01", "2024-04-01", "2024-04-01"},
		{"Growth was strong in the 1990s.", pub, "1990/1999", Year, "1990-01-01", "1999-12-31", "1990s"},
		{"Elections are due in late 2024.", pub, "2024-09/2024-12", Month, "2024-09-01", "2024-12-31", "late 2024"},
		{"Elections are due in early 2025.", pub, "2025-01/2025-04", Month, "2025-01-01", "2025-04-30", "early 2025"},
		{"Prices peaked in mid-2022.", pub, "2022-05/2022-08", Month, "2022-05-01", "2022-08-31", "mid-2022"},
		{"It was agreed early this year.", pub, "2024-01/2024-04", Month, "2024-01-01", "2024-04-30", "early this year"},
		{"Troops left late last year.", pub, "2023-09/2023-12", Month, "2023-09-01", "2023-12-31", "late last year"},
		{"The minister resigned yesterday.", pub, "2024-03-13", Day, "2024-03-13", "2024-03-13", "yesterday"},
		{"The minister resigned last week.", pub, "2024-03-04/2024-03-10", Day, "2024-03-04", "2024-03-10", "last week"},
		{"The minister resigned on Monday.", pub, "2024-03-11", Day, "2024-03-11", "2024-03-11", "Monday"},
		// wire convention: the weekday of publication is that day, a
		// future verb reads ahead within the week
		{"The minister resigned on Thursday.", pub, "2024-03-14", Day, "2024-03-14", "2024-03-14", "Thursday"},
		{"Cabinet ministers met on Wednesday to agree the levy.", pub, "2024-03-13", Day, "2024-03-13", "2024-03-13", "Wednesday"},
		{"Negotiators will resume on Friday, the mediator said.", pub, "2024-03-15", Day, "2024-03-15", "2024-03-15", "Friday"},
		{"The union plans a walkout on Monday.", pub, "2024-03-18", Day, "2024-03-18", "2024-03-18", "Monday"},
		{"The court is expected to rule on Thursday.", pub, "2024-03-14", Day, "2024-03-14", "2024-03-14", "Thursday"},
		{"The rivals agreed to resume talks next month, envoys said on Monday.", pub, "2024-03-11", Day, "2024-03-11", "2024-03-11", "Monday"},
		// a date span never takes the sentence's full stop
		{"The ferry service ended on 3 May.", pub, "2024-05-03", Day, "2024-05-03", "2024-05-03", "3 May"},
		{"The ferry service ended on 9 Feb. 2021 after a storm.", pub, "2021-02-09", Day, "2021-02-09", "2021-02-09", "9 Feb. 2021"},
		{"It happened earlier this year.", pub, "2024-01/2024-03", Month, "2024-01-01", "2024-03-31", "earlier this year"},
		{"It happened last year.", pub, "2023", Year, "2023-01-01", "2023-12-31", "last year"},
		{"It happened last month.", pub, "2024-02", Month, "2024-02-01", "2024-02-29", "last month"},
		{"It happened two years ago.", pub, "2022", Year, "2022-01-01", "2022-12-31", "two years ago"},
		{"The plant opened in 2015. A year later it closed.", pub, "2016", Year, "2016-01-01", "2016-12-31", "A year later"},
		{"The plant opened in March 2015. Two years later it closed.", pub, "2017-03", Month, "2017-03-01", "2017-03-31", "Two years later"},
		{"The plant opened in 2015 and closed the following year.", pub, "2016", Year, "2016-01-01", "2016-12-31", "following year"},
		// across a year boundary
		{"The minister resigned last week.", newYear, "2024-12-23/2024-12-29", Day, "2024-12-23", "2024-12-29", "last week"},
		{"It happened last month.", newYear, "2024-12", Month, "2024-12-01", "2024-12-31", "last month"},
		{"The vote was on Monday.", newYear, "2024-12-30", Day, "2024-12-30", "2024-12-30", "Monday"},
		{"The fire started on New Year's Eve, Dec. 31.", newYear, "2024-12-31", Day, "2024-12-31", "2024-12-31", "New Year's Eve"},
		{"The fire started on Dec. 31.", newYear, "2024-12-31", Day, "2024-12-31", "2024-12-31", "Dec. 31"},
		{"Families gathered for Thanksgiving.", time.Date(2025, 12, 1, 0, 0, 0, 0, time.UTC), "2025-11-27", Day, "2025-11-27", "2025-11-27", "Thanksgiving"},
		{"Churches were full at Easter.", time.Date(2025, 5, 1, 0, 0, 0, 0, time.UTC), "2025-04-20", Day, "2025-04-20", "2025-04-20", "Easter"},
		{"Talks resume in mid-November.", time.Date(2023, 11, 2, 0, 0, 0, 0, time.UTC), "2023-11-11/2023-11-20", Day, "2023-11-11", "2023-11-20", "mid-November"},
		{"Debt soared in the mid-2010s.", pub, "2014/2016", Year, "2014-01-01", "2016-12-31", "mid-2010s"},
		{"Exports rose in the third quarter.", time.Date(2024, 11, 2, 0, 0, 0, 0, time.UTC), "2024-07/2024-09", Month, "2024-07-01", "2024-09-30", "third quarter"},
		{"Exports rose in the third quarter of 2022.", pub, "2022-07/2022-09", Month, "2022-07-01", "2022-09-30", "third quarter of 2022"},
		{"The dam filled last autumn.", time.Date(2026, 2, 2, 0, 0, 0, 0, time.UTC), "2025-09/2025-11", Month, "2025-09-01", "2025-11-30", "last autumn"},
		{"Prices fell in March, officials said.", pub, "2024-03", Month, "2024-03-01", "2024-03-31", "March"},
		{"Prices fell in November, officials said.", pub, "2023-11", Month, "2023-11-01", "2023-11-30", "November"},
		{"The coalition faces an election in November.", pub, "2024-11", Month, "2024-11-01", "2024-11-30", "November"},
		{"The vote is today.", pub, "2024-03-14", Day, "2024-03-14", "2024-03-14", "today"},
		{"Growth slowed in the first half of 2023.", pub, "2023-01/2023-06", Month, "2023-01-01", "2023-06-30", "first half of 2023"},
		{"Growth slowed in the second half of last year.", pub, "2023-07/2023-12", Month, "2023-07-01", "2023-12-31", "second half of last year"},
		{"Output recovered in H2 2022.", pub, "2022-07/2022-12", Month, "2022-07-01", "2022-12-31", "H2 2022"},
		{"Exports rose earlier in the year.", pub, "2024-01/2024-03", Month, "2024-01-01", "2024-03-31", "earlier in the year"},
		{"The ceasefire began at the start of the year.", pub, "2024-01/2024-04", Month, "2024-01-01", "2024-04-30", "start of the year"},
		{"Talks resume at the end of the month.", pub, "2024-03-21/2024-03-31", Day, "2024-03-21", "2024-03-31", "end of the month"},
		{"Fighting intensified over the summer.", pub, "2023-06/2023-08", Month, "2023-06-01", "2023-08-31", "summer"},
		{"The dam will be finished over the summer.", pub, "2024-06/2024-08", Month, "2024-06-01", "2024-08-31", "summer"},
		{"Snow closed the passes during the winter.", pub, "2023-12/2024-02", Month, "2023-12-01", "2024-02-29", "winter"},
		{"Protests spread over the weekend.", pub, "2024-03-09/2024-03-10", Day, "2024-03-09", "2024-03-10", "weekend"},
		{"She will take office on Feb. 1, her party said.", pub, "2025-02-01", Day, "2025-02-01", "2025-02-01", "Feb. 1"},
		{"Candidates for the June 30 presidential election are divided.", pub, "2024-06-30", Day, "2024-06-30", "2024-06-30", "June 30"},
		{"Polls before the November election show a tight race.", pub, "2024-11", Month, "2024-11-01", "2024-11-30", "November"},
		{"Results of the February election were disputed.", pub, "2024-02", Month, "2024-02-01", "2024-02-29", "February"},
		{"The president, whose term ends in January, spoke.", pub, "2025-01", Month, "2025-01-01", "2025-01-31", "January"},
		{"Thousands marched last weekend.", pub, "2024-03-09/2024-03-10", Day, "2024-03-09", "2024-03-10", "last weekend"},
		{"The summit is this weekend.", pub, "2024-03-16/2024-03-17", Day, "2024-03-16", "2024-03-17", "this weekend"},
		{"Fighting erupted this weekend.", pub, "2024-03-09/2024-03-10", Day, "2024-03-09", "2024-03-10", "this weekend"},
		{"He said that 2024 would be hard.", pub, "2024", Year, "2024-01-01", "2024-12-31", "2024"},
		{"It happened yesterday.", time.Date(2025, 1, 1, 8, 0, 0, 0, time.UTC), "2024-12-31", Day, "2024-12-31", "2024-12-31", "yesterday"},
		{"It happened last year.", newYear, "2024", Year, "2024-01-01", "2024-12-31", "last year"},
	}
	for _, tc := range tests {
		ents := ex.Extract(Input{Body: tc.text, Published: tc.pub})
		var got *Entity
		for i := range ents {
			if ents[i].Type == Date && ents[i].Value == tc.value {
				got = &ents[i]
			}
		}
		if got == nil {
			t.Errorf("%q (pub %s): no date %s; got %v", tc.text, tc.pub.Format("2006-01-02"), tc.value, dateVals(ents))
			continue
		}
		if got.Granularity != tc.gran || got.From != tc.from || got.To != tc.to {
			t.Errorf("%q: got %s %s..%s, want %s %s..%s", tc.text, got.Granularity, got.From, got.To, tc.gran, tc.from, tc.to)
		}
		if got.Mentions[0].Text != tc.mention {
			t.Errorf("%q: mention %q, want %q", tc.text, got.Mentions[0].Text, tc.mention)
		}
	}
}

func dateVals(ents []Entity) []string {
	var out []string
	for _, e := range ents {
		if e.Type == Date {
			out = append(out, e.Value+"="+e.Mentions[0].Text)
		}
	}
	return out
}

func TestNoFalseDates(t *testing.T) {
	ex := newTest(t)
	for _, s := range []string{
		"About 2000 troops and 1,500 police were deployed.",
		"May I ask a question?",
		"She said she may resign.",
		"The march on the capital drew crowds.",
		"He scored 2024 points in total.",
		"Theresa May spoke. May said she would stay.",
		"Three years after the war, it was calm.",
		"In the past month, prices rose.",
	} {
		ents := ex.Extract(Input{Body: s, Published: pub})
		if v := dateVals(ents); len(v) > 0 {
			t.Errorf("%q: unexpected dates %v", s, v)
		}
	}
	// no publication time: relative dates are not resolved
	ents := ex.Extract(Input{Body: "It happened yesterday and on October 7, 2023."})
	if v := dateVals(ents); len(v) != 1 {
		t.Errorf("without publication time got %v, want only the absolute date", v)
	}
}
