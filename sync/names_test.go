package davsync

import (
	"strings"
	"testing"
)

func TestCheckName(t *testing.T) {
	for _, c := range []struct{ name, want string }{
		{"Bericht März 2020.pdf", ""},
		{"Ελένη — αναφορά.docx", ""},
		{".hidden", ""},
		{"a b (2).txt", ""},
		{"😀 emoji.txt", ""},
		{"", "empty name"},
		{"..", "points outside its folder"},
		{".", "points outside its folder"},
		{"../x", "points outside its folder"},
		{"/etc/passwd", "is an absolute path"},
		{`\\server\share`, "is an absolute path"},
		{`C:\Windows`, "is an absolute path"},
		{"C:", "is an absolute path"},
		{"a/b", "holds a path separator"},
		{`a\b`, "holds a path separator"},
		{"a:b.txt", `holds ':', which Windows does not allow`},
		{"what?.txt", `holds '?'`},
		{"x\x00y", "control character"},
		{"tab\tname", "control character"},
		{"\u202etxt.exe", "control character"},
		{"trailing.", "ends in a dot or a space"},
		{"trailing ", "ends in a dot or a space"},
		{"CON", "device name"},
		{"com1.txt", "device name"},
		{"Lpt9.log", "device name"},
		{"CONSOLE.txt", ""},
		{"\xff\xfe", "not valid UTF-8"},
		{strings.Repeat("ä", 128), "longer than 255 bytes"},
	} {
		err := CheckName(c.name)
		switch {
		case c.want == "" && err != nil:
			t.Errorf("CheckName(%q) = %v, want nil", c.name, err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("CheckName(%q) = %v, want %q", c.name, err, c.want)
		}
	}
}

func FuzzCheckPath(f *testing.F) {
	for _, s := range []string{"a/b.txt", "../x", "a/../../b", "C:/x", "ok/CON/x", "a//b", "x/./y"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, p string) {
		if CheckPath(p) != nil {
			return
		}
		// An accepted path never leaves its folder, and every part stands on its own.
		for _, part := range strings.Split(p, "/") {
			if part == "" || part == "." || part == ".." || strings.ContainsAny(part, `\:`) {
				t.Fatalf("CheckPath accepted %q", p)
			}
		}
	})
}
