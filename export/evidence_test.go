package export

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"math"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"partnerdesk/data"
)

// ppmPage renders one page with pdftoppm at dpi as a binary PPM and returns its width, height and RGB bytes.
func ppmPage(t *testing.T, pdf []byte, page, dpi int) (int, int, []byte) {
	t.Helper()
	// The top 45 mm of the page, where the header is.
	out, err := exec.Command(tool(t, "pdftoppm"), "-r", itoa(dpi), "-f", itoa(page), "-l", itoa(page), "-singlefile",
		"-x", "0", "-y", "0", "-W", itoa(dpi*300/25), "-H", itoa(dpi*45*10/254), writeTemp(t, pdf)).Output()
	if err != nil {
		t.Fatalf("pdftoppm: %v", err)
	}
	r := bufio.NewReader(bytes.NewReader(out))
	var magic string
	var w, h, maxv int
	if _, err := fmt.Fscan(r, &magic, &w, &h, &maxv); err != nil || magic != "P6" || maxv != 255 {
		t.Fatalf("pdftoppm wrote no P6 picture: %v %q", err, magic)
	}
	r.ReadByte() // the single white space after the header
	pix := make([]byte, w*h*3)
	if _, err := io.ReadFull(r, pix); err != nil {
		t.Fatal(err)
	}
	return w, h, pix
}

func near(p []byte, c rgb, tol int) bool {
	d := func(a byte, b int) int { return max(int(a)-b, b-int(a)) }
	return d(p[0], c.r) <= tol && d(p[1], c.g) <= tol && d(p[2], c.b) <= tol
}

// emblemOnPage finds the European emblem in the top quarter of a page: a reflex-blue 3:2 rectangle with
// twelve separate gold shapes on a circle of a third of its height around its centre. It says what is wrong.
func emblemOnPage(t *testing.T, pdf []byte, page int) string {
	t.Helper()
	const dpi = 600
	w, h, pix := ppmPage(t, pdf, page, dpi)
	at := func(x, y int) []byte { i := (y*w + x) * 3; return pix[i : i+3] }
	// The largest blue shape at the top of the page (the rule under the header and the statement's
	// letters are of the same blue, but apart from it).
	x0, y0, x1, y1 := w, h, -1, -1
	blue := make([]bool, w*h)
	best := 0
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			if blue[y*w+x] || !near(at(x, y), colEmblemBlue, 12) {
				continue
			}
			n, bx0, by0, bx1, by1 := 0, x, y, x, y
			stack := [][2]int{{x, y}}
			blue[y*w+x] = true
			for len(stack) > 0 {
				p := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				n++
				bx0, by0, bx1, by1 = min(bx0, p[0]), min(by0, p[1]), max(bx1, p[0]), max(by1, p[1])
				for _, d := range [][2]int{{1, 0}, {-1, 0}, {0, 1}, {0, -1}} {
					nx, ny := p[0]+d[0], p[1]+d[1]
					if nx < 0 || nx >= w || ny < 0 || ny >= h || blue[ny*w+nx] || !near(at(nx, ny), colEmblemBlue, 12) {
						continue
					}
					blue[ny*w+nx] = true
					stack = append(stack, [2]int{nx, ny})
				}
			}
			if n > best {
				best, x0, y0, x1, y1 = n, bx0, by0, bx1, by1
			}
		}
	}
	if x1 < 0 {
		return "no reflex-blue area at the top of the page"
	}
	bw, bh := float64(x1-x0+1), float64(y1-y0+1)
	if r := bw / bh; math.Abs(r-1.5) > 0.06 {
		return fmt.Sprintf("the blue area is %.0f×%.0f px, not 3:2", bw, bh)
	}
	if mm := bh / dpi * 25.4; mm < 6 || mm > 15 {
		return fmt.Sprintf("the emblem is %.1f mm high", mm)
	}
	// Gold shapes inside the rectangle, by flood fill.
	seen := make([]bool, w*h)
	type blob struct{ n, sx, sy int }
	var blobs []blob
	for y := y0; y <= y1; y++ {
		for x := x0; x <= x1; x++ {
			if seen[y*w+x] || !near(at(x, y), colEmblemGold, 60) {
				continue
			}
			b := blob{}
			stack := [][2]int{{x, y}}
			seen[y*w+x] = true
			for len(stack) > 0 {
				p := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				b.n++
				b.sx += p[0]
				b.sy += p[1]
				for _, d := range [][2]int{{1, 0}, {-1, 0}, {0, 1}, {0, -1}} {
					nx, ny := p[0]+d[0], p[1]+d[1]
					if nx < x0 || nx > x1 || ny < y0 || ny > y1 || seen[ny*w+nx] || !near(at(nx, ny), colEmblemGold, 60) {
						continue
					}
					seen[ny*w+nx] = true
					stack = append(stack, [2]int{nx, ny})
				}
			}
			if b.n > 20 { // not a stray pixel of a letter's antialiased edge
				blobs = append(blobs, b)
			}
		}
	}
	if len(blobs) != 12 {
		return fmt.Sprintf("%d gold shapes in the emblem, want 12 stars", len(blobs))
	}
	cx, cy := float64(x0+x1)/2, float64(y0+y1)/2
	for _, b := range blobs {
		bx, by := float64(b.sx)/float64(b.n), float64(b.sy)/float64(b.n)
		if r := math.Hypot(bx-cx, by-cy) / bh; math.Abs(r-1.0/3) > 0.03 {
			return fmt.Sprintf("a star stands %.3f of the height from the centre, not a third", r)
		}
		// A five-pointed star of radius h/18 covers about 0.0272 h² (a disc of that radius 0.0097 h²×π…):
		// its area tells a star from a dot or a square.
		area := float64(b.n) / (bh * bh)
		if area < 0.0015 || area > 0.0045 {
			return fmt.Sprintf("a gold shape covers %.4f h², not a star of radius h/18", area)
		}
	}
	return ""
}

// TestEmblemOnEveryDocument (issue 9, finding 7): every document's header carries the EU emblem drawn as
// vectors beside the funding statement of the project's programme generation.
func TestEmblemOnEveryDocument(t *testing.T) {
	f := greenskills(t)
	b := f.budget(t)
	work := f.work(t)
	sheet := f.sheet(t, "Lukas Hofer", "2019-10")
	lump, lumpBudget := lumpSumDocument(t)
	for _, c := range []struct {
		name, statement string
		write           func(io.Writer) error
	}{
		{"timesheet", "Co-funded by the Erasmus+ Programme of the European Union", func(w io.Writer) error { return Timesheet(w, sheet) }},
		{"output report", "Co-funded by the Erasmus+ Programme of the European Union", func(w io.Writer) error { return OutputReport(w, f.doc, b, work, "O1") }},
		{"budget report", "Co-funded by the Erasmus+ Programme of the European Union", func(w io.Writer) error { return BudgetReport(w, f.doc, b) }},
		{"attendance list", "Co-funded by the Erasmus+ Programme of the European Union", func(w io.Writer) error { return AttendanceList(w, f.doc, "E1") }},
		{"certificates", "Co-funded by the Erasmus+ Programme of the European Union", func(w io.Writer) error { return Certificates(w, f.doc, "C1") }},
		{"work package report 2021", "Co-funded by the European Union", func(w io.Writer) error { return OutputReport(w, lump, lumpBudget, nil, "WP1") }},
		{"budget report 2021", "Co-funded by the European Union", func(w io.Writer) error { return BudgetReport(w, lump, lumpBudget) }},
	} {
		t.Run(c.name, func(t *testing.T) {
			pdf := render(t, c.write)
			for p := 1; p <= pageCount(t, pdf); p++ {
				if p > 2 {
					break
				}
				if msg := emblemOnPage(t, pdf, p); msg != "" {
					t.Errorf("page %d: %s", p, msg)
				}
				if text := flatText(t, pdf, p, p); !strings.Contains(text, c.statement) {
					t.Errorf("page %d lacks %q", p, c.statement)
				}
			}
			if c.statement == "Co-funded by the European Union" && strings.Contains(flatText(t, pdf), "Erasmus+ Programme") {
				t.Error("a 2021–2027 document names the 2014–2020 programme")
			}
		})
	}
	pngPage1(t, "emblem-timesheet", render(t, func(w io.Writer) error { return Timesheet(w, sheet) }))
}

// TestNotesWrappedNeverCut (finding 7): a long note and a long project title come out whole, and no
// document of the example prints an ellipsis.
func TestNotesWrappedNeverCut(t *testing.T) {
	f := greenskills(t)
	s := f.sheet(t, "Lukas Hofer", "2019-10")
	note := "Revised units 3 and 4 after the pilot in Graz: rewrote the assessment grid, added two case studies on " +
		"repair cafés and translated the trainer notes for the partners in Łódź and Πάτρα"
	for i := range s.Days {
		if s.Days[i].Total > 0 {
			s.Days[i].Notes = []string{note}
			break
		}
	}
	s.Project.Title = "Green skills for adult educators: a European curriculum, an open learning platform and a network " +
		"of trainers for the ecological transition of adult education in rural and urban regions"
	pdf := render(t, func(w io.Writer) error { return Timesheet(w, s) })
	text := flatText(t, pdf)
	for _, want := range []string{note, s.Project.Title} {
		if !strings.Contains(text, want) {
			t.Errorf("the timesheet cuts %q:\n%s", want, text)
		}
	}
	if n := pageCount(t, pdf); n != 1 {
		t.Errorf("%d pages: one long note should not push the month over a page", n)
	}
	b := f.budget(t)
	work := f.work(t)
	docs := map[string]func(io.Writer) error{
		"timesheet":  func(w io.Writer) error { return Timesheet(w, s) },
		"O1":         func(w io.Writer) error { return OutputReport(w, f.doc, b, work, "O1") },
		"O2":         func(w io.Writer) error { return OutputReport(w, f.doc, b, work, "O2") },
		"M1":         func(w io.Writer) error { return AttendanceList(w, f.doc, "M1") },
		"E1":         func(w io.Writer) error { return AttendanceList(w, f.doc, "E1") },
		"C1":         func(w io.Writer) error { return AttendanceList(w, f.doc, "C1") },
		"certificat": func(w io.Writer) error { return Certificates(w, f.doc, "C1") },
	}
	for name, write := range docs {
		if strings.Contains(flatText(t, render(t, write)), "…") {
			t.Errorf("%s: text is cut with an ellipsis", name)
		}
	}
	// A walk-in's long organisation name on the attendance list is made smaller, not cut.
	doc := *f.doc
	m1, err := data.FindEvent(&doc, "M1")
	if err != nil {
		t.Fatal(err)
	}
	long := "Stowarzyszenie na rzecz Edukacji Ekologicznej Dorosłych i Zrównoważonego Rozwoju Obszarów Wiejskich"
	doc.Participants = append(append([]data.Participant(nil), f.doc.Participants...),
		data.Participant{ID: "p-long", Event: m1.ID, Name: "Maximiliane Konstanze Wittelsbach-Hohenzollern", Organisation: long, Country: "PL"})
	text = flatText(t, render(t, func(w io.Writer) error { return AttendanceList(w, &doc, "M1") }))
	for _, want := range []string{long, "Maximiliane Konstanze Wittelsbach-Hohenzollern"} {
		if !strings.Contains(text, want) {
			t.Errorf("the attendance list cuts %q", want)
		}
	}
}

// manyOutputSheet spreads Lukas Hofer's October over n outputs (work packages), with checks as given.
func manyOutputSheet(t *testing.T, f *fixture, n, checks int) *data.MonthSheet {
	s := f.sheet(t, "Lukas Hofer", "2019-10")
	base := s.Outputs[0]
	s.Outputs, s.OutputSums = nil, nil
	for i := range n {
		o := base
		o.ID, o.Code, o.Kind = o.ID+itoa(i), "WP"+itoa(i+1), data.OutputWorkPackage
		o.Title = "Work package " + itoa(i+1) + ": " + base.Title
		s.Outputs = append(s.Outputs, o)
		s.OutputSums = append(s.OutputSums, 0)
	}
	for i := range s.Days {
		d := &s.Days[i]
		d.Hours = make([]data.Seconds, n)
		if d.Total > 0 {
			d.Hours[i%n] = d.Total
			s.OutputSums[i%n] += d.Total
		}
	}
	for d := 1; d <= checks; d++ {
		s.Checks = append(s.Checks, data.Check{Date: data.NewDate(2019, 10, d), Level: data.LevelWarning,
			Reason: "9 h across all projects, more than the working day of 8 h"})
	}
	return s
}

// TestSignaturesKeptWithGrid (finding 7): with 11 work packages the signature block stays on the page of
// the grid's last days and its totals, never alone on a page of its own.
func TestSignaturesKeptWithGrid(t *testing.T) {
	f := greenskills(t)
	for _, c := range []struct {
		outputs, checks int
	}{{11, 0}, {11, 3}, {11, 8}, {8, 12}, {3, 30}, {11, 30}} {
		t.Run(fmt.Sprintf("%d outputs %d checks", c.outputs, c.checks), func(t *testing.T) {
			s := manyOutputSheet(t, f, c.outputs, c.checks)
			pdf := render(t, func(w io.Writer) error { return Timesheet(w, s) })
			n := pageCount(t, pdf)
			last := textOf(t, pdf, n, n)
			for _, want := range []string{"Staff member", "Supervisor"} {
				if !strings.Contains(last, want) {
					t.Fatalf("the last page lacks %q", want)
				}
			}
			// The signatures share their page with the end of the grid and its totals when what follows
			// the grid fits a page; else at least with the last of the checks.
			fits := c.checks <= 3
			switch {
			case fits && (!strings.Contains(last, "2019-10-31") || !strings.Contains(last, "Total hours")):
				t.Errorf("page %d of %d holds the signatures without the grid's end:\n%s", n, n, last)
			case !fits && !strings.Contains(last, "Warning") && !strings.Contains(last, "Total hours"):
				t.Errorf("page %d of %d holds the signatures alone:\n%s", n, n, last)
			}
			if c.outputs == 11 && c.checks == 0 && n > 2 {
				t.Errorf("%d pages for 11 work packages", n)
			}
		})
	}
	pngPage1(t, "timesheet-11wp-p2", render(t, func(w io.Writer) error { return Timesheet(w, manyOutputSheet(t, f, 11, 3)) }), 2)
}

// TestAttendanceListPerDay (finding 6): a meeting of two days has a signature column per day, a learning
// activity gets an attendance list too, and the list says how many rows are left for walk-ins.
func TestAttendanceListPerDay(t *testing.T) {
	f := greenskills(t)
	pdf := render(t, func(w io.Writer) error { return AttendanceList(w, f.doc, "M1") })
	text := textOf(t, pdf)
	head := regexp.MustCompile(`Mon 2019-10-14\s+Tue 2019-10-15`)
	if !head.MatchString(text) || strings.Count(text, "Signature") < 2 {
		t.Errorf("M1 (2 days) lacks a signature column per day:\n%s", text)
	}
	flat := flatText(t, pdf)
	m := regexp.MustCompile(`Rows (\d+) to (\d+) \((\d+) rows\) are left blank for participants who register on the day`).FindStringSubmatch(flat)
	if m == nil {
		t.Fatalf("the list does not say how many rows are left for walk-ins:\n%s", flat)
	}
	from, _ := strconv.Atoi(m[1])
	to, _ := strconv.Atoi(m[2])
	n, _ := strconv.Atoi(m[3])
	if from != 4 || to-from+1 != n || n < 5 || !strings.Contains(text, itoa(to)+".") || strings.Contains(text, itoa(to+1)+".") {
		t.Errorf("walk-in rows %d to %d (%d): M1 has 3 participants, then the blank rows", from, to, n)
	}
	if !strings.Contains(flat, "Die Zeilen 4 bis") {
		t.Error("the walk-in note is not in the host's language too")
	}

	pdf = render(t, func(w io.Writer) error { return AttendanceList(w, f.doc, "C1") })
	text = textOf(t, pdf)
	for _, want := range []string{"Attendance list", "Short-term joint staff training", "Paweł Żak", "Lukas Hofer",
		"Mon 2020-02-10", "Tue 2020-02-11", "Wed 2020-02-12", "Thu 2020-02-13", "Fri 2020-02-14"} {
		if !strings.Contains(text, want) {
			t.Errorf("the C1 attendance list lacks %q", want)
		}
	}
	// A fortnight's activity: one list per week, each numbered on its own.
	doc := *f.doc
	doc.Events = append([]data.Event(nil), f.doc.Events...)
	for i := range doc.Events {
		if doc.Events[i].Code == "C1" {
			doc.Events[i].End = data.NewDate(2020, 2, 23)
		}
	}
	pdf = render(t, func(w io.Writer) error { return AttendanceList(w, &doc, "C1") })
	text = flatText(t, pdf)
	for _, want := range []string{"Mon 2020-02-10", "Sun 2020-02-16", "Mon 2020-02-17", "Sun 2020-02-23", "2020-02-17 – 2020-02-23"} {
		if !strings.Contains(text, want) {
			t.Errorf("the 14-day list lacks %q", want)
		}
	}
	if n := pageCount(t, pdf); n != 2 {
		t.Errorf("%d pages for two weeks", n)
	}
}

// TestCertificateOwnDates (finding 4): a participant's own dates and days are printed, the event's beside them.
func TestCertificateOwnDates(t *testing.T) {
	f := greenskills(t)
	doc := *f.doc
	doc.Participants = append([]data.Participant(nil), f.doc.Participants...)
	e, err := data.FindEvent(&doc, "C1")
	if err != nil {
		t.Fatal(err)
	}
	for i := range doc.Participants {
		if p := &doc.Participants[i]; p.Event == e.ID && p.Name == "Lukas Hofer" {
			p.Start, p.End, p.Days = data.NewDate(2020, 2, 11), data.NewDate(2020, 2, 13), 3
		}
	}
	// On the attendance list the days outside Lukas Hofer's own dates are struck out.
	if m := regexp.MustCompile(`Lukas Hofer.*`).FindString(textOf(t, render(t, func(w io.Writer) error { return AttendanceList(w, &doc, "C1") }))); strings.Count(m, "—") != 2 {
		t.Errorf("Lukas Hofer's row should strike out 2020-02-10 and 2020-02-14: %q", m)
	}
	pdf := render(t, func(w io.Writer) error { return Certificates(w, &doc, "C1") })
	for i := 1; i <= pageCount(t, pdf); i++ {
		page := flatText(t, pdf, i, i)
		if !strings.Contains(page, "Lukas Hofer") {
			continue
		}
		for _, want := range []string{"Attended", "from 2020-02-11 to 2020-02-13", "3 days", "Dates of the activity",
			"2020-02-10 – 2020-02-14", "Πάτρα, 2020-02-13"} {
			if !strings.Contains(page, want) {
				t.Errorf("Lukas Hofer's certificate lacks %q:\n%s", want, page)
			}
		}
		if strings.Contains(page, "5 days") && !strings.Contains(page, "5 days /") {
			t.Errorf("the certificate prints the event's 5 days as the participant's")
		}
		if strings.Contains(page, "from 2020-02-10 to 2020-02-14") {
			t.Errorf("the certificate prints the event's dates as the participant's")
		}
		return
	}
	t.Fatal("no certificate for Lukas Hofer")
}

// figure reads a printed number: "1,234.50" or "—".
func figure(s string) (int64, bool) {
	s = strings.ReplaceAll(strings.ReplaceAll(s, ",", ""), "−", "-")
	if !regexp.MustCompile(`^-?\d+\.\d\d$`).MatchString(s) {
		return 0, false
	}
	v, _ := strconv.ParseFloat(s, 64)
	return int64(math.Round(v * 100)), true
}

var reportLine = regexp.MustCompile(`^\s*(.*?)\s+(—|[\d,]+\.\d\d)\s+([\d,]+\.\d\d)\s+([\d,]+\.\d\d)(?:\s+([\d,]+\.\d\d))?\s+([\d,]+\.\d\d)\s*$`)

// checkReportArithmetic reads the effort table of a report's layout text: on each organisation's line
// days × rate = amount to the cent and hours ÷ working day = days; each subtotal and the total are the sums
// of the printed lines above them (planned days, hours, days and amounts). It returns the lines it read.
func checkReportArithmetic(t *testing.T, text string, workingDay map[string]float64) int {
	t.Helper()
	type sums struct{ planned, hours, days, amount int64 }
	var group, total sums
	read := 0
	sawTotal := false
	for _, line := range strings.Split(text, "\n") {
		m := reportLine.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		label := m[1]
		planned, hasPlanned := figure(m[2])
		hrs, _ := figure(m[3])
		dd, _ := figure(m[4])
		amount, _ := figure(m[6])
		isSum := strings.HasPrefix(label, "Subtotal") || label == "Total"
		if m[5] == "" && !isSum {
			continue // not a line of the effort table
		}
		switch {
		case strings.HasPrefix(label, "Subtotal"):
			if (group != sums{planned, hrs, dd, amount}) && !(m[2] == "—" && group.planned == 0 && (group == sums{0, hrs, dd, amount})) {
				t.Errorf("%q: printed %v, the lines above add up to %v", strings.TrimSpace(line), sums{planned, hrs, dd, amount}, group)
			}
			group = sums{}
		case label == "Total":
			if total.hours != hrs || total.days != dd || total.amount != amount || (hasPlanned && total.planned != planned) {
				t.Errorf("%q: printed %v, the lines add up to %v", strings.TrimSpace(line), sums{planned, hrs, dd, amount}, total)
			}
			sawTotal = true
		default:
			rate, _ := figure(m[5])
			read++
			if want := (dd*rate + 50) / 100; amount != want {
				t.Errorf("%q: %s × %s = %s, printed %s", strings.TrimSpace(line), m[4], m[5], money(data.Cents(want)), m[6])
			}
			day := 8.0
			for name, wd := range workingDay {
				if strings.Contains(label, name) {
					day = wd
				}
			}
			if want := int64(math.Round(float64(hrs) / day)); dd != want {
				t.Errorf("%q: %s h ÷ %g = %.2f days, printed %s", strings.TrimSpace(line), m[3], day, float64(want)/100, m[4])
			}
			if hasPlanned {
				group.planned += planned
				total.planned += planned
			}
			group.hours += hrs
			group.days += dd
			group.amount += amount
			total.hours += hrs
			total.days += dd
			total.amount += amount
		}
	}
	if !sawTotal {
		t.Errorf("no total line in:\n%s", text)
	}
	return read
}

// TestOutputReportArithmetic (findings 2 and 6): every printed line of the output and work-package
// reports checks with a calculator, and the work-package report has staff categories, rates with their
// source, and planned days.
func TestOutputReportArithmetic(t *testing.T) {
	f := greenskills(t)
	b := f.budget(t)
	work := f.work(t)
	for _, code := range []string{"O1", "O2"} {
		text := textOf(t, render(t, func(w io.Writer) error { return OutputReport(w, f.doc, b, work, code) }))
		if n := checkReportArithmetic(t, text, nil); n == 0 {
			t.Errorf("%s: no line read", code)
		}
	}
	o1 := textOf(t, render(t, func(w io.Writer) error { return OutputReport(w, f.doc, b, work, "O1") }))
	for _, want := range []string{"23.56", "241.00", "5,677.96", "unit cost, group 1", "Hours", "188.50"} {
		if !strings.Contains(o1, want) {
			t.Errorf("O1 lacks %q", want)
		}
	}

	// An interim report: the hours up to a date, said in the header, adding up as well.
	asOf := data.NewDate(2019, 10, 31)
	bAt, err := f.store.BudgetAsOf(f.project, asOf)
	if err != nil {
		t.Fatal(err)
	}
	wAt, err := f.store.WorkAsOf(f.project, asOf)
	if err != nil {
		t.Fatal(err)
	}
	interim := textOf(t, render(t, func(w io.Writer) error { return OutputReport(w, f.doc, bAt, wAt, "O1") }))
	checkReportArithmetic(t, interim, nil)
	if !strings.Contains(interim, "As of") || !strings.Contains(interim, "2019-10-31") || strings.Contains(interim, "188.50") {
		t.Errorf("the O1 report as of 2019-10-31 does not say so or counts later hours:\n%s", interim)
	}

	// Under 2014–2020 an own rate is shown beside the unit cost and never replaces it.
	own := *f.doc
	own.Partners = append([]data.Partner(nil), f.doc.Partners...)
	for i := range own.Partners {
		if own.Partners[i].ShortName == "VHS" {
			own.Partners[i].Rates = map[string]data.Cents{data.CatTeacher: 25000}
		}
	}
	text := textOf(t, render(t, func(w io.Writer) error { return OutputReport(w, &own, b, work, "O1") }))
	checkReportArithmetic(t, text, nil)
	for _, want := range []string{"VHS, Teacher/trainer: own rate 250.00 (own accounts only)", "5,677.96"} {
		if !strings.Contains(strings.Join(strings.Fields(text), " "), want) {
			t.Errorf("O1 with an own rate lacks %q", want)
		}
	}

	// Lump sums: one organisation with its own rates, one with none (an estimate), planned days on the WP.
	doc, _ := lumpSumDocument(t)
	wp1 := doc.Outputs[0]
	doc.Partners[0].Rates = map[string]data.Cents{data.CatManager: 31050, data.CatTeacher: 23333}
	doc.Partners[0].WorkingDay = 7*3600 + 1800
	for _, p := range doc.Partners {
		doc.Outputs[0].Planned = append(doc.Outputs[0].Planned, data.PlannedDays{Partner: p.ID, Category: data.CatTeacher, Days: 1250})
	}
	b2, err := data.ComputeBudget(doc, data.WorkFromEntries(doc.Entries))
	if err != nil {
		t.Fatal(err)
	}
	text = textOf(t, render(t, func(w io.Writer) error { return OutputReport(w, doc, b2, nil, wp1.Code) }))
	if n := checkReportArithmetic(t, text, map[string]float64{doc.Partners[0].Name: 7.5}); n < 2 {
		t.Errorf("WP1: %d lines read:\n%s", n, text)
	}
	for _, want := range []string{"Days per organisation and staff category", "Staff category", "Planned", "12.50",
		"Day rate (EUR)", "233.33", "own rate", "estimate, group", "Allocation and staff cost per organisation",
		"Allocated (EUR)", "Used"} {
		if !strings.Contains(text, want) {
			t.Errorf("the WP1 report lacks %q", want)
		}
	}
	// The report's staff cost per organisation is the budget's.
	for _, ln := range b2.Lines {
		if ln.Output == wp1.ID && ln.StaffCost != nil && *ln.StaffCost > 0 && !strings.Contains(text, money(*ln.StaffCost)) {
			t.Errorf("the WP1 report lacks the budget's staff cost %s for %s", money(*ln.StaffCost), ln.Partner)
		}
	}
	pngPage1(t, "output-wp1-2021", render(t, func(w io.Writer) error { return OutputReport(w, doc, b2, nil, wp1.Code) }))
}

// TestChecksAndHolidaysBilingual (finding 7): on a bilingual sheet the checks and the holiday names are
// in both languages.
func TestChecksAndHolidaysBilingual(t *testing.T) {
	f := greenskills(t)
	s := f.sheet(t, "Lukas Hofer", "2019-10")
	s.Checks = append(s.Checks,
		data.Check{Date: data.NewDate(2019, 10, 26), Level: data.LevelWarning, Reason: "work on a public holiday (National Day)"},
		data.Check{Date: data.NewDate(2019, 10, 27), Level: data.LevelWarning, Reason: "work on a Sunday"},
		data.Check{Date: data.NewDate(2019, 10, 28), Level: data.LevelWarning, Reason: "9.5 h across all projects, more than the working day of 8 h"},
		data.Check{Date: data.NewDate(2019, 10, 29), Level: data.LevelError, Reason: "2019-10-29 is outside O1's period 2019-10-30 – 2020-09-30"},
	)
	text := flatText(t, render(t, func(w io.Writer) error { return Timesheet(w, s) }))
	for _, want := range []string{
		"National Day / Nationalfeiertag",
		"work on a public holiday (National Day)", "Arbeit an einem gesetzlichen Feiertag (Nationalfeiertag)",
		"work on a Sunday", "Arbeit an einem Sonntag",
		"9,5 h in allen Projekten zusammen, mehr als der Arbeitstag von 8 h",
		"29. Oktober 2019 liegt außerhalb des Zeitraums von O1 (30. Oktober 2019 – 30. September 2020)",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the Austrian sheet lacks %q", want)
		}
	}
	// Every known check shape has its translation in every language, and a holiday name of each
	// country whose language a sheet can carry.
	for _, code := range languages {
		l := newLang(code)
		for _, c := range []string{"work on a Saturday", "1:30 h is more than a day", "outside the project period 2019-09-01 – 2021-08-31",
			`changed after approval by "Anna" on 2020-01-02`, "25 h across all projects, more than 24 h"} {
			if loc := checkLocal(l, data.Partner{}, data.Check{Reason: c}); loc == "" || strings.Contains(loc, "[") {
				t.Errorf("%s: %q has no translation (%q)", code, c, loc)
			}
		}
	}
	for country, lang := range countryLanguage {
		if l := newLang(lang); l.holiday(country, "Labour Day") == "" && l.holiday(country, "New Year's Day") == "" {
			t.Errorf("%s: no holiday names in %s", country, lang)
		}
	}
}

var (
	valueLine = regexp.MustCompile(`([\d,]+\.\d\d) × ([\d,]+\.\d\d) EUR = ([\d,]+\.\d\d) EUR`)
	daysRow   = regexp.MustCompile(`(?m)^\s*Days \([^)]*\)((?:\s+[\d,]+\.\d\d)+)\s*$`)
)

// TestDemoDocumentsAddUp (deliverable 2, the documents' part): on the demo project every output report's
// lines and totals check with a calculator, and every timesheet's total days is the sum of its per-output
// days and its value the printed days × the printed rate.
func TestDemoDocumentsAddUp(t *testing.T) {
	demo := data.Demo(data.DemoOptions{People: 8, Months: 6, Seed: 3})
	f := importFixture(t, demo)
	b := f.budget(t)
	work := f.work(t)
	day := map[string]float64{}
	for _, p := range f.doc.Partners {
		day[p.Name] = float64(p.Day()) / 3600
	}
	for _, o := range f.doc.Outputs {
		text := textOf(t, render(t, func(w io.Writer) error { return OutputReport(w, f.doc, b, work, o.Code) }))
		checkReportArithmetic(t, text, day)
	}
	keys, err := f.store.SheetsWithWork(f.project, data.Month{}, data.Month{})
	if err != nil {
		t.Fatal(err)
	}
	if len(keys) > 12 {
		keys = keys[:12]
	}
	sheets, err := f.store.MonthSheets(f.project, keys)
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, s := range sheets {
		text := textOf(t, render(t, func(w io.Writer) error { return Timesheet(w, s) }))
		m := daysRow.FindStringSubmatch(text)
		if m == nil {
			t.Errorf("%s %s: no days row:\n%s", s.Person.Name, s.Month, text)
			continue
		}
		var vals []int64
		for _, f := range strings.Fields(m[1]) {
			v, _ := figure(f)
			vals = append(vals, v)
		}
		var sum int64
		for _, v := range vals[:len(vals)-1] {
			sum += v
		}
		if total := vals[len(vals)-1]; len(vals) > 1 && sum != total {
			t.Errorf("%s %s: per-output days add up to %d, the total says %d", s.Person.Name, s.Month, sum, total)
		}
		if v := valueLine.FindStringSubmatch(flatText(t, render(t, func(w io.Writer) error { return Timesheet(w, s) }))); v != nil {
			dd, _ := figure(v[1])
			rate, _ := figure(v[2])
			amount, _ := figure(v[3])
			if want := (dd*rate + 50) / 100; amount != want || dd != vals[len(vals)-1] {
				t.Errorf("%s %s: %q does not check (days %d)", s.Person.Name, s.Month, v[0], vals[len(vals)-1])
			}
		}
		checked++
	}
	if checked == 0 {
		t.Error("no timesheet checked")
	}
}
