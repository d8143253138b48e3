package davsync

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"partnerdesk/data"
)

// Config says how to reach a share folder.
type Config struct {
	URL      string // the share folder, https (http only to this computer)
	User     string // empty: no authentication
	Password string // never stored, logged or put in an error
	// Client is the HTTP client; nil gives one with connect and header timeouts (tests pass httptest's).
	Client *http.Client
	// Stall fails a transfer that moves less than stallBytes for this long: a server gone quiet, or
	// one trickling a byte now and then; default 30 s.
	Stall time.Duration
	// HeaderTimeout bounds the wait for the server's answer once a request is sent; default 2 min.
	HeaderTimeout time.Duration
}

// stallBytes is the least a transfer must move per Stall period to count as moving.
const stallBytes = 1024

// DAV is a Remote on a WebDAV server: Nextcloud, ownCloud, or any server speaking RFC 4918.
//
// Every request goes through one *http.Client with plain net/http. go-webdav's client is not used
// on this side: it fails a whole listing on a weak or unquoted ETag (emersion/go-webdav#118, #165),
// hides the HTTP status of a refusal in an internal type (so 412 cannot be told from 405 or 409),
// sends uploads without Content-Length and returns no ETag with a download. go-webdav's server is
// what the tests and the benchmark run this remote against.
type DAV struct {
	base   *url.URL // the share folder, path ending in "/"
	http   *http.Client
	user   string
	pass   string
	stall  time.Duration
	header time.Duration
}

// CheckURL checks a share address and returns it cleaned: https, or plain http to this computer only;
// no password inside. Errors never repeat the address's user part.
func CheckURL(raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return nil, data.Problemf("the share address must be a web address like https://cloud.example.org/remote.php/dav/files/USER/FOLDER/")
	}
	if _, has := u.User.Password(); has {
		return nil, data.Problemf("the share address holds a password: give the address without it; the password goes in the keyring, PARTNERDESK_PASSWORD or the prompt")
	}
	if u.Scheme == "http" && !isLoopback(u.Hostname()) {
		return nil, data.Problemf("http://%s is not encrypted: use https (plain http is allowed only to this computer)", u.Host)
	}
	u.RawQuery, u.Fragment, u.ForceQuery = "", "", false
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
		if u.RawPath != "" {
			u.RawPath += "/"
		}
	}
	return u, nil
}

// isLoopback says whether a host is this computer.
func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// NewDAV returns the WebDAV remote for a share folder.
func NewDAV(cfg Config) (*DAV, error) {
	u, err := CheckURL(cfg.URL)
	if err != nil {
		return nil, err
	}
	user := cfg.User
	if user == "" && u.User != nil {
		user = u.User.Username()
	}
	u.User = nil
	c := cfg.Client
	if c == nil {
		c = defaultClient()
	}
	guarded := *c
	// net/http would turn a PROPFIND, MKCOL or DELETE into a GET on 301 and 302, and send the
	// password to any port of the same host: follow only a GET to the share's own origin, and let
	// the methods see every other redirect (slashRedirect, refusal).
	guarded.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		first := via[0]
		if (first.Method != http.MethodGet && first.Method != http.MethodHead) || !sameOrigin(req.URL, first.URL) || len(via) >= 5 {
			return http.ErrUseLastResponse
		}
		return nil
	}
	stall := cfg.Stall
	if stall <= 0 {
		stall = 30 * time.Second
	}
	header := cfg.HeaderTimeout
	if header <= 0 {
		header = 2 * time.Minute
	}
	return &DAV{base: u, http: &guarded, user: user, pass: cfg.Password, stall: stall, header: header}, nil
}

// sameOrigin says whether two URLs have one scheme, host and port (RFC 6454), the port as written
// or the scheme's default.
func sameOrigin(a, b *url.URL) bool {
	port := func(u *url.URL) string {
		if p := u.Port(); p != "" {
			return p
		}
		if strings.EqualFold(u.Scheme, "https") {
			return "443"
		}
		return "80"
	}
	return strings.EqualFold(a.Scheme, b.Scheme) && strings.EqualFold(a.Hostname(), b.Hostname()) && port(a) == port(b)
}

// defaultClient has timeouts for connecting and for the server's answer, none for a whole transfer
// (a large upload may take hours; the stall guard catches a transfer that stops moving).
func defaultClient() *http.Client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.DialContext = (&net.Dialer{Timeout: 15 * time.Second, KeepAlive: 30 * time.Second}).DialContext
	t.TLSHandshakeTimeout = 15 * time.Second
	t.ResponseHeaderTimeout = 2 * time.Minute
	t.MaxIdleConnsPerHost = 4
	return &http.Client{Transport: t}
}

// URL is the share folder's address (without credentials).
func (d *DAV) URL() string { return d.base.String() }

// target is the URL of a remote name; dir adds the trailing slash collections are addressed with.
func (d *DAV) target(name string, dir bool) *url.URL {
	u := *d.base
	p, raw := d.base.Path, d.base.EscapedPath()
	if name != "" {
		parts := strings.Split(name, "/")
		for i, seg := range parts {
			p += seg
			raw += url.PathEscape(seg)
			if i < len(parts)-1 {
				p += "/"
				raw += "/"
			}
		}
		if dir {
			p += "/"
			raw += "/"
		}
	}
	u.Path, u.RawPath = p, raw
	return &u
}

// errStalled is a transfer that stopped moving: less than stallBytes went either way for Config.Stall.
var errStalled = data.Problemf("the transfer stopped moving (nothing arrived or left for a while)")

// errNoAnswer is a server that took the request but did not answer within Config.HeaderTimeout.
var errNoAnswer = data.Problemf("the server did not answer in time")

// do sends a request with the credentials; the body, if any, and the answer are guarded against
// stalls. done releases the request once its answer is read.
func (d *DAV) do(ctx context.Context, method string, u *url.URL, body io.Reader, size int64, hdr http.Header) (*http.Response, context.CancelFunc, error) {
	ctx, cancel := context.WithCancelCause(ctx)
	w := newWatchdog(cancel)
	stop := func() { w.stop(); cancel(nil) }
	if body != nil && size > 0 {
		w.arm(d.stall, errStalled)
		body = &stallGuard{r: body, w: w, d: d, upload: true}
	} else {
		w.arm(d.header, errNoAnswer)
	}
	req, err := http.NewRequestWithContext(ctx, method, u.String(), body)
	if err != nil {
		stop()
		return nil, nil, err
	}
	if body != nil {
		req.ContentLength = size
		if size == 0 {
			req.Body = http.NoBody
		}
	}
	for k, v := range hdr {
		req.Header[k] = v
	}
	req.Header.Set("User-Agent", "Partnerdesk")
	if d.user != "" {
		req.SetBasicAuth(d.user, d.pass)
	}
	resp, err := d.http.Do(req)
	if err != nil {
		if c := context.Cause(ctx); errors.Is(c, errStalled) || errors.Is(c, errNoAnswer) {
			err = c
		}
		stop()
		return nil, nil, err
	}
	w.arm(d.stall, errStalled)
	resp.Body = &stallGuard{r: resp.Body, w: w, d: d, closer: resp.Body, ctx: ctx}
	return resp, stop, nil
}

// watchdog cancels a request when its deadline passes; progress pushes the deadline back.
type watchdog struct {
	mu     sync.Mutex
	t      *time.Timer
	cause  error         // what the request is cancelled with
	period time.Duration // the deadline progress pushes back by
	moved  int           // bytes since the deadline was last pushed back
}

func newWatchdog(cancel context.CancelCauseFunc) *watchdog {
	w := &watchdog{}
	w.t = time.AfterFunc(time.Hour, func() {
		w.mu.Lock()
		cause := w.cause
		w.mu.Unlock()
		cancel(cause)
	})
	return w
}

// arm sets a new deadline and what passing it means.
func (w *watchdog) arm(d time.Duration, cause error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.cause, w.period, w.moved = cause, d, 0
	w.t.Reset(d)
}

// progress counts bytes moved; every stallBytes push the deadline back by a period, so a server
// trickling a byte at a time runs into it.
func (w *watchdog) progress(n int) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.moved += n; w.moved >= stallBytes {
		w.moved = 0
		w.t.Reset(w.period)
	}
}

func (w *watchdog) stop() { w.t.Stop() }

// stallGuard reports a body's progress to the request's watchdog.
type stallGuard struct {
	r      io.Reader
	w      *watchdog
	d      *DAV
	upload bool
	closer io.Closer       // set on an answer's body
	ctx    context.Context // the request's, to tell a stall from other ends
}

func (g *stallGuard) Read(p []byte) (int, error) {
	n, err := g.r.Read(p)
	g.w.progress(n)
	switch {
	case err == io.EOF && g.upload:
		// The upload is sent: the server may take its time to store it, up to HeaderTimeout.
		g.w.arm(g.d.header, errNoAnswer)
	case err != nil && err != io.EOF && g.ctx != nil && errors.Is(context.Cause(g.ctx), errStalled):
		err = errStalled
	}
	return n, err
}

func (g *stallGuard) Close() error {
	if g.closer != nil {
		return g.closer.Close()
	}
	return nil
}

// refusal turns a non-success response into a StatusError; it reads at most a little of the body.
func refusal(op, name string, resp *http.Response) error {
	msg := ""
	ct, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	raw, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
	switch {
	case strings.HasSuffix(ct, "xml"):
		// Nextcloud and ownCloud (sabre/dav) say why in <s:message>.
		var e struct {
			Message string `xml:"message"`
		}
		if xml.Unmarshal(raw, &e) == nil {
			msg = e.Message
		}
	case ct == "text/plain":
		msg = string(raw)
	}
	msg = strings.TrimSpace(strings.SplitN(msg, "\n", 2)[0])
	if len(msg) > 200 {
		msg = truncateName(msg[:200])
	}
	if resp.StatusCode/100 == 3 {
		msg = redirectNote(resp)
	}
	se := &StatusError{Op: op, Name: name, Code: resp.StatusCode, Msg: msg}
	if resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable {
		se.RetryAfter = parseRetryAfter(resp.Header.Get("Retry-After"), time.Now())
	}
	return se
}

// redirectNote says where a redirect that was not followed points, without any user part or query.
func redirectNote(resp *http.Response) string {
	loc, err := resp.Request.URL.Parse(resp.Header.Get("Location"))
	if err != nil || resp.Header.Get("Location") == "" {
		return "the server redirected without saying where"
	}
	where := loc.Scheme + "://" + loc.Host + loc.EscapedPath()
	if !sameOrigin(loc, resp.Request.URL) {
		return "the server redirected to " + where + ", another server: not followed, so the password is not sent there; check the share address"
	}
	return "the server redirected to " + where + ": not followed; check the share address"
}

// NetError is a request that got no answer: the network, TLS, a timeout.
type NetError struct {
	Op, Name string
	Err      error
}

// Error says what failed where and why, in a person's words.
func (e *NetError) Error() string {
	what := map[string]string{
		"list": "listing", "stat": "looking up", "get": "downloading", "put": "uploading",
		"delete": "deleting", "mkdir": "creating the folder", "move": "moving",
	}[e.Op]
	return fmt.Sprintf("%s: %s failed: %s", displayName(e.Name), what, describeNetError(e.Err))
}

// Unwrap gives the network's own error.
func (e *NetError) Unwrap() error { return e.Err }

// describeNetError says what went wrong on the way to the server, in a person's words.
func describeNetError(err error) string {
	var unknownCA x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	var invalid x509.CertificateInvalidError
	var recErr tls.RecordHeaderError
	var verify *tls.CertificateVerificationError
	var dnsErr *net.DNSError
	switch {
	case errors.As(err, &unknownCA) || errors.As(err, &verify):
		return "the server's certificate is not trusted (" + innerMessage(err) + "); check the address, or install the certificate authority"
	case errors.As(err, &hostErr):
		return "the server's certificate is for another name (" + hostErr.Error() + ")"
	case errors.As(err, &invalid):
		return "the server's certificate is not valid (" + invalid.Error() + ")"
	case errors.As(err, &recErr):
		return "the server does not speak https on this address"
	case errors.Is(err, errStalled):
		return errStalled.Error()
	case errors.Is(err, errNoAnswer):
		return errNoAnswer.Error()
	case errors.Is(err, context.Canceled):
		return "stopped"
	case errors.Is(err, context.DeadlineExceeded) || isTimeout(err):
		return "the server did not answer in time"
	case errors.As(err, &dnsErr):
		return "no server is known by the name " + dnsErr.Name
	case errors.Is(err, syscall.ECONNREFUSED):
		return "the server refused the connection (is it running, is the address right?)"
	case errors.Is(err, syscall.ECONNRESET) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
		return "the connection was dropped"
	}
	return innerMessage(err)
}

// innerMessage is an error's message without net/http's `Get "https://…":` prefix.
func innerMessage(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err.Error()
	}
	return err.Error()
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// parseETag returns a strong ETag's value, or "" for a weak, missing or malformed one.
func parseETag(s string) string {
	s = strings.TrimSpace(s)
	if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' && !strings.Contains(s[1:len(s)-1], `"`) {
		return s[1 : len(s)-1]
	}
	return ""
}

// parseChecksum finds a SHA-256 in a checksum list like Nextcloud's "SHA1:… MD5:… SHA256:…".
func parseChecksum(s string) string {
	for _, f := range strings.Fields(strings.ReplaceAll(s, ",", " ")) {
		if k, v, ok := strings.Cut(f, ":"); ok && strings.EqualFold(k, "SHA256") && len(v) == 64 {
			return strings.ToLower(v)
		}
	}
	return ""
}

// List implements Remote with one Depth 1 PROPFIND; the share folder's own listing leaves out the
// temporary uploads and probes of putByMove and honorsConditions.
func (d *DAV) List(ctx context.Context, dir string) ([]Entry, error) {
	ms, u, err := d.propfind(ctx, "list", dir, true, "1")
	if err != nil {
		return nil, err
	}
	self := u.Path
	out := make([]Entry, 0, len(ms.Responses))
	sawSelf := false
	for _, r := range ms.Responses {
		name, isSelf, err := d.childName(u, r.href())
		if err != nil {
			return nil, fmt.Errorf("%s: the listing is malformed: %v", displayName(dir), err)
		}
		if isSelf {
			sawSelf = true
			continue
		}
		if dir == "" && (strings.HasPrefix(name, tempPrefix) || strings.HasPrefix(name, probePrefix)) {
			// This client's own, left by a cut upload or a server still writing it. One a day old is
			// nobody's any more: removed, or such files pile up, hidden from every listing.
			if e, ok := ms.describe(&r, name); ok && !e.IsDir && !e.ModTime.IsZero() && time.Since(e.ModTime) > staleUpload {
				_ = d.Delete(ctx, name, "")
			}
			continue
		}
		e, ok := ms.describe(&r, name)
		if !ok {
			// An entry the server could not describe (status 404 inside 207): the listing is partial.
			return nil, fmt.Errorf("%s: the listing is partial (the server could not describe %q)", displayName(dir), name)
		}
		out = append(out, e)
	}
	if !sawSelf && len(ms.Responses) == 0 {
		return nil, fmt.Errorf("%s: the listing is empty, not even the folder itself (%s)", displayName(dir), self)
	}
	return out, nil
}

// Stat implements Remote with one Depth 0 PROPFIND.
func (d *DAV) Stat(ctx context.Context, name string) (Entry, error) {
	ms, _, err := d.propfind(ctx, "stat", name, false, "0")
	if err != nil {
		return Entry{}, err
	}
	if len(ms.Responses) != 1 {
		return Entry{}, fmt.Errorf("%s: the server described %d things instead of one", displayName(name), len(ms.Responses))
	}
	e, ok := ms.describe(&ms.Responses[0], name)
	if !ok {
		return Entry{}, errNotFound("stat", name)
	}
	return e, nil
}

const propfindBody = `<?xml version="1.0" encoding="utf-8"?>
<d:propfind xmlns:d="DAV:" xmlns:oc="http://owncloud.org/ns"><d:prop>
<d:resourcetype/><d:getcontentlength/><d:getetag/><d:getlastmodified/><oc:checksums/>
</d:prop></d:propfind>`

// listingLimit bounds how much of a listing is read: 2,000 entries take about 1 MB.
const listingLimit = 64 << 20

func (d *DAV) propfind(ctx context.Context, op, name string, dir bool, depth string) (*multistatus, *url.URL, error) {
	hdr := http.Header{"Depth": {depth}, "Content-Type": {`application/xml; charset="utf-8"`}}
	resp, done, u, err := d.send(ctx, "PROPFIND", d.target(name, dir), propfindBody, hdr)
	if err != nil {
		return nil, nil, &NetError{Op: op, Name: name, Err: err}
	}
	defer done()
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusMultiStatus {
		if resp.StatusCode/100 == 2 {
			return nil, nil, data.Problemf("%s: the server answered %s instead of a WebDAV listing: is the address a WebDAV folder?", displayName(name), resp.Status)
		}
		return nil, nil, refusal(op, name, resp)
	}
	var ms multistatus
	body := io.LimitReader(resp.Body, listingLimit)
	if err := xml.NewDecoder(body).Decode(&ms); err != nil {
		if isTimeout(err) || errors.Is(err, errStalled) || errors.Is(err, context.Canceled) || errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, nil, &NetError{Op: op, Name: name, Err: err}
		}
		return nil, nil, fmt.Errorf("%s: the listing is not valid WebDAV XML: %v", displayName(name), err)
	}
	if _, err := io.Copy(io.Discard, body); err != nil {
		return nil, nil, &NetError{Op: op, Name: name, Err: err}
	}
	ms.nginx = fromNginx(resp.Header)
	ms.date, _ = http.ParseTime(resp.Header.Get("Date"))
	return &ms, u, nil
}

// childName turns a listing's href into the entry's name inside the listed folder (untrusted: it may
// hold "..", slashes or be absolute, and CheckName refuses those), or says it is the folder itself.
func (d *DAV) childName(folder *url.URL, href string) (string, bool, error) {
	h, err := url.Parse(strings.TrimSpace(href))
	if err != nil {
		return "", false, fmt.Errorf("href %q is not a URL", href)
	}
	if h.Scheme != "" || h.Host != "" {
		if !strings.EqualFold(h.Scheme, folder.Scheme) || !strings.EqualFold(h.Host, folder.Host) {
			return h.String(), false, nil // on another server: CheckName refuses it as absolute
		}
	}
	p := h.Path
	if !strings.HasPrefix(p, "/") {
		p = folder.Path + p
	}
	fp := folder.Path
	if !strings.HasSuffix(fp, "/") {
		fp += "/"
	}
	if p == fp || p+"/" == fp {
		return "", true, nil
	}
	if !strings.HasPrefix(p, fp) {
		return p, false, nil
	}
	return strings.TrimSuffix(p[len(fp):], "/"), false, nil
}

// multistatus is the part of a 207 Multi-Status answer a listing needs.
type multistatus struct {
	Responses []msResponse `xml:"DAV: response"`
	nginx     bool         // the answer came from nginx (its Server header)
	date      time.Time    // the answer's Date
}

// describe is a response's entry. nginx's dav-ext lists no ETag, while nginx gives a download the
// ETag "<mtime>-<size>" in hex (ngx_http_set_etag), seconds only: two writes of one size within a
// second share it. It is rebuilt from the listing for a file last changed two seconds or more
// before the listing (as Apache makes fresh files' ETags weak), so any later write has another.
func (ms *multistatus) describe(r *msResponse, name string) (Entry, bool) {
	e, ok := r.entry(name)
	if ok && ms.nginx && e.ETag == "" && !e.IsDir && e.Size >= 0 && settled(e.ModTime, ms.date) {
		e.ETag = nginxETag(e.ModTime, e.Size)
	}
	return e, ok
}

// settled says whether a file's modification time lies two seconds or more before the server's
// clock, both in whole seconds.
func settled(mtime, now time.Time) bool {
	return !mtime.IsZero() && !now.IsZero() && now.Unix()-mtime.Unix() >= 2
}

func nginxETag(mtime time.Time, size int64) string {
	return strconv.FormatInt(mtime.Unix(), 16) + "-" + strconv.FormatInt(size, 16)
}

func fromNginx(h http.Header) bool {
	return strings.HasPrefix(strings.ToLower(h.Get("Server")), "nginx")
}

// answerETag is the strong ETag an answer carries: for nginx only when the file had settled (see
// describe), so a download and a later listing never share an ETag for different content.
func answerETag(resp *http.Response) string {
	etag := parseETag(resp.Header.Get("ETag"))
	if etag != "" && fromNginx(resp.Header) {
		mtime, _ := http.ParseTime(resp.Header.Get("Last-Modified"))
		now, _ := http.ParseTime(resp.Header.Get("Date"))
		if !settled(mtime, now) {
			return ""
		}
	}
	return etag
}

type msResponse struct {
	Hrefs     []string     `xml:"DAV: href"`
	Status    string       `xml:"DAV: status"`
	Propstats []msPropstat `xml:"DAV: propstat"`
}

type msPropstat struct {
	Prop   msProp `xml:"DAV: prop"`
	Status string `xml:"DAV: status"`
}

type msProp struct {
	ResourceType *struct {
		Collection *struct{} `xml:"DAV: collection"`
	} `xml:"DAV: resourcetype"`
	Length    *string `xml:"DAV: getcontentlength"`
	ETag      *string `xml:"DAV: getetag"`
	Modified  *string `xml:"DAV: getlastmodified"`
	Checksums *struct {
		Checksum []string `xml:"http://owncloud.org/ns checksum"`
	} `xml:"http://owncloud.org/ns checksums"`
}

func (r *msResponse) href() string {
	if len(r.Hrefs) == 0 {
		return ""
	}
	return r.Hrefs[0]
}

// statusOK reads "HTTP/1.1 200 OK"; an absent status counts as success.
func statusOK(s string) bool {
	f := strings.Fields(s)
	return len(f) < 2 || f[1] == "200"
}

// entry merges the response's successful propstats; false when the response itself is an error.
func (r *msResponse) entry(name string) (Entry, bool) {
	if r.Status != "" && !statusOK(r.Status) {
		return Entry{}, false
	}
	e := Entry{Name: name, Size: -1}
	for _, ps := range r.Propstats {
		if !statusOK(ps.Status) {
			continue
		}
		p := ps.Prop
		if p.ResourceType != nil && p.ResourceType.Collection != nil {
			e.IsDir = true
		}
		if p.Length != nil {
			if n, err := strconv.ParseInt(strings.TrimSpace(*p.Length), 10, 64); err == nil && n >= 0 {
				e.Size = n
			}
		}
		if p.ETag != nil {
			e.ETag = parseETag(*p.ETag)
		}
		if p.Modified != nil {
			if t, err := http.ParseTime(strings.TrimSpace(*p.Modified)); err == nil {
				e.ModTime = t
			}
		}
		if p.Checksums != nil {
			for _, c := range p.Checksums.Checksum {
				if s := parseChecksum(c); s != "" {
					e.SHA256 = s
				}
			}
		}
	}
	if e.IsDir {
		e.Size = 0
	}
	return e, true
}

// Get implements Remote; the body is guarded against stalls and must be closed.
func (d *DAV) Get(ctx context.Context, name string) (io.ReadCloser, Entry, error) {
	resp, done, err := d.do(ctx, http.MethodGet, d.target(name, false), nil, 0, http.Header{"Accept-Encoding": {"identity"}})
	if err != nil {
		return nil, Entry{}, &NetError{Op: "get", Name: name, Err: err}
	}
	if resp.StatusCode != http.StatusOK {
		err := refusal("get", name, resp)
		resp.Body.Close()
		done()
		return nil, Entry{}, err
	}
	e := Entry{Name: name, Size: resp.ContentLength, ETag: answerETag(resp)}
	if e.ETag == "" {
		e.ETag = parseETag(resp.Header.Get("OC-ETag"))
	}
	return &doneCloser{ReadCloser: resp.Body, done: done, op: "get", name: name}, e, nil
}

// doneCloser releases a request's guard when its body is closed and names read errors.
type doneCloser struct {
	io.ReadCloser
	done     func()
	once     sync.Once
	op, name string
}

func (c *doneCloser) Read(p []byte) (int, error) {
	n, err := c.ReadCloser.Read(p)
	if err != nil && err != io.EOF {
		err = &NetError{Op: c.op, Name: c.name, Err: err}
	}
	return n, err
}

func (c *doneCloser) Close() error {
	err := c.ReadCloser.Close()
	c.once.Do(c.done)
	return err
}

// Put implements Remote: Content-Length always, If-Match / If-None-Match when asked. On a server
// that ignores those (nginx, rclone serve) the content goes to a temporary name beside the share's
// marker and is then moved into place with MOVE's Overwrite, which every server keeps.
func (d *DAV) Put(ctx context.Context, name string, body io.Reader, size int64, opt PutOptions) (PutResult, error) {
	if !d.honorsConditions(ctx) {
		return d.putByMove(ctx, name, body, size, opt)
	}
	hdr := http.Header{}
	if opt.IfMatch != "" {
		hdr.Set("If-Match", `"`+opt.IfMatch+`"`)
	}
	if opt.IfNoneMatch {
		hdr.Set("If-None-Match", "*")
	}
	return d.put(ctx, name, name, body, size, opt.SHA256, hdr)
}

// put sends one PUT of the content at target; name is the one errors name.
func (d *DAV) put(ctx context.Context, name, target string, body io.Reader, size int64, sha string, hdr http.Header) (PutResult, error) {
	hdr.Set("Content-Type", "application/octet-stream")
	if sha != "" {
		// Nextcloud and ownCloud store this and list it back in oc:checksums.
		hdr.Set("OC-Checksum", "SHA256:"+sha)
		hdr.Set("X-Hash", "sha256")
	}
	resp, done, err := d.do(ctx, http.MethodPut, d.target(target, false), io.LimitReader(body, size), size, hdr)
	if err != nil {
		return PutResult{}, &NetError{Op: "put", Name: name, Err: err}
	}
	defer done()
	defer resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		return PutResult{}, refusal("put", name, resp)
	}
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	res := PutResult{ETag: parseETag(resp.Header.Get("ETag"))}
	if res.ETag == "" {
		res.ETag = parseETag(resp.Header.Get("OC-ETag"))
	}
	res.SHA256 = parseChecksum(resp.Header.Get("OC-Checksum"))
	if h := strings.ToLower(strings.TrimSpace(resp.Header.Get("X-Hash-SHA256"))); len(h) == 64 {
		res.SHA256 = h
	}
	return res, nil
}

// tempPrefix names uploads on their way into place, in the share folder itself: files sync never
// lists it, so a partner never sees half a file.
const tempPrefix = ".partnerdesk-upload-"

// staleUpload is how old a leftover temporary upload must be before a listing removes it.
const staleUpload = 24 * time.Hour

// probePrefix names the empty-handed upload that asks a server whether it honors conditions.
const probePrefix = ".partnerdesk-probe-"

// putByMove uploads to a temporary name and moves it into place: MOVE with Overwrite: F refuses an
// existing file (If-None-Match), and fails into a missing folder where PUT would create it (nginx's
// create_full_put_path). If-Match is checked against the ETag just before the move.
func (d *DAV) putByMove(ctx context.Context, name string, body io.Reader, size int64, opt PutOptions) (PutResult, error) {
	if opt.IfMatch != "" {
		etag, err := d.currentETag(ctx, "put", name)
		if errors.Is(err, ErrNotFound) || (err == nil && etag != opt.IfMatch) {
			return PutResult{}, &StatusError{Op: "put", Name: name, Code: http.StatusPreconditionFailed}
		}
		if err != nil {
			return PutResult{}, err
		}
	}
	tmp := tempPrefix + randomHex()
	res, err := d.put(ctx, name, tmp, body, size, opt.SHA256, http.Header{})
	if err != nil {
		d.dropTemp(tmp)
		return PutResult{}, err
	}
	overwrite := "T"
	if opt.IfNoneMatch {
		overwrite = "F"
	}
	hdr := http.Header{"Destination": {d.target(name, false).String()}, "Overwrite": {overwrite}}
	resp, done, _, err := d.send(ctx, "MOVE", d.target(tmp, false), "", hdr)
	if err != nil {
		d.dropTemp(tmp)
		return PutResult{}, &NetError{Op: "put", Name: name, Err: err}
	}
	defer done()
	defer resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		d.dropTemp(tmp)
		err := refusal("put", name, resp)
		if resp.StatusCode == http.StatusForbidden && d.missing(ctx, parentName(name)) {
			// rclone answers a MOVE into a missing folder with 403.
			return PutResult{}, &StatusError{Op: "put", Name: name, Code: http.StatusConflict}
		}
		return PutResult{}, err
	}
	return res, nil
}

// currentETag is a file's ETag now, for a server that does not check If-Match itself: the listing's,
// or the one a download would carry when the listing has none (nginx gives ETags on GET only).
func (d *DAV) currentETag(ctx context.Context, op, name string) (string, error) {
	e, err := d.Stat(ctx, name)
	if err != nil || e.ETag != "" || e.IsDir {
		return e.ETag, err
	}
	resp, done, _, err := d.send(ctx, http.MethodHead, d.target(name, false), "", nil)
	if err != nil {
		return "", &NetError{Op: op, Name: name, Err: err}
	}
	defer done()
	resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		return "", refusal(op, name, resp)
	}
	return answerETag(resp), nil
}

// missing says whether the server reports a name as not there (false when it cannot tell).
func (d *DAV) missing(ctx context.Context, name string) bool {
	_, err := d.Stat(ctx, name)
	return errors.Is(err, ErrNotFound)
}

// dropTemp deletes a temporary upload that did not reach its place, on its own short deadline so a
// cancelled run still cleans up.
func (d *DAV) dropTemp(tmp string) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	d.simple(ctx, "delete", http.MethodDelete, tmp, false, nil)
}

func randomHex() string {
	var b [8]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// conditionsByShare remembers per share folder whether its server honors If-Match and
// If-None-Match on PUT (true), or ignores them (false: nginx, rclone serve, x/net/webdav).
var conditionsByShare sync.Map // share URL → *conditions

type conditions struct {
	mu      sync.Mutex
	known   bool
	honored bool
}

// honorsConditions asks the server once per share: a PUT of a new name with an If-Match that
// cannot match is refused (412) by a server that honors conditions, and stored by one that does not.
func (d *DAV) honorsConditions(ctx context.Context) bool {
	v, _ := conditionsByShare.LoadOrStore(d.base.String(), &conditions{})
	c := v.(*conditions)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.known {
		return c.honored
	}
	probe := probePrefix + randomHex()
	hdr := http.Header{"If-Match": {`"partnerdesk-probe-never-matches"`}, "Content-Type": {"text/plain"}}
	resp, done, err := d.do(ctx, http.MethodPut, d.target(probe, false), strings.NewReader("probe"), 5, hdr)
	if err != nil {
		return true // unknown: the write that follows fails the same way, and asks again next time
	}
	resp.Body.Close()
	done()
	switch {
	case resp.StatusCode == http.StatusPreconditionFailed:
		c.known, c.honored = true, true
	case resp.StatusCode/100 == 2:
		c.known, c.honored = true, false
		d.dropTemp(probe)
	case resp.StatusCode == http.StatusUnauthorized:
		return true // the write that follows says so
	default:
		// Refused for another reason (no write access to the share folder itself): trust the
		// server's conditions as before.
		c.known, c.honored = true, true
	}
	return c.honored
}

// send is do for a request without an upload: when the server redirects a folder's slash-less URL
// to the one with the slash (Apache, lighttpd), the request is repeated there with its method, and
// a Destination gets the slash too. The URL is where the answer came from.
func (d *DAV) send(ctx context.Context, method string, u *url.URL, body string, hdr http.Header) (*http.Response, context.CancelFunc, *url.URL, error) {
	for i := 0; ; i++ {
		var r io.Reader
		if body != "" {
			r = strings.NewReader(body)
		}
		resp, done, err := d.do(ctx, method, u, r, int64(len(body)), hdr)
		if err != nil {
			return nil, nil, u, err
		}
		to := slashRedirect(u, resp)
		if to == nil || i > 0 {
			return resp, done, u, nil
		}
		resp.Body.Close()
		done()
		u = to
		if dest := hdr.Get("Destination"); dest != "" && !strings.HasSuffix(dest, "/") {
			hdr = hdr.Clone()
			hdr.Set("Destination", dest+"/")
		}
	}
}

// slashRedirect is the slash-terminated URL a redirect points to, when it points to u with a "/"
// added; nil for an answer that is no such redirect.
func slashRedirect(u *url.URL, resp *http.Response) *url.URL {
	switch resp.StatusCode {
	case http.StatusMovedPermanently, http.StatusFound, http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
	default:
		return nil
	}
	loc, err := u.Parse(resp.Header.Get("Location"))
	if err != nil || !sameOrigin(loc, u) || loc.Path != u.Path+"/" {
		return nil
	}
	to := *u
	to.Path, to.RawPath = u.Path+"/", ""
	if u.RawPath != "" {
		to.RawPath = u.RawPath + "/"
	}
	return &to
}

// simple sends a request without a body and turns anything but 2xx into an error.
func (d *DAV) simple(ctx context.Context, op, method, name string, dir bool, hdr http.Header) error {
	resp, done, _, err := d.send(ctx, method, d.target(name, dir), "", hdr)
	if err != nil {
		return &NetError{Op: op, Name: name, Err: err}
	}
	defer done()
	defer resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		return refusal(op, name, resp)
	}
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	return nil
}

// folderRefusal says whether a refusal may be a server's way to say a folder needs its slash
// (nginx answers DELETE with 409 and MOVE with 400 or 409).
func folderRefusal(err error) bool {
	var se *StatusError
	return errors.As(err, &se) && (se.Code == http.StatusConflict || se.Code == http.StatusBadRequest)
}

// Delete implements Remote.
func (d *DAV) Delete(ctx context.Context, name string, ifMatch string) error {
	hdr := http.Header{}
	if ifMatch != "" {
		if !d.honorsConditions(ctx) {
			etag, err := d.currentETag(ctx, "delete", name)
			if err != nil {
				return err
			}
			if etag != ifMatch {
				return &StatusError{Op: "delete", Name: name, Code: http.StatusPreconditionFailed}
			}
		}
		hdr.Set("If-Match", `"`+ifMatch+`"`)
	}
	err := d.simple(ctx, "delete", http.MethodDelete, name, false, hdr)
	if name != "" && folderRefusal(err) {
		if e, serr := d.Stat(ctx, name); serr == nil && e.IsDir {
			return d.simple(ctx, "delete", http.MethodDelete, name, true, hdr)
		}
	}
	return err
}

// Mkdir implements Remote with MKCOL on the folder's slash-terminated URL (nginx refuses it
// without, Apache redirects it).
func (d *DAV) Mkdir(ctx context.Context, name string) error {
	return d.simple(ctx, "mkdir", "MKCOL", name, true, nil)
}

// Move implements Remote with MOVE and Overwrite: F; a folder moves by its slash-terminated URLs.
func (d *DAV) Move(ctx context.Context, from, to string) error {
	hdr := http.Header{"Destination": {d.target(to, false).String()}, "Overwrite": {"F"}}
	err := d.simple(ctx, "move", "MOVE", from, false, hdr)
	if folderRefusal(err) {
		if e, serr := d.Stat(ctx, from); serr == nil && e.IsDir {
			hdr.Set("Destination", d.target(to, true).String())
			return d.simple(ctx, "move", "MOVE", from, true, hdr)
		}
	}
	var se *StatusError
	if errors.As(err, &se) && se.Code == http.StatusForbidden {
		// rclone answers a MOVE from a missing name or into a missing folder with 403.
		if d.missing(ctx, from) {
			return &StatusError{Op: "move", Name: from, Code: http.StatusNotFound}
		}
		if d.missing(ctx, parentName(to)) {
			return &StatusError{Op: "move", Name: from, Code: http.StatusConflict}
		}
	}
	return err
}
