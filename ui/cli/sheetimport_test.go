package cli

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func writeXLSX(t *testing.T, path string, rows [][]any) {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, row := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &row); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
}

func writeCSV(t *testing.T, path string, comma rune, rows [][]string) {
	t.Helper()
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Comma = comma
	w.WriteAll(rows)
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestImportPeopleFromSpreadsheet(t *testing.T) {
	db := tempDB(t)
	if r := pd(t, db, "import", greenskillsFile); r.code != 0 {
		t.Fatalf("%+v", r)
	}
	dir := t.TempDir()
	staff := filepath.Join(dir, "mitarbeiter.csv")
	writeCSV(t, staff, ';', [][]string{
		{"Name", "Einrichtung", "Kategorie", "E-Mail"},
		{"Maria Huber", "VHS", "Lehrkraft", "m.huber@example.org"},
		{"Karl Steiner", "Volkshochschule Graz-Süd", "Verwaltung", ""},
	})
	r := pd(t, db, "import", "people", staff, "--project", "GREENSKILLS")
	if r.code != 0 || !strings.Contains(r.stdout, "added 2 people:\n  Maria Huber (VHS, teacher)\n  Karl Steiner (VHS, admin)\n") ||
		!strings.Contains(r.stdout, "2 added") {
		t.Fatalf("%+v", r)
	}
	before := fingerprint(t, db)
	r = pd(t, db, "import", "people", staff, "--project", "GREENSKILLS")
	if r.code != 0 || strings.Contains(r.stdout, "added") || !strings.Contains(r.stdout, "nothing changed") {
		t.Fatalf("second import: %+v", r)
	}
	if fingerprint(t, db) != before {
		t.Fatal("the second import changed the database")
	}

	bad := filepath.Join(dir, "bad.xlsx")
	writeXLSX(t, bad, [][]any{
		{"Nome", "Organizzazione", "Categoria"},
		{"Luca Rossi", "FZL", "docente"},
		{"Giulia Bianchi", "Nessuna", "docente"},
	})
	r = pd(t, db, "import", "people", bad, "--project", "GREENSKILLS")
	if r.code != 1 || !strings.Contains(r.stderr, `bad.xlsx: row 3 (Giulia Bianchi), column "Organizzazione": "Nessuna" is not an organisation`) ||
		strings.Count(r.stderr, "\n") != 1 {
		t.Fatalf("%+v", r)
	}
	if fingerprint(t, db) != before {
		t.Fatal("a refused file changed the database")
	}
	notSheet := filepath.Join(dir, "photo.xlsx")
	os.WriteFile(notSheet, []byte("\x89PNG\r\n\x1a\n\x00\x00"), 0o644)
	if r := pd(t, db, "import", "people", notSheet, "--project", "GREENSKILLS"); r.code != 1 || !strings.Contains(r.stderr, "is not a spreadsheet") {
		t.Fatalf("%+v", r)
	}
	for _, args := range [][]string{{"import", "people", staff}, {"import", "people", "--project", "GREENSKILLS"},
		{"import", "participants", staff, "--project", "GREENSKILLS"}} {
		if r := pd(t, db, args...); r.code != 2 || !strings.Contains(r.stderr, "import people FILE.xlsx") {
			t.Fatalf("%v: %+v", args, r)
		}
	}
}

func TestImportParticipantsFromSpreadsheet(t *testing.T) {
	db := tempDB(t)
	if r := pd(t, db, "import", greenskillsFile); r.code != 0 {
		t.Fatalf("%+v", r)
	}
	file := filepath.Join(t.TempDir(), "uczestnicy.xlsx")
	writeXLSX(t, file, [][]any{
		{"Imię i nazwisko", "Organizacja", "Kraj", "Odległość (km)", "Dni"},
		{"Anna Nowak", "FZL", "", 1050, 3},
		{"Piotr Zieliński", "Szkoła Podstawowa nr 5", "PL", 300, 3},
	})
	r := pd(t, db, "import", "participants", file, "--project", "GREENSKILLS", "--event", "m1")
	if r.code != 0 || !strings.Contains(r.stdout, "added 2 participants:\n  Anna Nowak, Fundacja Zielona Łódź, PL\n  Piotr Zieliński, Szkoła Podstawowa nr 5, PL\n") {
		t.Fatalf("%+v", r)
	}
	r = pd(t, db, "import", "participants", file, "--project", "GREENSKILLS", "--event", "M1")
	if r.code != 0 || !strings.Contains(r.stdout, "nothing changed") {
		t.Fatalf("%+v", r)
	}
	if r := pd(t, db, "import", "participants", file, "--project", "GREENSKILLS", "--event", "X9"); r.code != 1 {
		t.Fatalf("%+v", r)
	}
	// The partnerdesk/1 import is still `import FILE`.
	if r := pd(t, db, "import", greenskillsFile); r.code != 0 || !strings.Contains(r.stdout, "nothing changed") {
		t.Fatalf("%+v", r)
	}
}
