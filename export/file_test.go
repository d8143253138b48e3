package export

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"golang.org/x/text/unicode/norm"

	"partnerdesk/data"
)

// entries lists a folder, to see that nothing half-written stays behind.
func entries(t *testing.T, dir string) []string {
	t.Helper()
	list, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range list {
		names = append(names, e.Name())
	}
	return names
}

func TestWriteFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "Timesheet 2019-10 Łódź.pdf")
	if err := WriteFile(path, func(w io.Writer) error { _, err := io.WriteString(w, "%PDF-1.3 hello"); return err }); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(path)
	if err != nil || string(got) != "%PDF-1.3 hello" {
		t.Fatalf("read back %q, %v", got, err)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o644 {
		t.Errorf("mode %v, want 0644", fi.Mode().Perm())
	}
	if names := entries(t, dir); len(names) != 1 {
		t.Errorf("the folder holds %v, want only the document", names)
	}
	// Writing again replaces the file whole.
	if err := WriteFile(path, func(w io.Writer) error { _, err := io.WriteString(w, "second"); return err }); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(path); string(got) != "second" {
		t.Errorf("after a rewrite: %q", got)
	}
}

func TestWriteFileFailures(t *testing.T) {
	dir := t.TempDir()
	// A document that fails half-way leaves nothing, and its error comes back as it is.
	boom := errors.New("event C1 is a learning activity")
	path := filepath.Join(dir, "half.pdf")
	err := WriteFile(path, func(w io.Writer) error {
		io.WriteString(w, strings.Repeat("x", 1<<20))
		return boom
	})
	if !errors.Is(err, boom) {
		t.Errorf("got %v, want the document's error", err)
	}
	if names := entries(t, dir); len(names) != 0 {
		t.Errorf("a failed write left %v", names)
	}
	// A failing document keeps an existing file as it was.
	os.WriteFile(path, []byte("old"), 0o644)
	WriteFile(path, func(w io.Writer) error { return boom })
	if got, _ := os.ReadFile(path); string(got) != "old" {
		t.Errorf("the old file became %q", got)
	}
	os.Remove(path)

	// A folder that does not exist.
	missing := filepath.Join(dir, "no such folder", "x.pdf")
	err = WriteFile(missing, func(w io.Writer) error { return nil })
	if err == nil || !strings.Contains(err.Error(), "cannot write "+missing) || !strings.Contains(err.Error(), "does not exist") {
		t.Errorf("missing folder: %v", err)
	}
	// A "folder" that is a file.
	file := filepath.Join(dir, "a file")
	os.WriteFile(file, nil, 0o644)
	err = WriteFile(filepath.Join(file, "x.pdf"), func(w io.Writer) error { return nil })
	if err == nil || !strings.Contains(err.Error(), "cannot write "+filepath.Join(file, "x.pdf")) || !strings.Contains(err.Error(), "not a folder") {
		t.Errorf("file as folder: %v", err)
	}
	// A folder without write permission (root writes anyway, so only as a user).
	ro := filepath.Join(dir, "read-only")
	os.Mkdir(ro, 0o500)
	defer os.Chmod(ro, 0o700)
	err = WriteFile(filepath.Join(ro, "x.pdf"), func(w io.Writer) error { return nil })
	if os.Geteuid() != 0 {
		if err == nil || !strings.Contains(err.Error(), "cannot write "+filepath.Join(ro, "x.pdf")+": permission denied") {
			t.Errorf("read-only folder: %v", err)
		}
	}
	os.Chmod(ro, 0o700)
	os.Remove(filepath.Join(ro, "x.pdf"))
	if names := entries(t, ro); len(names) != 0 {
		t.Errorf("the read-only folder holds %v", names)
	}
	if names := entries(t, dir); len(names) != 2 { // "a file" and "read-only"
		t.Errorf("left behind: %v", names)
	}
	// A disk that fails under the document: the error names the file.
	if err := writeError("/x/y.pdf", &os.PathError{Op: "write", Path: "/x/.y.pdf.123.tmp", Err: errors.New("input/output error")}); err.Error() != "cannot write /x/y.pdf: input/output error" {
		t.Errorf("got %q", err)
	}
}

func TestSafeFileName(t *testing.T) {
	for in, want := range map[string]string{
		"2019-10 Lukas Hofer (teacher)":      "2019-10 Lukas Hofer (teacher).pdf",
		"2019-10 Ελένη Παπαδοπούλου (admin)": "2019-10 Ελένη Παπαδοπούλου (admin).pdf",
		`a/b\c:d*e?f"g<h>i|j`:                "a-b-c-d-e-f-g-h-i-j.pdf",
		"tab\there\nnew  line":               "tab here new line.pdf",
		"trailing dots...  ":                 "trailing dots.pdf",
		"CON":                                "_CON.pdf",
		"com1.report":                        "_com1.report.pdf",
		"":                                   "document.pdf",
		"..":                                 "document.pdf",
		norm.NFD.String("Größinger Łódź"):    "Größinger Łódź.pdf",
	} {
		if got := SafeFileName(in, ".pdf"); got != want {
			t.Errorf("SafeFileName(%q) = %q, want %q", in, got, want)
		}
	}
	long := SafeFileName(strings.Repeat("Żółć ", 100), ".pdf")
	if len(long) > 255 || !strings.HasSuffix(long, ".pdf") || !norm.NFC.IsNormalString(long) {
		t.Errorf("a long name became %d bytes: %q", len(long), long)
	}
}

func TestTimesheetBatch(t *testing.T) {
	f := greenskills(t)
	keys, err := f.store.SheetsWithWork(f.project, data.Month{}, data.Month{})
	if err != nil {
		t.Fatal(err)
	}
	var sheets []*data.MonthSheet
	for _, k := range keys {
		s, err := f.store.MonthSheet(f.project, k.Person, k.Month)
		if err != nil {
			t.Fatal(err)
		}
		sheets = append(sheets, s)
	}
	dir := filepath.Join(t.TempDir(), "out")
	var mu sync.Mutex
	var calls [][2]int
	files, err := TimesheetBatch(context.Background(), dir, sheets, func(done, total int) {
		mu.Lock()
		calls = append(calls, [2]int{done, total})
		mu.Unlock()
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != len(sheets)+1 {
		t.Fatalf("%d files for %d sheets", len(files), len(sheets))
	}
	if want := filepath.Join(dir, "timesheets 2019-10–2019-12.pdf"); files[len(files)-1] != want {
		t.Errorf("combined file %q, want %q", files[len(files)-1], want)
	}
	for i, s := range sheets {
		if want := filepath.Join(dir, SheetFileName(s)); files[i] != want {
			t.Errorf("file %d is %q, want %q", i, files[i], want)
		}
	}
	if !contains(files, filepath.Join(dir, "2019-10 Lukas Hofer (teacher).pdf")) ||
		!contains(files, filepath.Join(dir, "2019-11 Ελένη Παπαδοπούλου (teacher).pdf")) {
		t.Errorf("files: %v", files)
	}
	if names := entries(t, dir); len(names) != len(files) {
		t.Errorf("the folder holds %d entries for %d files: %v", len(names), len(files), names)
	}
	// Progress counts up to every file, the combined one included.
	if len(calls) != len(files) || calls[len(calls)-1] != [2]int{len(files), len(files)} {
		t.Errorf("progress calls %v", calls)
	}
	for i, c := range calls {
		if c[0] != i+1 {
			t.Errorf("progress went %v", calls)
			break
		}
	}
	// Each file is the sheet's own timesheet; the combined file holds them all, in order.
	for i, s := range sheets {
		raw, err := os.ReadFile(files[i])
		if err != nil {
			t.Fatal(err)
		}
		qpdfCheck(t, raw)
		want := textOf(t, render(t, func(w io.Writer) error { return Timesheet(w, s) }))
		if got := textOf(t, raw); got != want {
			t.Errorf("%s differs from the sheet's own timesheet:\n%s", files[i], lineDiff(want, got))
		}
	}
	combined, err := os.ReadFile(files[len(files)-1])
	if err != nil {
		t.Fatal(err)
	}
	qpdfCheck(t, combined)
	pages := 0
	for _, f := range files[:len(files)-1] {
		raw, _ := os.ReadFile(f)
		pages += pageCount(t, raw)
	}
	if n := pageCount(t, combined); n != pages {
		t.Errorf("the combined file has %d pages, the sheets' files %d", n, pages)
	}
	text := textOf(t, combined)
	last := -1
	for _, s := range sheets {
		needle := s.Person.Name + " · "
		i := strings.Index(text[last+1:], needle)
		if i < 0 {
			t.Errorf("the combined file lacks %s %s in order", s.Month, s.Person.Name)
			continue
		}
		last += i + 1
	}
	// Writing again replaces the files and adds none.
	again, err := TimesheetBatch(context.Background(), dir, sheets, nil)
	if err != nil || len(again) != len(files) || len(entries(t, dir)) != len(files) {
		t.Errorf("a second run: %d files, %v, folder %d", len(again), err, len(entries(t, dir)))
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func TestTimesheetBatchSameNames(t *testing.T) {
	f := greenskills(t)
	a := f.sheet(t, "Lukas Hofer", "2019-10")
	b := *a
	b.Person.ID = "another Lukas Hofer"
	// The second one runs over two pages: both go into its file, and into the combined one.
	b.Checks = nil
	for d := 1; d <= 30; d++ {
		b.Checks = append(b.Checks, data.Check{Date: data.NewDate(2019, 10, d), Level: data.LevelWarning, Reason: "a long day"})
	}
	files, err := TimesheetBatch(context.Background(), t.TempDir(), []*data.MonthSheet{a, &b}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 3 || filepath.Base(files[0]) != "2019-10 Lukas Hofer (teacher).pdf" ||
		filepath.Base(files[1]) != "2019-10 Lukas Hofer (teacher) (2).pdf" || filepath.Base(files[2]) != "timesheets 2019-10.pdf" {
		t.Fatalf("files %v", files)
	}
	for i, want := range []int{1, 2, 3} {
		raw, err := os.ReadFile(files[i])
		if err != nil {
			t.Fatal(err)
		}
		qpdfCheck(t, raw)
		if n := pageCount(t, raw); n != want {
			t.Errorf("%s has %d pages, want %d", files[i], n, want)
		}
	}
	raw, _ := os.ReadFile(files[2])
	if p3 := textOf(t, raw, 3, 3); !strings.Contains(p3, "Page 2 of 2") || !strings.Contains(p3, "a long day") {
		t.Errorf("page 3 of the combined file is not page 2 of the second sheet:\n%s", p3)
	}
}

func TestTimesheetBatchFailures(t *testing.T) {
	f := greenskills(t)
	s := f.sheet(t, "Lukas Hofer", "2019-10")

	// Cancelled before it starts: nothing written, nothing left.
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	files, err := TimesheetBatch(ctx, dir, []*data.MonthSheet{s, s}, nil)
	if !errors.Is(err, context.Canceled) || len(files) != 0 {
		t.Errorf("cancelled: %v, %v", files, err)
	}
	if names := entries(t, dir); len(names) != 0 {
		t.Errorf("a cancelled batch left %v", names)
	}

	// Cancelled half-way: what was written is whole, nothing else is left.
	dir = t.TempDir()
	ctx, cancel = context.WithCancel(context.Background())
	defer cancel()
	many := make([]*data.MonthSheet, 40)
	for i := range many {
		c := *s
		c.Person.ID, c.Person.Name = "p"+itoa(i), "Person "+itoa(i)
		many[i] = &c
	}
	files, err = TimesheetBatch(ctx, dir, many, func(done, total int) {
		if done == 3 {
			cancel()
		}
	})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled half-way: %v", err)
	}
	if len(files) < 3 || len(files) >= len(many) {
		t.Errorf("cancelled half-way, %d files", len(files))
	}
	names := entries(t, dir)
	if len(names) != len(files) {
		t.Errorf("the folder holds %v, the batch reports %v", names, files)
	}
	for _, name := range names {
		if strings.HasPrefix(name, ".") || strings.HasPrefix(name, "timesheets") {
			t.Errorf("a cancelled batch left %q", name)
		}
		raw, _ := os.ReadFile(filepath.Join(dir, name))
		qpdfCheck(t, raw)
	}

	// A sheet that cannot be loaded stops the batch: no combined file, no temp file.
	dir = t.TempDir()
	boom := errors.New("timesheet 2019-11 of Lukas Hofer: the store is closed")
	n := 0
	_, err = TimesheetBatchFrom(context.Background(), dir, 3, func() (*data.MonthSheet, error) {
		n++
		if n == 2 {
			return nil, boom
		}
		return s, nil
	}, nil)
	if !errors.Is(err, boom) {
		t.Errorf("got %v, want the loader's error", err)
	}
	for _, name := range entries(t, dir) {
		if strings.HasPrefix(name, ".") || strings.HasPrefix(name, "timesheets") {
			t.Errorf("a failed batch left %q", name)
		}
	}

	// No sheets.
	if _, err := TimesheetBatch(context.Background(), t.TempDir(), nil, nil); !errors.Is(err, ErrNoSheets) {
		t.Errorf("no sheets: %v", err)
	}
	// A folder that cannot be made.
	file := filepath.Join(t.TempDir(), "file")
	os.WriteFile(file, nil, 0o644)
	if _, err := TimesheetBatch(context.Background(), filepath.Join(file, "out"), []*data.MonthSheet{s}, nil); err == nil || !strings.Contains(err.Error(), "cannot write") {
		t.Errorf("folder under a file: %v", err)
	}
}
