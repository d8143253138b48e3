package data

import (
	"strconv"
	"unicode/utf8"
)

// decodeEntry reads a stored entry the way json.Unmarshal does, without its reflection: the timesheet
// batch and the month queries decode hundreds of thousands of entries, and encoding/json cost a fifth
// of a batch. It reads only the shape the store writes (the fields of Entry by their exact names, plain
// strings, numbers, true/false) and reports false for anything else — escapes, null, another field, a
// value json.Unmarshal would refuse — for the caller to hand to json.Unmarshal, which then decides.
// TestDecodeEntryIsJSONUnmarshal and FuzzDecodeEntry hold the two to the same answers.
func decodeEntry(raw []byte) (Entry, bool) {
	var e Entry
	p := entryParser{b: raw}
	if !p.byte('{') {
		return e, false
	}
	if p.peek() == '}' {
		p.i++
		return e, p.end()
	}
	for {
		key, ok := p.str()
		if !ok || !p.byte(':') {
			return e, false
		}
		p.space()
		switch key {
		case "id":
			ok = p.into(&e.ID)
		case "person":
			ok = p.into(&e.Person)
		case "output":
			ok = p.into(&e.Output)
		case "note":
			ok = p.into(&e.Note)
		case "owner":
			ok = p.into(&e.Owner)
		case "date":
			var s string
			if ok = p.into(&s); ok {
				e.Date = Date{}
				if s != "" {
					e.Date, ok = parseDateOK(s)
				}
			}
		case "hours":
			num := p.number()
			ok = num != nil && e.Hours.UnmarshalJSON(num) == nil
		case "rev":
			num := p.number()
			var err error
			e.Rev, err = strconv.ParseInt(string(num), 10, 64)
			ok = num != nil && err == nil
		case "updated":
			start := p.i
			var s string
			if ok = p.into(&s); ok {
				ok = e.Updated.UnmarshalJSON(raw[start:p.i]) == nil
			}
		case "deleted":
			e.Deleted, ok = p.boolean()
		default:
			return e, false
		}
		if !ok {
			return e, false
		}
		p.space()
		switch p.next() {
		case ',':
			p.space()
			continue
		case '}':
			return e, p.end()
		}
		return e, false
	}
}

func parseDateOK(s string) (Date, bool) {
	d, err := ParseDate(s)
	return d, err == nil
}

// entryParser walks a JSON object of the store's plain shape.
type entryParser struct {
	b []byte
	i int
}

func (p *entryParser) space() {
	for p.i < len(p.b) {
		switch p.b[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

func (p *entryParser) peek() byte {
	p.space()
	if p.i == len(p.b) {
		return 0
	}
	return p.b[p.i]
}

func (p *entryParser) next() byte {
	if p.i == len(p.b) {
		return 0
	}
	p.i++
	return p.b[p.i-1]
}

// byte consumes c after any white space.
func (p *entryParser) byte(c byte) bool {
	if p.peek() != c {
		return false
	}
	p.i++
	return true
}

// end reports whether only white space is left.
func (p *entryParser) end() bool {
	p.space()
	return p.i == len(p.b)
}

// str reads a string without escapes or control characters, in valid UTF-8.
func (p *entryParser) str() (string, bool) {
	if !p.byte('"') {
		return "", false
	}
	start := p.i
	ascii := true
	for p.i < len(p.b) {
		c := p.b[p.i]
		switch {
		case c == '"':
			s := p.b[start:p.i]
			p.i++
			if !ascii && !utf8.Valid(s) {
				return "", false
			}
			return string(s), true
		case c == '\\' || c < 0x20:
			return "", false
		case c >= 0x80:
			ascii = false
		}
		p.i++
	}
	return "", false
}

func (p *entryParser) into(s *string) bool {
	v, ok := p.str()
	if ok {
		*s = v
	}
	return ok
}

// number reads a JSON number's text (validity is left to the field's own parser).
func (p *entryParser) number() []byte {
	start := p.i
	for p.i < len(p.b) {
		c := p.b[p.i]
		if (c < '0' || c > '9') && c != '-' && c != '+' && c != '.' && c != 'e' && c != 'E' {
			break
		}
		p.i++
	}
	if p.i == start || !validNumber(p.b[start:p.i]) {
		return nil
	}
	return p.b[start:p.i]
}

// validNumber is JSON's number grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func validNumber(b []byte) bool {
	i := 0
	digits := func() int {
		n := 0
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
			n++
		}
		return n
	}
	if i < len(b) && b[i] == '-' {
		i++
	}
	if i < len(b) && b[i] == '0' {
		i++
	} else if digits() == 0 {
		return false
	}
	if i < len(b) && b[i] == '.' {
		i++
		if digits() == 0 {
			return false
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if digits() == 0 {
			return false
		}
	}
	return i == len(b)
}

func (p *entryParser) boolean() (bool, bool) {
	rest := p.b[p.i:]
	switch {
	case len(rest) >= 4 && string(rest[:4]) == "true":
		p.i += 4
		return true, true
	case len(rest) >= 5 && string(rest[:5]) == "false":
		p.i += 5
		return false, true
	}
	return false, false
}
