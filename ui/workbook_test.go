package ui

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestDocumentsWorkbook(t *testing.T) {
	_, _, m := exampleWindow(t, 1400, 900)
	selectTab(m, m.Documents.Content)
	v := m.Documents
	if v.Buttons[DocWorkbook] == nil || v.Buttons[DocWorkbook].Text != "Export to Excel…" {
		t.Fatalf("no Export to Excel button: %v", v.Buttons[DocWorkbook])
	}
	if got := v.fileName(DocWorkbook, ""); got != "GREENSKILLS report.xlsx" {
		t.Errorf("suggested name %q", got)
	}
	path := filepath.Join(t.TempDir(), "GREENSKILLS report.xlsx")
	v.Export(DocWorkbook, "", path)
	m.Wait()
	if v.LastFile != path || !v.Open.Visible() || v.Open.Text != "Open the workbook" || !strings.Contains(v.Status.Text, "Written: "+path) {
		t.Fatalf("after export: last %q, open %v %q, status %q", v.LastFile, v.Open.Visible(), v.Open.Text, v.Status.Text)
	}
	x, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	rows, err := x.GetRows("People")
	if err != nil || !strings.Contains(strings.Join(flat(rows), " "), "Стоян Петров") {
		t.Errorf("People sheet: %v %q", err, rows)
	}
	// A PDF afterwards is offered as a PDF again.
	v.Event.SetSelected("M1 Kick-off meeting")
	ref, _ := v.ref(DocAttendance)
	pdf := filepath.Join(t.TempDir(), "a.pdf")
	v.Export(DocAttendance, ref, pdf)
	m.Wait()
	if v.Open.Text != "Open the PDF" {
		t.Errorf("open button after a PDF: %q", v.Open.Text)
	}
}

func flat(rows [][]string) []string {
	var out []string
	for _, r := range rows {
		out = append(out, r...)
	}
	return out
}
