package ui

import (
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"partnerdesk/data"
)

func TestPeopleFromASpreadsheet(t *testing.T) {
	s, w, m := exampleWindow(t, 1280, 720)
	selectTab(m, m.People.Content)
	v := m.People
	stored := func() int {
		doc, _ := s.Load(gsProject, data.LoadOptions{})
		return len(doc.People)
	}
	before := stored()
	f := excelize.NewFile()
	for i, row := range [][]any{
		{"Nom", "Organisation", "Catégorie", "Courriel"},
		{"Claire Martin", "VHS", "formatrice", "c.martin@example.org"},
		{"Paul Durand", "FZL", "administratif", ""},
	} {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		f.SetSheetRow("Sheet1", cell, &row)
	}
	var raw bytes.Buffer
	if err := f.Write(&raw); err != nil {
		t.Fatal(err)
	}
	f.Close()
	v.PreviewSheet(bytes.NewReader(raw.Bytes()), "equipe.xlsx")
	preview := shownOverlayTexts(w)
	if !strings.Contains(preview, "2 people will be added to GREENSKILLS") || !strings.Contains(preview, "Claire Martin · VHS") {
		t.Fatalf("preview: %q", preview)
	}
	if stored() != before {
		t.Fatal("the preview stored people")
	}
	tapOverlayButton(t, w, "Add")
	m.Wait()
	if stored() != before+2 || v.Len() != before+2 {
		t.Fatalf("after import: %d stored, %d listed, want %d", stored(), v.Len(), before+2)
	}
	// The same file again adds no one.
	closeDialogs(w)
	v.PreviewSheet(bytes.NewReader(raw.Bytes()), "equipe.xlsx")
	if preview := strings.Join(strings.Fields(shownOverlayTexts(w)), " "); !strings.Contains(preview, "0 people will be added") ||
		!strings.Contains(preview, "2 already in the project are kept") {
		t.Fatalf("second preview: %q", preview)
	}
	closeDialogs(w)
	// A bad row is named by row and column, and nothing is offered.
	bad := "Name;Organisation;Category\nAl;VHS;teacher\nBo;ACME;teacher\n"
	v.PreviewSheet(strings.NewReader(bad), "bad.csv")
	if msg := shownOverlayTexts(w); !strings.Contains(msg, `ad.csv: row 3 (Bo), column "Organisation": "ACME" is not an organisation`) {
		t.Errorf("bad row: %q", msg)
	}
	if stored() != before+2 {
		t.Errorf("a refused file added people: %d", stored())
	}
}
