package ui

import (
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"partnerdesk/data"
)

// largeWindow is the timesheet tab on the large demo (40 people × 36 months, about 100k entries).
func largeWindow(b *testing.B) (*Main, *TimesheetView) {
	b.Helper()
	a := test.NewTempApp(b)
	s, err := data.Open(filepath.Join(b.TempDir(), "large.db"), data.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	if _, err := s.Import(data.Demo(data.DemoOptions{People: 40, Months: 36, Seed: 1}), data.ImportOptions{Source: "demo"}); err != nil {
		b.Fatal(err)
	}
	w := a.NewWindow("Partnerdesk")
	m := Build(w, s)
	w.SetContent(m.Content())
	w.Resize(fyne.NewSize(1280, 720))
	selectTab(m, m.Timesheet.Content)
	v := m.Timesheet
	v.Person.SetSelectedIndex(7)
	v.Month.SetSelectedIndex(0)
	return m, v
}

// BenchmarkMonthSwitch shows the next month of a person in the grid: the sheet read, checked and laid out.
func BenchmarkMonthSwitch(b *testing.B) {
	_, v := largeWindow(b)
	n := len(v.months)
	i := 0
	b.ResetTimer()
	for b.Loop() {
		i = (i + 1) % n
		v.Month.SetSelectedIndex(i)
	}
	if v.sheet == nil || v.sheet.Month != v.months[i] {
		b.Fatal("the month was not shown")
	}
}

// BenchmarkMonthSaveTyped types 20 cells into the grid and saves them in one transaction.
func BenchmarkMonthSaveTyped(b *testing.B) {
	m, v := largeWindow(b)
	v.Month.SetSelectedIndex(len(v.months) - 1)
	k := 0
	b.ResetTimer()
	for b.Loop() {
		k++
		cells := 0
		for d := 1; d <= 31 && cells < 20; d++ {
			if c := v.Grid.Cell(d, 0); c != nil {
				c.SetText([]string{"1.5", "2", "2:30"}[(k+d)%3])
				cells++
			}
		}
		v.save(nil, nil)
		m.Wait()
		if v.Grid.Dirty() {
			b.Fatal("the typed month was not saved")
		}
	}
}

// BenchmarkFirstWindow is the start on the large demo: the window built, the first project
// loaded and the first frame painted.
func BenchmarkFirstWindow(b *testing.B) {
	m, _ := largeWindow(b)
	s := m.store
	a := fyne.CurrentApp()
	b.ResetTimer()
	for b.Loop() {
		w := a.NewWindow("Partnerdesk")
		m := Build(w, s)
		w.SetContent(m.Content())
		w.Resize(fyne.NewSize(1280, 720))
		w.Canvas().Capture()
		m.Wait()
		w.Close()
	}
}
