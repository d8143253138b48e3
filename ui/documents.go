package ui

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"partnerdesk/data"
	"partnerdesk/export"
)

// Document kinds the window exports.
const (
	DocTimesheet    = "timesheet"
	DocTimesheets   = "timesheets"
	DocOutput       = "output"
	DocBudget       = "budget"
	DocAttendance   = "attendance"
	DocCertificates = "certificates"
	// DocWorkbook is the report workbook (.xlsx): budget, staff days, entries, participants, partners, people.
	DocWorkbook = "workbook"
)

// DocumentsView offers the PDF evidence of the project, with progress and "open the PDF".
type DocumentsView struct {
	Output   *widget.Select
	Event    *widget.Select
	Progress *widget.ProgressBar
	Status   *widget.Label
	Buttons  map[string]*widget.Button
	Content  fyne.CanvasObject
	// LastFile is the document written last, for "Open".
	LastFile string
	Open     *widget.Button
	// From and To bound "All timesheets" to a period (both empty: the whole project).
	From, To *widget.Select
	// Cancel stops a batch of timesheets; what was written stays, nothing half-written.
	Cancel *widget.Button
	// AsOf makes the budget, output reports and workbook those of an interim report ("" for the whole project).
	AsOf *widget.Entry

	m      *Main
	months []data.Month
	cancel context.CancelFunc
}

func newDocumentsView(m *Main) *DocumentsView {
	v := &DocumentsView{m: m, Buttons: map[string]*widget.Button{}}
	v.Output = widget.NewSelect(nil, nil)
	v.Output.PlaceHolder = lang.L("Output or work package")
	v.Event = widget.NewSelect(nil, nil)
	v.Event.PlaceHolder = lang.L("Event")
	v.Progress = widget.NewProgressBar()
	v.Progress.Hide()
	v.Status = widget.NewLabel("")
	v.Status.Wrapping = fyne.TextWrapWord
	v.Open = widget.NewButton(lang.L("Open the PDF"), func() {
		if u, err := url.Parse("file://" + filepath.ToSlash(v.LastFile)); err == nil {
			if err := fyne.CurrentApp().OpenURL(u); err != nil {
				m.showError(err)
			}
		}
	})
	v.Open.Hide()
	v.From, v.To = widget.NewSelect(nil, nil), widget.NewSelect(nil, nil)
	v.From.PlaceHolder, v.To.PlaceHolder = lang.L("from the start"), lang.L("to the end")
	v.Cancel = widget.NewButton(lang.L("Cancel"), func() {
		if v.cancel != nil {
			v.cancel()
		}
	})
	v.Cancel.Hide()
	v.AsOf = widget.NewEntry()
	v.AsOf.SetPlaceHolder(lang.L("YYYY-MM-DD"))
	button := func(kind, label string, ask func(kind string)) *widget.Button {
		b := widget.NewButton(label, func() { ask(kind) })
		v.Buttons[kind] = b
		return b
	}
	form := container.NewVBox(
		widget.NewLabelWithStyle(lang.L("Evidence for the interim and final report"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		container.NewHBox(widget.NewLabel(lang.L("Budget, output reports and workbook as of")), wide(v.AsOf, 130),
			widget.NewLabel(lang.L("(empty: the whole project)"))),
		container.NewHBox(button(DocBudget, lang.L("Budget report…"), v.askFile), button(DocTimesheets, lang.L("All timesheets…"), v.askFolder),
			widget.NewLabel(lang.L("months")), wide(v.From, 150), widget.NewLabel("–"), wide(v.To, 150)),
		container.NewGridWithColumns(2, v.Output, button(DocOutput, lang.L("Output report…"), v.askFile)),
		container.NewGridWithColumns(3, v.Event, button(DocAttendance, lang.L("Attendance list…"), v.askFile), button(DocCertificates, lang.L("Certificates…"), v.askFile)),
		container.NewHBox(button(DocWorkbook, lang.L("Export to Excel…"), v.askFile)),
		widget.NewSeparator(),
		container.NewBorder(nil, nil, nil, v.Cancel, v.Progress), v.Status, v.Open,
	)
	v.Content = container.NewPadded(form)
	return v
}

// load fills the pickers for a project.
func (v *DocumentsView) load(doc *data.Document) {
	v.Output.Options = nil
	for _, o := range doc.Outputs {
		v.Output.Options = append(v.Output.Options, o.Code+" "+o.Title)
	}
	v.Event.Options = nil
	for _, e := range doc.Events {
		v.Event.Options = append(v.Event.Options, e.Code+" "+e.Title)
	}
	v.Output.ClearSelected()
	v.Event.ClearSelected()
	v.months = data.MonthsIn(doc.Project.Start, doc.Project.End)
	var ms []string
	for _, mo := range v.months {
		ms = append(ms, mo.String())
	}
	v.From.Options, v.To.Options = ms, ms
	v.From.ClearSelected()
	v.To.ClearSelected()
	v.Status.SetText("")
	v.Open.Hide()
}

// ref is the output or event the document is about.
func (v *DocumentsView) ref(kind string) (string, error) {
	doc := v.m.doc
	switch kind {
	case DocOutput:
		if i := v.Output.SelectedIndex(); i >= 0 {
			return doc.Outputs[i].ID, nil
		}
		return "", fmt.Errorf("%s", lang.L("Choose an output first."))
	case DocAttendance, DocCertificates:
		if i := v.Event.SelectedIndex(); i >= 0 {
			return doc.Events[i].ID, nil
		}
		return "", fmt.Errorf("%s", lang.L("Choose an event first."))
	}
	return "", nil
}

func (v *DocumentsView) askFile(kind string) {
	ref, err := v.ref(kind)
	if err != nil {
		v.m.showError(err)
		return
	}
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil || w == nil {
			return
		}
		path := w.URI().Path()
		w.Close() // the export writes through a temporary file and renames it
		v.Export(kind, ref, path)
	}, v.m.Window)
	d.SetFileName(v.fileName(kind, ref))
	d.SetFilter(storage.NewExtensionFileFilter([]string{extension(kind)}))
	d.Show()
}

func (v *DocumentsView) askFolder(kind string) {
	dialog.ShowFolderOpen(func(u fyne.ListableURI, err error) {
		if err != nil || u == nil {
			return
		}
		v.Export(kind, "", u.Path())
	}, v.m.Window)
}

// fileName suggests a name that says what the document is; record text is made a safe file name.
func (v *DocumentsView) fileName(kind, ref string) string {
	return export.SafeFileName(v.baseName(kind, ref), extension(kind))
}

// extension is the file name extension of a kind of document.
func extension(kind string) string {
	if kind == DocWorkbook {
		return ".xlsx"
	}
	return ".pdf"
}

func (v *DocumentsView) baseName(kind, ref string) string {
	p := v.m.doc.Project
	code := ""
	if o := v.m.doc.OutputByID(ref); o != nil {
		code = o.Code
	}
	for _, e := range v.m.doc.Events {
		if e.ID == ref {
			code = e.Code
		}
	}
	asOf := ""
	if d, err := v.asOf(); err == nil && !d.IsZero() {
		asOf = " as of " + d.String()
	}
	switch kind {
	case DocBudget:
		return p.Acronym + " budget report" + asOf
	case DocWorkbook:
		return p.Acronym + " report" + asOf
	case DocOutput:
		return p.Acronym + " " + code + " report" + asOf
	case DocAttendance:
		return p.Acronym + " " + code + " attendance list"
	case DocCertificates:
		return p.Acronym + " " + code + " certificates"
	}
	return p.Acronym
}

// Export writes a document (or, for timesheets, a folder of them) in the background, showing progress.
func (v *DocumentsView) Export(kind, ref, path string) {
	m := v.m
	doc := m.doc
	for _, b := range v.Buttons {
		b.Disable()
	}
	v.Open.Hide()
	v.Progress.SetValue(0)
	v.Progress.Show()
	v.Status.SetText(lang.L("Writing…"))
	var written string
	asOf, err := v.asOf()
	if err != nil {
		v.Progress.Hide()
		v.Status.SetText(lang.L("Not written:") + " " + err.Error())
		for _, b := range v.Buttons {
			b.Enable()
		}
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	v.cancel = cancel
	var from, to data.Month
	if i := v.From.SelectedIndex(); i >= 0 {
		from = v.months[i]
	}
	if i := v.To.SelectedIndex(); i >= 0 {
		to = v.months[i]
	}
	if kind == DocTimesheets {
		v.Cancel.Show()
	}
	m.run(func() error {
		s := m.store
		write := func(fn func(w io.Writer) error) error {
			written = path
			return export.WriteFile(path, fn)
		}
		switch kind {
		case DocBudget, DocOutput:
			b, err := s.BudgetAsOf(doc.Project.ID, asOf)
			if err != nil {
				return err
			}
			if kind == DocBudget {
				return write(func(w io.Writer) error { return export.BudgetReport(w, doc, b) })
			}
			work, err := s.WorkAsOf(doc.Project.ID, asOf)
			if err != nil {
				return err
			}
			return write(func(w io.Writer) error { return export.OutputReport(w, doc, b, work, ref) })
		case DocWorkbook:
			b, err := s.BudgetAsOf(doc.Project.ID, asOf)
			if err != nil {
				return err
			}
			entries, err := s.Entries(doc.Project.ID, data.EntryFilter{})
			if err != nil {
				return err
			}
			if !asOf.IsZero() {
				kept := entries[:0]
				for _, e := range entries {
					if !e.Date.After(asOf) {
						kept = append(kept, e)
					}
				}
				entries = kept
			}
			return write(func(w io.Writer) error { return export.Workbook(w, doc, b, entries) })
		case DocAttendance:
			return write(func(w io.Writer) error { return export.AttendanceList(w, doc, ref) })
		case DocCertificates:
			return write(func(w io.Writer) error { return export.Certificates(w, doc, ref) })
		case DocTimesheet:
			person, month := splitSheetRef(ref)
			sheet, err := s.MonthSheet(doc.Project.ID, person, month)
			if err != nil {
				return err
			}
			return write(func(w io.Writer) error { return export.Timesheet(w, sheet) })
		case DocTimesheets:
			keys, err := s.SheetsWithWork(doc.Project.ID, from, to)
			if err != nil {
				return err
			}
			if err := os.MkdirAll(path, 0o755); err != nil {
				return err
			}
			// The sheets are built one at a time as the renderers ask for them, as the command line does,
			// so a whole project's batch holds a few sheets in memory, not all of them.
			stream, err := s.SheetStream(doc.Project.ID, keys)
			if err != nil {
				return err
			}
			n := 0
			next := func() (*data.MonthSheet, error) {
				sh, err := stream.Next()
				if n++; sh != nil && n%128 == 0 {
					s.ReleaseMapped() // the months read so far
				}
				return sh, err
			}
			files, err := export.TimesheetBatchFrom(ctx, path, stream.Len(), next, func(done, total int) {
				fyne.Do(func() { v.Progress.SetValue(float64(done) / float64(total)) })
			})
			if len(files) > 0 {
				written = files[len(files)-1]
			}
			return err
		}
		return fmt.Errorf("unknown document %q", kind)
	}, func(err error) {
		cancel()
		v.Cancel.Hide()
		for _, b := range v.Buttons {
			b.Enable()
		}
		v.Progress.Hide()
		if errors.Is(err, context.Canceled) {
			v.Status.SetText(lang.L("Stopped: the timesheets written so far are in") + " " + path)
			return
		}
		if err != nil {
			// The save dialog made an empty file to write into: nothing was written, so it goes.
			if fi, serr := os.Lstat(path); serr == nil && fi.Mode().IsRegular() && fi.Size() == 0 {
				os.Remove(path)
			}
			v.Status.SetText("")
			m.showError(err)
			return
		}
		v.LastFile = written
		v.Status.SetText(lang.L("Written:") + " " + written)
		if kind == DocWorkbook {
			v.Open.SetText(lang.L("Open the workbook"))
		} else {
			v.Open.SetText(lang.L("Open the PDF"))
		}
		v.Open.Show()
	})
}

// sheetRef names a person-month for DocTimesheet: "<person id> <YYYY-MM>".
func sheetRef(person string, m data.Month) string { return person + " " + m.String() }

func splitSheetRef(ref string) (string, data.Month) {
	if len(ref) < 8 {
		return ref, data.Month{}
	}
	m, _ := data.ParseMonth(ref[len(ref)-7:])
	return ref[:len(ref)-8], m
}

// asOf reads the interim report's date; "" is the whole project.
func (v *DocumentsView) asOf() (data.Date, error) {
	s := strings.TrimSpace(v.AsOf.Text)
	if s == "" {
		return data.Date{}, nil
	}
	return data.ParseDate(s)
}
