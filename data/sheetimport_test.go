package data

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// xlsxBytes builds a real workbook whose first sheet holds rows (the first the header).
func xlsxBytes(t *testing.T, rows [][]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, row := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &row); err != nil {
			t.Fatal(err)
		}
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// csvBytes builds a CSV file with the separator given.
func csvBytes(t *testing.T, comma rune, rows [][]string) []byte {
	t.Helper()
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Comma = comma
	if err := w.WriteAll(rows); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func loadDoc(t *testing.T, s *Store, id string) *Document {
	t.Helper()
	doc, err := s.Load(id, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func TestSheetHeaderWordsAreUnambiguous(t *testing.T) {
	for _, m := range []map[string][]string{sheetHeaders, sheetCategories, sheetRoles} {
		seen := map[string]string{}
		for k, words := range m {
			for _, w := range append(words, k) {
				if other, ok := seen[fold(w)]; ok && other != k {
					t.Errorf("%q means both %s and %s", w, other, k)
				}
				seen[fold(w)] = k
			}
		}
	}
}

func TestPeopleFromGermanStaffList(t *testing.T) {
	s, pid := importGreenskills(t)
	doc := loadDoc(t, s, pid)
	before := len(doc.People)
	// A staff list typed in German, columns in another order, with a BOM and semicolons as Excel writes them.
	raw := append([]byte("\ufeff"), csvBytes(t, ';', [][]string{
		{"Kategorie", "Name", "E-Mail", "Einrichtung", "Telefon"},
		{"Lehrkraft", "Maria Huber", "m.huber@example.org", "VHS", "0316 123"},
		{"Verwaltung", "Karl Steiner", "", "volkshochschule graz-sud", ""},
		{"", "", "", "", ""},
		{"Technikerin", "Ewa Nowak", "e.nowak@example.org", "E10000002", ""},
	})...)
	list, err := PeopleFromSheet(doc, bytes.NewReader(raw), "mitarbeiter.csv")
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 3 || list[0].Category != CatTeacher || list[1].Category != CatAdmin || list[2].Category != CatTechnician {
		t.Fatalf("people: %+v", list)
	}
	if list[1].Partner != "0192a000-0000-7000-8000-000000000010" || list[2].Partner != "0192a000-0000-7000-8000-000000000011" {
		t.Fatalf("organisations by short name, accent-free name and OID: %+v", list)
	}
	res, err := s.Import(&Document{Format: Format, People: list}, ImportOptions{Project: pid, Source: "mitarbeiter.csv"})
	if err != nil || res.Added != 3 {
		t.Fatalf("import: %+v %v", res, err)
	}
	// The same file again adds nothing.
	doc = loadDoc(t, s, pid)
	if len(doc.People) != before+3 {
		t.Fatalf("%d people, want %d", len(doc.People), before+3)
	}
	again, err := PeopleFromSheet(doc, bytes.NewReader(raw), "mitarbeiter.csv")
	if err != nil {
		t.Fatal(err)
	}
	res, err = s.Import(&Document{Format: Format, People: again}, ImportOptions{Project: pid, Source: "mitarbeiter.csv"})
	if err != nil || res.Changed() || res.Unchanged != 3 {
		t.Fatalf("second import: %+v %v", res, err)
	}
}

func TestPeopleFromXLSXTwiceAddsNothing(t *testing.T) {
	s, pid := importGreenskills(t)
	raw := xlsxBytes(t, [][]any{
		{"Imię i nazwisko", "Organizacja", "Kategoria", "E-mail"},
		{"Jan Kowalski", "FZL", "nauczyciel", "jan@example.org"},
		{"Ζωή Παππά", "KDBM", "Manager", ""},
	})
	for round := 0; round < 2; round++ {
		list, err := PeopleFromSheet(loadDoc(t, s, pid), bytes.NewReader(raw), "kadra.xlsx")
		if err != nil {
			t.Fatal(err)
		}
		res, err := s.Import(&Document{Format: Format, People: list}, ImportOptions{Project: pid, Source: "kadra.xlsx"})
		if err != nil {
			t.Fatal(err)
		}
		if round == 0 && res.Added != 2 || round == 1 && res.Changed() {
			t.Fatalf("round %d: %+v", round, res)
		}
	}
}

func TestParticipantsFromXLSX(t *testing.T) {
	s, pid := importGreenskills(t)
	doc := loadDoc(t, s, pid)
	ev, err := FindEvent(doc, "C1")
	if err != nil {
		t.Fatal(err)
	}
	raw := xlsxBytes(t, [][]any{
		{"Nombre", "Organización", "País", "Distancia (km)", "Días", "Rol", "Inicio", "Fin"},
		{"Ana García", "Universidad de Sevilla", "es", 2290, 5, "estudiante", "2020-05-04", "2020-05-08"},
		{"Jan Kowalski", "FZL", "", "1 050", 5.0, "staff", "04.05.2020", ""},
	})
	// A real date cell, as Excel stores it: a serial number with a date format.
	f, err := excelize.OpenReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	style, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
	f.SetCellValue("Sheet1", "H3", NewDate(2020, 5, 8).t)
	f.SetCellStyle("Sheet1", "H3", "H3", style)
	var b bytes.Buffer
	f.Write(&b)
	f.Close()
	raw = b.Bytes()
	list, err := ParticipantsFromSheet(doc, ev.ID, bytes.NewReader(raw), "teilnehmer.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 {
		t.Fatalf("%+v", list)
	}
	a, j := list[0], list[1]
	if a.Country != "ES" || a.DistanceKM != 2290 || a.Days != 5 || a.Role != RoleLearner || a.Partner != "" || a.Start != NewDate(2020, 5, 4) {
		t.Fatalf("Ana: %+v", a)
	}
	if j.Partner != "0192a000-0000-7000-8000-000000000011" || j.Country != "PL" || j.DistanceKM != 1050 || j.End != NewDate(2020, 5, 8) || j.Start != NewDate(2020, 5, 4) {
		t.Fatalf("Jan: %+v", j)
	}
	res, err := s.Import(&Document{Format: Format, Participants: list}, ImportOptions{Project: pid, Source: "teilnehmer.xlsx"})
	if err != nil || res.Added != 2 {
		t.Fatalf("%+v %v", res, err)
	}
	again, err := ParticipantsFromSheet(loadDoc(t, s, pid), ev.ID, bytes.NewReader(raw), "teilnehmer.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	res, err = s.Import(&Document{Format: Format, Participants: again}, ImportOptions{Project: pid, Source: "teilnehmer.xlsx"})
	if err != nil || res.Changed() {
		t.Fatalf("second import: %+v %v", res, err)
	}
}

func TestSheetImportRefusals(t *testing.T) {
	s, pid := importGreenskills(t)
	doc := loadDoc(t, s, pid)
	ev, _ := FindEvent(doc, "M1")
	people := func(rows ...[]string) []byte {
		return csvBytes(t, ',', append([][]string{{"Name", "Organisation", "Category"}}, rows...))
	}
	parts := func(rows ...[]any) []byte {
		return xlsxBytes(t, append([][]any{{"Name", "Organisation", "Country", "Distance km", "Start"}}, rows...))
	}
	for _, c := range []struct {
		what, want   string
		participants bool
		raw          []byte
	}{
		{"unknown organisation", `p.csv: row 3 (Bo), column "Organisation": "ACME" is not an organisation of project GREENSKILLS`, false,
			people([]string{"Al", "VHS", "teacher"}, []string{"Bo", "ACME", "teacher"})},
		{"missing name", `p.csv: row 2 (no name), column "Name": is missing`, false, people([]string{"", "VHS", "teacher"})},
		{"bad category", `p.csv: row 2 (Al), column "Category": "boss" is not a staff category`, false, people([]string{"Al", "VHS", "boss"})},
		{"duplicate row", `p.csv: row 3 (al), column "Name": al of VHS is already in row 2`, false,
			people([]string{"Al", "VHS", "teacher"}, []string{"al", "Volkshochschule Graz-Süd", "admin"})},
		{"missing column", `p.csv: row 1: no column gives the category`, false,
			csvBytes(t, '\t', [][]string{{"Name", "Organisation"}, {"Al", "VHS"}})},
		{"empty file", `p.csv: is empty`, false, []byte("  \n")},
		{"header only", `p.csv: has no rows under its header`, false, people()},
		{"not a spreadsheet", `p.csv: is not a spreadsheet`, false, []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")},
		{"a JSON file", `p.csv: is not a readable CSV file`, false, []byte("{\"format\": \"partnerdesk/1\",\n\"people\": []}\n")},
		{"a letter", `p.csv: row 1 names none of the columns of a list of people`, false, []byte("Dear partners,\nplease find attached\n")},
		{"not a workbook", `p.csv: is not a spreadsheet`, false, []byte("PK\x03\x04 broken zip")},
		{"distance not a number", `p.csv: row 2 (Al), column "Distance km": "far" is not a number`, true,
			parts([]any{"Al", "VHS", "AT", "far", ""})},
		{"date as text", `p.csv: row 3 (Bo), column "Start": "next Monday" is not a date`, true,
			parts([]any{"Al", "VHS", "AT", 10, ""}, []any{"Bo", "VHS", "AT", 10, "next Monday"})},
		{"no country", `p.csv: row 2 (Al), column "Country": is missing`, true, parts([]any{"Al", "Elsewhere", "", 10, ""})},
		{"duplicate participant", `p.csv: row 3 (AL), column "Name": AL is already in row 2`, true,
			parts([]any{"Al", "VHS", "", 10, ""}, []any{"AL", "vhs", "AT", 10, ""})},
	} {
		t.Run(c.what, func(t *testing.T) {
			var err error
			if c.participants {
				_, err = ParticipantsFromSheet(doc, ev.ID, bytes.NewReader(c.raw), "p.csv")
			} else {
				_, err = PeopleFromSheet(doc, bytes.NewReader(c.raw), "p.csv")
			}
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("got %v\nwant %s", err, c.want)
			}
		})
	}
}

func TestParticipantsSheetKeepsWhatItHasNoColumnFor(t *testing.T) {
	s, pid := importGreenskills(t)
	ev, _ := FindEvent(loadDoc(t, s, pid), "C1")
	full := csvBytes(t, ',', [][]string{{"name", "organisation", "country", "role", "days"}, {"Ana García", "IES Sevilla", "ES", "learner", "5"}})
	short := csvBytes(t, '\t', [][]string{{"Name", "Organisation", "Country"}, {"Ana García", "IES Sevilla", "ES"}})
	for round, raw := range [][]byte{full, short} {
		list, err := ParticipantsFromSheet(loadDoc(t, s, pid), ev.ID, bytes.NewReader(raw), "c1.csv")
		if err != nil {
			t.Fatal(err)
		}
		res, err := s.Import(&Document{Format: Format, Participants: list}, ImportOptions{Project: pid, Source: "c1.csv"})
		if err != nil || round == 0 && res.Added != 1 || round == 1 && res.Changed() {
			t.Fatalf("round %d: %+v %v", round, res, err)
		}
	}
}
