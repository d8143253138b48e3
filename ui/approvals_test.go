package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"partnerdesk/data"
)

func TestApproveThroughTheOverview(t *testing.T) {
	s, w, m := exampleWindow(t, 1280, 720)
	project := m.doc.Project.ID
	oct, nov := data.Month{Year: 2019, Month: 10}, data.Month{Year: 2019, Month: 11}
	for _, k := range []data.SheetKey{{Person: lukasID, Month: oct}, {Person: malgoID, Month: nov}} {
		if _, err := s.Transition(project, k.Person, k.Month, data.StateSubmitted, k.Person, ""); err != nil {
			t.Fatal(err)
		}
	}
	m.reloadDoc()
	m.SelectProject(m.selected)
	selectTab(m, m.Approvals.Content) // showing the tab reads the states
	m.Wait()
	v := m.Approvals
	v.Manager.SetSelected("Johanna Größinger (VHS, manager)")
	if !strings.Contains(v.Waiting.Text, "1 month waits for Johanna Größinger") || v.CellText(0, 0) != "Lukas Hofer" {
		t.Fatalf("waiting: %q, first row %q", v.Waiting.Text, v.CellText(0, 0))
	}
	if got := v.CellText(0, 2); got != "● submitted" {
		t.Errorf("Lukas 2019-10 shows %q", got)
	}
	if !strings.Contains(shownTexts(w), "2019-10") {
		t.Error("the months are not shown")
	}
	if !v.Approve.Disabled() {
		t.Error("Approve enabled without a chosen month")
	}
	// Johanna is not of Małgorzata's organisation: refused, in a dialog.
	v.Select(malgoID, nov)
	test.Tap(v.Approve)
	m.Wait()
	if !strings.Contains(strings.ReplaceAll(shownOverlayTexts(w), "\n", " "), "Johanna Größinger is not of Małgorzata Wójcik's organisation") {
		t.Errorf("no refusal shown: %q", shownOverlayTexts(w))
	}
	if sh, _ := s.MonthSheet(project, malgoID, nov); sh.State != data.StateSubmitted {
		t.Errorf("Małgorzata's month is %s", sh.State)
	}
	v.Select(lukasID, oct)
	test.Tap(v.Approve)
	m.Wait()
	if sh, _ := s.MonthSheet(project, lukasID, oct); sh.State != data.StateApproved || sh.ApprovedBy != "Johanna Größinger" {
		t.Errorf("Lukas 2019-10 is %s by %q", sh.State, sh.ApprovedBy)
	}
	if !strings.Contains(v.Waiting.Text, "0 months wait") {
		t.Errorf("after approving: %q", v.Waiting.Text)
	}
	for r := range v.people {
		if v.people[r].ID == lukasID && v.CellText(r, 2) != "approved" {
			t.Errorf("Lukas 2019-10 shows %q", v.CellText(r, 2))
		}
	}
}
