package export

import (
	"context"
	"os"
	"runtime"
	"runtime/metrics"
	"sync"
	"syscall"
	"testing"
	"time"

	"partnerdesk/data"
)

var (
	demoOnce   sync.Once
	demoSheets []*data.MonthSheet
)

// largeDemoSheets builds the month sheets of the large demo once: 40 people over 36 months.
func largeDemoSheets(b *testing.B) []*data.MonthSheet {
	demoOnce.Do(func() {
		f := importFixture(b, data.Demo(data.DemoOptions{People: 40, Months: 36, Seed: 1}))
		keys, err := f.store.SheetsWithWork(f.project, data.Month{}, data.Month{})
		if err != nil {
			b.Fatal(err)
		}
		for _, k := range keys {
			s, err := f.store.MonthSheet(f.project, k.Person, k.Month)
			if err != nil {
				b.Fatal(err)
			}
			demoSheets = append(demoSheets, s)
		}
	})
	return demoSheets
}

// BenchmarkTimesheetBatch writes the large demo's 1,440 timesheets, one file each plus the combined file.
// pages/s counts the sheets' pages once (not again for their copy in the combined file). peak-heap-MB is
// the highest heap sampled while it ran, batch-heap-MB that less the heap before (the sheets themselves),
// peak-rss-MB the process's high-water mark (building the sheets included); cores-busy is CPU time
// over wall time while the batch ran.
func BenchmarkTimesheetBatch(b *testing.B) {
	sheets := largeDemoSheets(b)
	pages := 0
	var peak uint64
	var elapsed, cpu time.Duration
	runtime.GC()
	base := heapBytes()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		dir := b.TempDir()
		stop := sampleHeap(&peak)
		start, cpu0 := time.Now(), cpuTime()
		files, err := TimesheetBatch(context.Background(), dir, sheets, nil)
		elapsed += time.Since(start)
		cpu += cpuTime() - cpu0
		stop()
		if err != nil {
			b.Fatal(err)
		}
		if len(files) != len(sheets)+1 {
			b.Fatalf("%d files for %d sheets", len(files), len(sheets))
		}
		b.StopTimer()
		if i == 0 {
			pages = countPages(b, files[:len(files)-1])
		}
		os.RemoveAll(dir)
		b.StartTimer()
	}
	b.ReportMetric(float64(pages*b.N)/elapsed.Seconds(), "pages/s")
	b.ReportMetric(float64(len(sheets)), "sheets")
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
	b.ReportMetric(float64(peak-min(base, peak))/(1<<20), "batch-heap-MB")
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) == nil {
		b.ReportMetric(float64(ru.Maxrss)/1024, "peak-rss-MB")
	}
	b.ReportMetric(float64(runtime.GOMAXPROCS(0)), "cores")
	b.ReportMetric(cpu.Seconds()/elapsed.Seconds(), "cores-busy")
	b.ReportMetric(float64(pages), "pages")
}

// cpuTime is the process's user and system time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func heapBytes() uint64 {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// countPages counts the pages of the files by the page objects gofpdf writes.
func countPages(b *testing.B, files []string) int {
	n := 0
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		n += countPageObjects(raw)
	}
	return n
}

func countPageObjects(raw []byte) int {
	n := 0
	needle := []byte("/Type /Page\n")
	for i := 0; i+len(needle) <= len(raw); i++ {
		if raw[i] == '/' && string(raw[i:i+len(needle)]) == string(needle) {
			n++
		}
	}
	return n
}

// sampleHeap records the highest live heap every few milliseconds until stop is called.
func sampleHeap(peak *uint64) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(s)
			if v := s[0].Value.Uint64(); v > *peak {
				*peak = v
			}
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() { close(done); wg.Wait() }
}
