package ui

import (
	"errors"
	"fmt"
	"strings"

	"fyne.io/fyne/v2/lang"

	"partnerdesk/data"
)

// message words an error for the window: a data.Problem or a keyed data.InputError in it is put
// in the window's language (its English wording is the key, see data.Problem); the context
// wrapped around it, such as a file's name, stays as it is.
func message(err error) string {
	if err == nil {
		return ""
	}
	full := err.Error()
	var in *data.InputError
	if errors.As(err, &in) && in.Key != "" {
		msg := problemText(in.Key, in.Args)
		if in.Where != "" {
			msg = in.Where + ": " + msg
		}
		if in.More > 0 {
			msg += " " + plural("(and %d more problems)", in.More)
		}
		return strings.Replace(full, in.Error(), msg, 1)
	}
	var p *data.Problem
	if errors.As(err, &p) {
		return strings.Replace(full, p.Error(), problemText(p.Key, p.Args), 1)
	}
	return full
}

// inputMessage is an input error's own message, without its place, in the window's language.
func inputMessage(in *data.InputError) string {
	msg := in.Msg
	if in.Key != "" {
		msg = problemText(in.Key, in.Args)
	}
	if in.More > 0 {
		msg += " " + plural("(and %d more problems)", in.More)
	}
	return msg
}

// problemText fills a problem's translated wording with its values; values that are errors or
// a month's state are worded too.
func problemText(key string, args []any) string {
	vals := make([]any, len(args))
	for i, a := range args {
		switch v := a.(type) {
		case error:
			vals[i] = message(v)
		case data.Seconds:
			vals[i] = hoursValue(v)
		case data.Date:
			vals[i] = formatDate(v)
		case string:
			switch v {
			case data.StateDraft, data.StateSubmitted, data.StateApproved, data.StateReopened:
				vals[i] = lang.L(v)
			default:
				vals[i] = v
			}
		default:
			vals[i] = a
		}
	}
	return fmt.Sprintf(lang.L(key), vals...)
}

// messageError is an error as the window words it, for dialogs that take an error.
func messageError(err error) error {
	if err == nil {
		return nil
	}
	return errors.New(message(err))
}

// plural words a count in the window's language, with the plural forms it has (Polish
// "24 miesiące", "5 miesięcy"): key is the English with one %d, its file entry has the forms.
func plural(key string, n int, args ...any) string {
	return fmt.Sprintf(lang.XN(key, key, n), append([]any{n}, args...)...)
}

// checkText is a timesheet check's reason in the window's language.
func checkText(c data.Check) string {
	if c.Key == "" {
		return c.Reason
	}
	return problemText(c.Key, c.Args)
}

// warningsText is a budget's warnings in the window's language, one a line.
func warningsText(b *data.Budget) string {
	if len(b.Problems) != len(b.Warnings) {
		return strings.Join(b.Warnings, "\n")
	}
	lines := make([]string, len(b.Problems))
	for i, p := range b.Problems {
		lines[i] = problemText(p.Key, p.Args)
	}
	return strings.Join(lines, "\n")
}

// hoursValue is hours inside a message: decimals with the language's mark, h:mm as typed.
func hoursValue(s data.Seconds) string {
	if s%36 == 0 {
		return formatHours(s.Hours())
	}
	return s.String()
}
