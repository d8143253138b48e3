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

// TestParticipantsFromAWorkbookInTheWindow: an event's participants typed in Excel, with Spanish
// headers, come in through the same preview as a CSV file.
func TestParticipantsFromAWorkbookInTheWindow(t *testing.T) {
	s, w, m := exampleWindow(t, 1280, 720)
	selectTab(m, m.Events.Content)
	v := m.Events
	for i := 0; i < v.Len(); i++ {
		if v.ID(i) == gsC1 {
			v.Select(i)
		}
	}
	count := func() int {
		doc, _ := s.Load(gsProject, data.LoadOptions{})
		n := 0
		for _, p := range doc.Participants {
			if p.Event == gsC1 {
				n++
			}
		}
		return n
	}
	before := count()
	f := excelize.NewFile()
	for i, row := range [][]any{
		{"Nombre", "Organización", "País", "Distancia (km)", "Días"},
		{"Lucía Pérez", "FZL", "PL", 880, 5},
	} {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		f.SetSheetRow("Sheet1", cell, &row)
	}
	var raw bytes.Buffer
	if err := f.Write(&raw); err != nil {
		t.Fatal(err)
	}
	f.Close()
	v.Participants.PreviewCSV(bytes.NewReader(raw.Bytes()), "c1.xlsx")
	if preview := shownOverlayTexts(w); !strings.Contains(preview, "1 participant will be added to C1") || !strings.Contains(preview, "Lucía Pérez") {
		t.Fatalf("preview: %q", preview)
	}
	tapOverlayButton(t, w, "Add")
	m.Wait()
	if count() != before+1 {
		t.Errorf("after import: %d, want %d", count(), before+1)
	}
}
