package cli

// The scale benchmark of `make bench`: every operation that should cost what it is asked for, on
// demo stores of 10, 40 and 160 people over 36 months (and 640 with PARTNERDESK_BENCH_640=1),
// each run as a process of its own so its peak memory (VmHWM, the kernel's high-water mark of its
// resident memory) and CPU time (getrusage: user + system) are its own. It prints a table: wall time, CPU
// time, peak RSS, and the growth of each per 4× people; the timesheet batch also in pages/s and
// CPU per sheet.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"partnerdesk/data"
)

// TestScaleChild is the child process of BenchmarkScale: it runs one operation and exits.
func TestScaleChild(t *testing.T) {
	op := os.Getenv("PARTNERDESK_SCALE_CHILD")
	if op == "" {
		t.Skip("run by BenchmarkScale")
	}
	var args []string
	if err := json.Unmarshal([]byte(os.Getenv("PARTNERDESK_SCALE_ARGS")), &args); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	// The process's own high-water mark: getrusage's would start from the parent's, whose memory
	// a child shares until it execs.
	exit := func(code int) {
		if raw, err := os.ReadFile("/proc/self/status"); err == nil {
			for _, line := range strings.Split(string(raw), "\n") {
				if strings.HasPrefix(line, "VmHWM:") {
					os.WriteFile(os.Getenv("PARTNERDESK_SCALE_RSS"), []byte(strings.TrimSpace(strings.TrimPrefix(line, "VmHWM:"))), 0o644)
				}
			}
		}
		os.Exit(code)
	}
	switch op {
	case "cli":
		exit(Main(args, Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr}, nil))
	case "approvals": // the approvals overview of the window: every person-month's state
		s, err := data.Open(args[0], data.Options{NoBackups: true})
		if err == nil {
			var p data.Project
			if p, err = s.FindProject("CRAFTLINK"); err == nil {
				var list []data.MonthState
				list, err = s.MonthStates(p.ID)
				fmt.Printf("%d person-months\n", len(list))
			}
			s.Close()
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			exit(1)
		}
		exit(0)
	}
	exit(2)
}

// scaleRun is one operation measured in its own process.
type scaleRun struct {
	wall, cpu time.Duration
	rssMB     float64
	out       string
}

func runChild(b *testing.B, op string, args ...string) scaleRun {
	b.Helper()
	raw, _ := json.Marshal(args)
	cmd := exec.Command(os.Args[0], "-test.run=^TestScaleChild$", "-test.count=1")
	rss := filepath.Join(b.TempDir(), "rss")
	cmd.Env = append(os.Environ(), "PARTNERDESK_SCALE_CHILD="+op, "PARTNERDESK_SCALE_ARGS="+string(raw), "PARTNERDESK_SCALE_RSS="+rss)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	start := time.Now()
	if err := cmd.Run(); err != nil {
		b.Fatalf("%s %v: %v\n%s", op, args, err, errb.String())
	}
	r := scaleRun{wall: time.Since(start), out: out.String()}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		r.cpu = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	if raw, err := os.ReadFile(rss); err == nil { // "12345 kB"
		kb, _ := strconv.ParseFloat(strings.TrimSuffix(string(raw), " kB"), 64)
		r.rssMB = kb / 1024
	}
	return r
}

var reSheets = regexp.MustCompile(`wrote (\d+) timesheets`)

func BenchmarkScale(b *testing.B) {
	sizes := []int{10, 40, 160}
	if os.Getenv("PARTNERDESK_BENCH_640") != "" {
		sizes = append(sizes, 640)
	}
	ops := []string{"pdf batch", "entries month", "approvals", "budget", "export json", "import"}
	type cell struct {
		scaleRun
		pages int
	}
	for i := 0; i < b.N; i++ {
		results := map[string]map[int]cell{}
		for _, op := range ops {
			results[op] = map[int]cell{}
		}
		// The batches' files are removed at the end, not between sizes: ext4 passes over the inodes of
		// files deleted in the last half minute when it makes new ones, so a batch written just after
		// thousands of deletions would pay for the benchmark's own clean-up.
		pdfRoot := b.TempDir()
		for _, n := range sizes {
			dir := b.TempDir()
			db := filepath.Join(dir, "demo.db")
			runChild(b, "cli", "--db", db, "demo", "--people", strconv.Itoa(n), "--months", "36")
			runChild(b, "cli", "--db", db, "projects") // takes the day's automatic backup before anything is measured
			pdfDir := filepath.Join(pdfRoot, strconv.Itoa(n))
			pdf := runChild(b, "cli", "--db", db, "pdf", "timesheets", "--project", "CRAFTLINK", "--out", pdfDir)
			m := reSheets.FindStringSubmatch(pdf.out)
			if m == nil {
				b.Fatalf("pdf timesheets said %q", pdf.out)
			}
			pages := countPDFPages(b, pdfDir)
			results["pdf batch"][n] = cell{pdf, pages}
			results["entries month"][n] = cell{scaleRun: runChild(b, "cli", "--db", db, "entries", "list", "--project", "CRAFTLINK", "--month", "2021-03")}
			results["approvals"][n] = cell{scaleRun: runChild(b, "approvals", db)}
			results["budget"][n] = cell{scaleRun: runChild(b, "cli", "--db", db, "budget", "--project", "CRAFTLINK", "--json")}
			file := filepath.Join(dir, "export.json")
			results["export json"][n] = cell{scaleRun: runChild(b, "cli", "--db", db, "export", "json", "--project", "CRAFTLINK", "--out", file)}
			results["import"][n] = cell{scaleRun: runChild(b, "cli", "--db", filepath.Join(dir, "import.db"), "import", file)}
			os.RemoveAll(dir)
		}
		if i > 0 {
			continue
		}
		var t strings.Builder
		fmt.Fprintf(&t, "\n%-14s %6s %9s %9s %8s %8s %8s %8s  %s\n", "operation", "people", "wall", "cpu", "peak MB", "×wall", "×cpu", "×peak", "")
		for _, op := range ops {
			for j, n := range sizes {
				c := results[op][n]
				g := func(f func(cell) float64) string {
					if j == 0 {
						return "–"
					}
					return fmt.Sprintf("%.2f", f(c)/f(results[op][sizes[j-1]]))
				}
				extra := ""
				if op == "pdf batch" {
					extra = fmt.Sprintf("%d pages, %.0f pages/s, %.0f pages per CPU-second, %.2f ms CPU per page",
						c.pages, float64(c.pages)/c.wall.Seconds(), float64(c.pages)/c.cpu.Seconds(), c.cpu.Seconds()*1000/float64(c.pages))
				}
				fmt.Fprintf(&t, "%-14s %6d %8.2fs %8.2fs %8.0f %8s %8s %8s  %s\n", op, n, c.wall.Seconds(), c.cpu.Seconds(), c.rssMB,
					g(func(c cell) float64 { return c.wall.Seconds() }), g(func(c cell) float64 { return c.cpu.Seconds() }),
					g(func(c cell) float64 { return c.rssMB }), extra)
			}
		}
		fmt.Print(t.String())
		last := sizes[len(sizes)-1]
		p0, p1 := results["pdf batch"][sizes[0]], results["pdf batch"][last]
		b.ReportMetric(float64(p1.pages)/p1.wall.Seconds(), fmt.Sprintf("pages/s@%d", last))
		b.ReportMetric((p1.cpu.Seconds()/float64(p1.pages))/(p0.cpu.Seconds()/float64(p0.pages)), fmt.Sprintf("cpu-per-page-%d/%d", last, sizes[0]))
		for _, op := range []string{"pdf batch", "export json", "import"} {
			b.ReportMetric(results[op][last].rssMB/results[op][sizes[0]].rssMB, strings.ReplaceAll(op, " ", "-")+fmt.Sprintf("-peak-%d/%d", last, sizes[0]))
		}
	}
}

// countPDFPages counts the page objects of the combined file, the one named "timesheets …".
func countPDFPages(b *testing.B, dir string) int {
	list, _ := filepath.Glob(filepath.Join(dir, "timesheets *.pdf"))
	if len(list) != 1 {
		b.Fatalf("combined files: %v", list)
	}
	raw, err := os.ReadFile(list[0])
	if err != nil {
		b.Fatal(err)
	}
	return bytes.Count(raw, []byte("/Type /Page\n"))
}
