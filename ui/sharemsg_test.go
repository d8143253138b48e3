package ui

import (
	"fmt"
	"testing"

	davsync "partnerdesk/sync"
)

// TestShareRefusalsReachTheWindowTranslated: a share refusal from sync, here a plain-http address
// to another computer, is worded in the window's language, also inside the context wrapped around
// it, while its own text stays the English the command line prints.
func TestShareRefusalsReachTheWindowTranslated(t *testing.T) {
	_, err := davsync.CheckURL("http://cloud.example.org/remote.php/dav/files/anna/share/")
	if err == nil {
		t.Fatal("a plain-http address to another computer was accepted")
	}
	const english = "http://cloud.example.org is not encrypted: use https (plain http is allowed only to this computer)"
	if err.Error() != english {
		t.Fatalf("English: %q, want %q", err.Error(), english)
	}
	wrapped := fmt.Errorf("share join: %w", err)
	for _, c := range []struct{ code, want string }{
		{"de", "http://cloud.example.org ist nicht verschlüsselt: verwenden Sie https (einfaches http ist nur zu diesem Computer erlaubt)"},
		{"fr", "http://cloud.example.org n'est pas chiffré : utilisez https (le http simple n'est permis que vers cet ordinateur)"},
	} {
		useLanguage(t, c.code)
		if got := message(err); got != c.want {
			t.Errorf("%s: %q, want %q", c.code, got, c.want)
		}
		if got, want := message(wrapped), "share join: "+c.want; got != want {
			t.Errorf("%s, wrapped: %q, want %q", c.code, got, want)
		}
	}
	if err.Error() != english || wrapped.Error() != "share join: "+english {
		t.Errorf("English changed: %q, %q", err.Error(), wrapped.Error())
	}
}
