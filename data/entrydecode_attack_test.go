package data

import "testing"

func TestDecodeEntryAttack(t *testing.T) {
	for _, raw := range []string{
		`{"hours":-0}`, `{"hours":-0.0}`, `{"hours":0.000000000001}`, `{"hours":24}`, `{"hours":24.0000001}`,
		`{"hours":1e400}`, `{"hours":1.5E+0}`, `{"hours":00}`, `{"hours":-}`, `{"hours":.5}`, `{"hours":5.}`,
		`{"rev":-0}`, `{"rev":-9223372036854775808}`, `{"rev":9223372036854775808}`, `{"rev":1e0}`,
		`{"date":"2020-9-01"}`, `{"date":"1989-12-31"}`, `{"date":" 2020-09-01"}`, `{"date":"2020-09-01","date":""}`,
		`{"updated":"2026-12-01T20:18:21+02:00"}`, `{"updated":""}`, `{"updated":"2026-12-01T20:18:21.1234567891Z"}`,
		`{"deleted":false,"deleted":true}`, `{"deleted":TRUE}`, `{"id":"\u0000"}`, "{\"id\":\"a\x7f\"}",
		"{\"note\":\"\xed\xa0\x80\"}", "{\"note\":\"\xef\xbb\xbf\"}", "\xef\xbb\xbf{}", `{"id":"a"}{"id":"b"}`,
		`{"id":"a" "person":"b"}`, `{"id" "a"}`, `{"id":"a",,"person":"b"}`, `{,}`, `{"\u0069d":"x"}`, `{"iD":"x"}`,
		"{\"id\":\"x\"}\x00", "{\"id\":\"x\"}\v", `{"id":"x"}  `, "\t\r\n{\"id\":\"x\"}\n",
		`{"owner":"ſ"}`, `{"ſd":"x"}`, `{"person":"p","person":"q"}`,
	} {
		checkDecodeEntry(t, []byte(raw))
	}
}
