package data

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"net/mail"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/xuri/excelize/v2"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Spreadsheet imports: people and participants from an .xlsx workbook (its first sheet) or a .csv file,
// the first row naming the columns in any order and in the partners' languages.

// Sheet columns: the fields a staff list or a participants list may give.
const (
	colName         = "name"
	colOrganisation = "organisation"
	colEmail        = "email"
	colCategory     = "category"
	colCountry      = "country"
	colDistance     = "distance_km"
	colDays         = "days"
	colRole         = "role"
	colStart        = "start"
	colEnd          = "end"
)

// sheetHeaders are the words a header may use for each column, compared without case and accents.
// This table is the one place to add a language's words.
var sheetHeaders = map[string][]string{
	colName: {"name", "full name", "person", "vorname nachname", "nom", "nom complet", "nom et prenom", "nombre",
		"nombre completo", "nombre y apellidos", "nome", "nome completo", "nome e cognome", "imię i nazwisko", "imie i nazwisko",
		"όνομα", "ονοματεπώνυμο", "име", "име и фамилия", "трите имена"},
	colOrganisation: {"organisation", "organization", "org", "partner", "institution", "einrichtung", "organisation partner",
		"partnerorganisation", "institution", "organisme", "partenaire", "organización", "entidad", "institución", "socio",
		"organizzazione", "ente", "istituzione", "organizacja", "instytucja", "partner projektu", "οργανισμός", "φορέας",
		"εταίρος", "организация", "институция", "партньор", "organização", "instituição", "parceiro", "entidade"},
	colEmail: {"email", "e-mail", "mail", "email address", "e-mail address", "e-mail-adresse", "courriel", "adresse e-mail",
		"correo", "correo electrónico", "posta elettronica", "indirizzo e-mail", "adres e-mail", "poczta elektroniczna",
		"ηλεκτρονικό ταχυδρομείο", "ηλ. ταχυδρομείο", "имейл", "електронна поща", "correio eletrónico", "correio eletrônico"},
	colCategory: {"category", "staff category", "kategorie", "personalkategorie", "mitarbeiterkategorie", "catégorie",
		"catégorie de personnel", "categoría", "categoría de personal", "categoria", "categoria di personale", "kategoria",
		"kategoria personelu", "κατηγορία", "κατηγορία προσωπικού", "категория", "категория персонал", "categoria de pessoal"},
	colCountry: {"country", "land", "staat", "pays", "país", "paese", "nazione", "kraj", "państwo", "χώρα", "държава", "страна"},
	colDistance: {"distance km", "distance", "km", "distance in km", "entfernung", "entfernung km", "entfernung in km",
		"distanz", "distancia", "distancia km", "distanza", "distanza km", "odległość", "odległość km", "απόσταση",
		"απόσταση χλμ", "разстояние", "разстояние км", "distância", "distância km"},
	colDays: {"days", "number of days", "tage", "anzahl tage", "jours", "nombre de jours", "días", "giorni", "dni",
		"liczba dni", "ημέρες", "μέρες", "дни", "брой дни", "dias"},
	colRole: {"role", "rolle", "funktion", "rôle", "rol", "función", "ruolo", "rola", "funkcja", "ρόλος", "роля", "papel", "função"},
	colStart: {"start", "start date", "from", "arrival", "beginn", "von", "anreise", "début", "arrivée", "inicio", "llegada",
		"desde", "inizio", "arrivo", "dal", "od", "początek", "przyjazd", "έναρξη", "άφιξη", "από", "начало", "пристигане",
		"от", "início", "chegada"},
	colEnd: {"end", "end date", "to", "departure", "ende", "bis", "abreise", "fin", "départ", "salida", "hasta", "fine",
		"partenza", "al", "do", "koniec", "wyjazd", "λήξη", "αναχώρηση", "έως", "край", "заминаване", "до", "fim", "partida"},
}

// sheetCategories are the words a staff list may use for each staff category.
var sheetCategories = map[string][]string{
	CatManager: {"manager", "management", "project manager", "managerin", "leitung", "projektleitung", "geschäftsführung",
		"direction", "directeur", "directrice", "gestionnaire", "gestor", "gerente", "director", "directora", "dirigente",
		"direttore", "menedżer", "kierownik", "zarząd", "διευθυντής", "διευθύντρια", "υπεύθυνος", "мениджър", "ръководител",
		"gestora"},
	CatTeacher: {"teacher", "trainer", "researcher", "teacher/trainer/researcher", "lehrkraft", "lehrer", "lehrerin",
		"dozent", "dozentin", "trainerin", "forscher", "forscherin", "enseignant", "enseignante", "formateur", "formatrice",
		"chercheur", "chercheuse", "profesor", "profesora", "docente", "formador", "formadora", "investigador", "investigadora",
		"insegnante", "formatore", "formatrice", "ricercatore", "ricercatrice", "nauczyciel", "nauczycielka", "trener",
		"trenerka", "badacz", "εκπαιδευτής", "εκπαιδεύτρια", "καθηγητής", "καθηγήτρια", "ερευνητής", "ερευνήτρια", "учител",
		"преподавател", "обучител", "изследовател", "professor", "professora"},
	CatTechnician: {"technician", "technical", "techniker", "technikerin", "technicien", "technicienne", "técnico",
		"técnica", "tecnico", "tecnica", "technik", "τεχνικός", "техник"},
	CatAdmin: {"admin", "administrative", "administration", "administrative staff", "verwaltung", "sachbearbeiter",
		"sachbearbeiterin", "administratif", "administrative", "administrativo", "administrativa", "amministrativo",
		"amministrativa", "amministrazione", "administracja", "pracownik administracyjny", "διοικητικός", "διοικητική",
		"администратор", "административен", "администрация"},
}

// sheetRoles are the words a participants list may use for the roles at learning activities.
var sheetRoles = map[string][]string{
	RoleStaff: {"staff", "personal", "mitarbeiter", "mitarbeiterin", "personnel", "personale", "kadra", "pracownik",
		"προσωπικό", "персонал", "pessoal"},
	RoleLearner: {"learner", "lernende", "lernender", "apprenant", "apprenante", "estudiante", "alumno", "alumna",
		"discente", "studente", "studentessa", "uczeń", "uczestnik", "słuchacz", "εκπαιδευόμενος", "εκπαιδευόμενη",
		"обучаем", "обучаема", "formando", "formanda", "aprendente"},
}

var (
	headerIndex   = wordIndex(sheetHeaders)
	categoryIndex = wordIndex(sheetCategories)
	roleIndex     = wordIndex(sheetRoles)
)

// wordIndex maps each folded word to its key; the keys themselves are words too.
func wordIndex(m map[string][]string) map[string]string {
	idx := map[string]string{}
	for k, words := range m {
		idx[fold(k)] = k
		for _, w := range words {
			idx[fold(w)] = k
		}
	}
	return idx
}

// fold makes words comparable: lower case, no accents, and any run of other characters one space.
func fold(s string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	if r, _, err := transform.String(t, s); err == nil {
		s = r
	}
	var b strings.Builder
	space := false
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteRune(r)
			space = false
		} else {
			space = true
		}
	}
	return b.String()
}

// sheet is a table read from a file: its header and rows, with each row's number in the file (1 is the header).
type sheet struct {
	name   string
	header []string
	rows   [][]string
	nums   []int
	xlsx   bool
	col    map[string]int // column key → index
}

func sheetError(name, format string, args ...any) error {
	return &InputError{Where: name, Msg: fmt.Sprintf(format, args...)}
}

// readSheet reads the first sheet of an .xlsx workbook, or a .csv file, refusing what is neither.
func readSheet(r io.Reader, name string) (*sheet, error) {
	raw, err := io.ReadAll(io.LimitReader(r, 64<<20+1))
	if err != nil {
		return nil, sheetError(name, "%v", err)
	}
	if len(raw) > 64<<20 {
		return nil, sheetError(name, "is larger than 64 MB: not a list of people")
	}
	s := &sheet{name: name}
	ext := strings.ToLower(filepath.Ext(name))
	switch {
	case len(bytes.TrimSpace(raw)) == 0:
		return nil, sheetError(name, "is empty: the first row must name the columns")
	case bytes.HasPrefix(raw, []byte("PK\x03\x04")):
		if err := s.readXLSX(raw); err != nil {
			return nil, err
		}
	case bytes.HasPrefix(raw, []byte("\xd0\xcf\x11\xe0")):
		return nil, sheetError(name, "is an old Excel .xls file: save it as .xlsx or .csv")
	case ext == ".xlsx" || ext == ".xlsm" || ext == ".ods" || bytes.IndexByte(raw, 0) >= 0 || !utf8.Valid(raw):
		return nil, sheetError(name, "is not a spreadsheet: give an .xlsx workbook or a .csv file (UTF-8)")
	default:
		if err := s.readCSV(raw); err != nil {
			return nil, err
		}
	}
	// Drop empty rows and trailing empty cells.
	var rows [][]string
	var nums []int
	for i, row := range s.rows {
		if strings.TrimSpace(strings.Join(row, "")) != "" {
			rows, nums = append(rows, row), append(nums, s.nums[i])
		}
	}
	s.rows, s.nums = rows, nums
	if strings.TrimSpace(strings.Join(s.header, "")) == "" {
		return nil, sheetError(name, "is empty: the first row must name the columns")
	}
	if len(s.rows) == 0 {
		return nil, sheetError(name, "has no rows under its header")
	}
	return s, nil
}

func (s *sheet) readXLSX(raw []byte) error {
	f, err := excelize.OpenReader(bytes.NewReader(raw), excelize.Options{RawCellValue: true})
	if err != nil {
		return sheetError(s.name, "is not a spreadsheet: the workbook cannot be read (%v)", err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return sheetError(s.name, "is empty: the workbook has no sheet")
	}
	all, err := f.GetRows(sheets[0], excelize.Options{RawCellValue: true})
	if err != nil {
		return sheetError(s.name, "sheet %q cannot be read: %v", sheets[0], err)
	}
	if len(all) == 0 {
		return sheetError(s.name, "is empty: the first row must name the columns")
	}
	s.xlsx = true
	s.header = all[0]
	for i, row := range all[1:] {
		s.rows, s.nums = append(s.rows, row), append(s.nums, i+2)
	}
	return nil
}

func (s *sheet) readCSV(raw []byte) error {
	raw = bytes.TrimPrefix(raw, []byte("\xef\xbb\xbf"))
	first, _, _ := bufio.NewReader(bytes.NewReader(raw)).ReadLine()
	comma, most := ',', 0
	for _, c := range []rune{';', ',', '\t'} {
		if n := strings.Count(string(first), string(c)); n > most {
			comma, most = c, n
		}
	}
	cr := csv.NewReader(bytes.NewReader(raw))
	cr.Comma = comma
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = false
	header, err := cr.Read()
	if err != nil {
		return s.csvError(err)
	}
	s.header = header
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return s.csvError(err)
		}
		line, _ := cr.FieldPos(0)
		s.rows, s.nums = append(s.rows, rec), append(s.nums, line)
	}
}

func (s *sheet) csvError(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return sheetError(s.name, "is not a readable CSV file: row %d, column %d: %v", pe.Line, pe.Column, pe.Err)
	}
	return sheetError(s.name, "%v", err)
}

// columns finds the known columns by their headers and refuses a missing required one or one given twice.
func (s *sheet) columns(kind string, allowed []string, required ...string) error {
	s.col = map[string]int{}
	ok := map[string]bool{}
	for _, c := range allowed {
		ok[c] = true
	}
	for i, h := range s.header {
		k := headerIndex[fold(h)]
		if k == "" || !ok[k] {
			continue // other columns (phone, notes) are left alone
		}
		if j, dup := s.col[k]; dup {
			return sheetError(s.name, "row 1: columns %q and %q both give the %s", strings.TrimSpace(s.header[j]), strings.TrimSpace(h), k)
		}
		s.col[k] = i
	}
	if len(s.col) == 0 {
		return sheetError(s.name, "row 1 names none of the columns of a list of %s (such as %s): the first row must name the columns", kind, strings.Join(required, ", "))
	}
	for _, c := range required {
		if _, has := s.col[c]; !has {
			return sheetError(s.name, "row 1: no column gives the %s of the %s (a header such as %q)", c, kind, sheetHeaders[c][0])
		}
	}
	return nil
}

// cell is row i's value of column c, trimmed; "" when the column is absent.
func (s *sheet) cell(i int, c string) string {
	j, ok := s.col[c]
	if !ok || j >= len(s.rows[i]) {
		return ""
	}
	return strings.TrimSpace(s.rows[i][j])
}

// bad names row i and column c of a refused row.
func (s *sheet) bad(i int, c, format string, args ...any) error {
	head := c
	if j, ok := s.col[c]; ok {
		head = strings.TrimSpace(s.header[j])
	}
	label := s.cell(i, colName)
	if label == "" {
		label = "no name"
	}
	return &InputError{Where: fmt.Sprintf("%s: row %d (%s), column %q", s.name, s.nums[i], label, head), Msg: fmt.Sprintf(format, args...)}
}

// findPartner finds an organisation of the project by name, short name or OID.
func findPartner(doc *Document, ref string) *Partner {
	f := fold(ref)
	for i := range doc.Partners {
		p := &doc.Partners[i]
		if p.Deleted {
			continue
		}
		if fold(p.Name) == f || (p.ShortName != "" && fold(p.ShortName) == f) || (p.OID != "" && strings.EqualFold(p.OID, strings.TrimSpace(ref))) {
			return p
		}
	}
	return nil
}

func partnerNames(doc *Document) string {
	var l []string
	for _, p := range doc.Partners {
		if !p.Deleted {
			l = append(l, p.Label())
		}
	}
	return strings.Join(l, ", ")
}

// sheetID is a record's ID from the project, its kind and what identifies it: the same row gives the same ID.
func sheetID(doc *Document, kind Kind, key string) string {
	ns, err := uuid.Parse(doc.Project.ID)
	if err != nil {
		ns = uuid.NameSpaceOID
	}
	return uuid.NewSHA1(ns, []byte(string(kind)+"\x00"+key)).String()
}

// PeopleFromSheet reads a staff list (name, organisation and category required; e-mail optional) from an .xlsx
// or .csv file. The first bad row refuses the whole file, named by row and column. A person already in the
// project (same organisation and name) keeps their ID and what the sheet does not give; a new one gets an ID
// derived from the row, so the same file imported twice adds nothing.
func PeopleFromSheet(doc *Document, r io.Reader, name string) ([]Person, error) {
	if doc == nil || doc.Project == nil {
		return nil, sheetError(name, "no project to import into")
	}
	s, err := readSheet(r, name)
	if err != nil {
		return nil, err
	}
	if err := s.columns("people", []string{colName, colOrganisation, colEmail, colCategory}, colName, colOrganisation, colCategory); err != nil {
		return nil, err
	}
	existing := map[string]*Person{}
	for i := range doc.People {
		p := &doc.People[i]
		if !p.Deleted {
			existing[p.Partner+"\x00"+fold(p.Name)] = p
		}
	}
	seen := map[string]int{}
	var list []Person
	for i := range s.rows {
		nm := s.cell(i, colName)
		if nm == "" {
			return nil, s.bad(i, colName, "is missing")
		}
		org := s.cell(i, colOrganisation)
		if org == "" {
			return nil, s.bad(i, colOrganisation, "is missing")
		}
		pa := findPartner(doc, org)
		if pa == nil {
			return nil, s.bad(i, colOrganisation, "%q is not an organisation of project %s (%s)", org, doc.Project.Acronym, partnerNames(doc))
		}
		catText := s.cell(i, colCategory)
		cat := categoryIndex[fold(catText)]
		if catText == "" {
			return nil, s.bad(i, colCategory, "is missing")
		} else if cat == "" {
			return nil, s.bad(i, colCategory, "%q is not a staff category (manager, teacher, technician or admin)", catText)
		}
		email := s.cell(i, colEmail)
		if email != "" {
			if a, err := mail.ParseAddress(email); err != nil || a.Address != email {
				return nil, s.bad(i, colEmail, "%q is not an e-mail address", email)
			}
		}
		key := pa.ID + "\x00" + fold(nm)
		if j, dup := seen[key]; dup {
			return nil, s.bad(i, colName, "%s of %s is already in row %d", nm, pa.Label(), j)
		}
		seen[key] = s.nums[i]
		p := Person{ID: sheetID(doc, KindPerson, key)}
		if old := existing[key]; old != nil {
			p = *old
			p.Meta = Meta{}
		}
		p.Partner, p.Name, p.Category = pa.ID, nm, cat
		if _, has := s.col[colEmail]; has {
			p.Email = email
		}
		list = append(list, p)
	}
	return list, nil
}

// ParticipantsFromSheet reads the participants of an event (name required; organisation, country, distance,
// days, role, start and end optional) from an .xlsx or .csv file. An organisation of the project makes the
// participant its staff, and gives the country when the row gives none. The first bad row refuses the whole
// file, named by row and column; IDs are derived from the rows, so the same file imported twice adds nothing.
func ParticipantsFromSheet(doc *Document, event string, r io.Reader, name string) ([]Participant, error) {
	if doc == nil || doc.Project == nil {
		return nil, sheetError(name, "no project to import into")
	}
	var ev *Event
	for i := range doc.Events {
		if doc.Events[i].ID == event {
			ev = &doc.Events[i]
		}
	}
	if ev == nil {
		return nil, sheetError(name, "event %s is not an event of project %s", event, doc.Project.Acronym)
	}
	s, err := readSheet(r, name)
	if err != nil {
		return nil, err
	}
	if err := s.columns("participants", []string{colName, colOrganisation, colCountry, colDistance, colDays, colRole, colStart, colEnd}, colName); err != nil {
		return nil, err
	}
	keyOf := func(nm, partner, org string) string {
		return ev.ID + "\x00" + fold(nm) + "\x00" + partner + "\x00" + fold(org)
	}
	existing := map[string]*Participant{}
	for i := range doc.Participants {
		p := &doc.Participants[i]
		if !p.Deleted && p.Event == ev.ID {
			org := p.Organisation
			if p.Partner != "" {
				org = ""
			}
			existing[keyOf(p.Name, p.Partner, org)] = p
		}
	}
	seen := map[string]int{}
	var list []Participant
	for i := range s.rows {
		p := Participant{Event: ev.ID, Name: s.cell(i, colName)}
		if p.Name == "" {
			return nil, s.bad(i, colName, "is missing")
		}
		orgText := s.cell(i, colOrganisation)
		keyOrg := orgText
		if pa := findPartner(doc, orgText); orgText != "" && pa != nil {
			p.Partner, p.Organisation, p.Country, keyOrg = pa.ID, pa.Name, pa.Country, ""
		} else {
			p.Organisation = orgText
		}
		if c := s.cell(i, colCountry); c != "" {
			c = strings.ToUpper(c)
			if c == "GR" {
				c = "EL" // the programme's code for Greece
			}
			if len(c) != 2 || strings.Trim(c, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != "" {
				return nil, s.bad(i, colCountry, "%q is not a two-letter country code (e.g. PL, EL, DE)", s.cell(i, colCountry))
			}
			p.Country = c
		}
		if p.Country == "" {
			return nil, s.bad(i, colCountry, "is missing (and no organisation of the project gives it)")
		}
		var bad error
		if p.DistanceKM, bad = s.count(i, colDistance, maxKM, "km"); bad != nil {
			return nil, bad
		}
		if p.Days, bad = s.count(i, colDays, 366, "days"); bad != nil {
			return nil, bad
		}
		if t := s.cell(i, colRole); t != "" {
			if p.Role = roleIndex[fold(t)]; p.Role == "" {
				return nil, s.bad(i, colRole, "%q is not a role (staff or learner)", t)
			}
		}
		if p.Start, bad = s.date(i, colStart); bad != nil {
			return nil, bad
		}
		if p.End, bad = s.date(i, colEnd); bad != nil {
			return nil, bad
		}
		if !p.Start.IsZero() && !p.End.IsZero() && p.End.Before(p.Start) {
			return nil, s.bad(i, colEnd, "%s is before the start %s", p.End, p.Start)
		}
		key := keyOf(p.Name, p.Partner, keyOrg)
		if j, dup := seen[key]; dup {
			return nil, s.bad(i, colName, "%s is already in row %d", p.Name, j)
		}
		seen[key] = s.nums[i]
		p.ID = sheetID(doc, KindParticipant, key)
		if old := existing[key]; old != nil {
			// One already at the event keeps its ID, and what the file has no column for.
			p.ID = old.ID
			for _, k := range []struct {
				col  string
				keep func()
			}{
				{colDistance, func() { p.DistanceKM = old.DistanceKM }}, {colDays, func() { p.Days = old.Days }},
				{colRole, func() { p.Role = old.Role }}, {colStart, func() { p.Start = old.Start }}, {colEnd, func() { p.End = old.End }},
			} {
				if _, has := s.col[k.col]; !has {
					k.keep()
				}
			}
		}
		list = append(list, p)
	}
	return list, nil
}

// count reads a whole number of column c (empty is 0), at most max.
func (s *sheet) count(i int, c string, max int, unit string) (int, error) {
	t := s.cell(i, c)
	if t == "" {
		return 0, nil
	}
	clean := strings.TrimSpace(strings.TrimSuffix(strings.ToLower(strings.ReplaceAll(t, "\u00a0", "")), unit))
	clean = strings.ReplaceAll(clean, " ", "")
	v, err := strconv.ParseFloat(strings.Replace(clean, ",", ".", 1), 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, s.bad(i, c, "%q is not a number", t)
	}
	if v != math.Trunc(v) {
		return 0, s.bad(i, c, "%q is not a whole number of %s", t, unit)
	}
	if v < 0 || v > float64(max) {
		return 0, s.bad(i, c, "%s %s is not between 0 and %d", t, unit, max)
	}
	return int(v), nil
}

// date reads a date of column c: a date cell of a workbook, YYYY-MM-DD, DD.MM.YYYY or DD/MM/YYYY.
func (s *sheet) date(i int, c string) (Date, error) {
	t := s.cell(i, c)
	if t == "" {
		return Date{}, nil
	}
	if v, err := strconv.ParseFloat(t, 64); err == nil && s.xlsx {
		if v >= 1 && v < 2958466 {
			if tm, err := excelize.ExcelDateToTime(v, false); err == nil && tm.Year() >= MinYear {
				return DateOf(tm), nil
			}
		}
		return Date{}, s.bad(i, c, "%s is not a date", t)
	}
	if d, err := ParseDate(t); err == nil {
		return d, nil
	}
	for _, layout := range []string{"2.1.2006", "02.01.2006", "2/1/2006", "02/01/2006"} {
		if tm, err := time.Parse(layout, t); err == nil {
			if tm.Year() < MinYear {
				break
			}
			return DateOf(tm), nil
		}
	}
	return Date{}, s.bad(i, c, "%q is not a date (YYYY-MM-DD, DD.MM.YYYY or a date cell)", t)
}
