package cli

import (
	"fmt"
	"strings"
	"unicode"
)

// display makes record text safe to print: a name or note from a partner's file could carry
// terminal escapes that rewrite the screen, so control characters are shown as \x.. instead.
func display(s string) string {
	if strings.IndexFunc(s, unicode.IsControl) < 0 {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if unicode.IsControl(r) && r != '\n' && r != '\t' {
			fmt.Fprintf(&b, `\x%02x`, r)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}
